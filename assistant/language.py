"""Which language a message is in: English or Spanish, the two the assistant answers in.

Safety-critical: the safety net uses it to give its lines in Spanish
(tests/unit/test_language.py, tests/unit/test_safety.py).

A small word-list score, enough for the safety replies: Spanish function words and
words a resident in danger uses ("ayuda", "hijo", "respira") against English ones.
Accents are optional (residents often type without them) and a name such as
"LG&E" or "MetroSafe" counts for neither side.
"""
from __future__ import annotations

import re
import unicodedata

ENGLISH = "en"
SPANISH = "es"

_SPANISH_WORDS = frozenset("""
    el la los las lo le les un una unos unas y o pero que porque como cuando donde quien
    es esta estan estoy son soy fue era hay tiene tengo tienen puedo puede quiero quiere
    necesito necesita mi mis tu su sus nuestro yo usted ustedes ella ellos nosotros nos
    se te del al con sin para por muy mas ya ahora aqui alli hoy ayer anoche manana
    si bueno gracias hola adios ayuda ayudame ayudenme auxilio socorro policia numero
    telefono llamar llame llamo llamada emergencia casa hijo hija hijos nino nina ninos
    esposo esposa mama papa hermano hermana vecino vecina novio novia amigo amiga
    respira respirar sangre sangrando herido herida muerto morir matar vivir vida
    quiere pega golpea siguiendo entrando arma pistola cuchillo fuego incendio humo
    despierta desmayo favor rapido urgente algo alguien nadie nada todo todos
    tambien cual cuales porque hace hacer dice dijo tengo miedo solo sola
""".split())

_ENGLISH_WORDS = frozenset("""
    the an and or but that because how when where who what which is are am was were
    be been has have had do does did can could will would should my your his her their
    our i you he she we they us him them it this there here now today yesterday
    not yes hello hi thanks thank please help call number phone police someone
    somebody house home kid kids son daughter husband wife mom dad brother sister
    neighbor friend breathing bleeding hurt dead die kill live life want need know
    with without for from of to in on at by about just right still going gonna wanna
""".split())

_SPANISH_LETTERS = re.compile("[ñ¿¡áéíóúü]", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    """Lower case without accents: "Está" -> "esta", "niño" -> "nino"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def detect_language(text: str) -> str:
    """SPANISH when the message reads as Spanish, else ENGLISH (the default)."""
    text = text or ""
    words = _WORD.findall(fold(text))
    spanish = sum(word in _SPANISH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    # A letter only Spanish uses (ñ, ¿, ¡, an accent) counts as one more Spanish word.
    spanish += 1 if _SPANISH_LETTERS.search(text) else 0
    return SPANISH if spanish > english else ENGLISH
