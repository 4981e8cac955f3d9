"""Which language a message is in: English or Spanish, the two the assistant answers in.

Safety-critical: the safety net uses it to give its lines in Spanish
(tests/unit/test_language.py, tests/unit/test_safety.py).

Two steps, chosen by measurement (README, "Spanish"; tests/language_eval/):
1. A word-list score: Spanish function words and words a resident in danger uses
   ("ayuda", "hijo", "respira") against English ones. It decides most messages,
   including Spanglish ("necesito el non-emergency number"), where a statistical
   detector follows the English nouns.
2. On a tie (no telling word: "perfecto", "buenas", "disculpe"), lingua, a
   well-kept offline detector built for short text, restricted to English and
   Spanish, decides when it is confident enough.
Accents are optional (residents often type without them). Names of the page's
services ("LG&E", "MetroSafe", "Smart911") count for neither side. A message that
tells nothing ("ok", "911", "LENS") is undecided: the conversation keeps its language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

ENGLISH = "en"
SPANISH = "es"
# The message field where the NLU pipeline leaves a decided language (pipeline/safety_net.py);
# policies/safety_lines.py sets the `language` slot from it.
LANGUAGE_KEY = "language"

_SPANISH_WORDS = frozenset(
    """
    el la los las lo le les un una unos unas y o pero que porque como cuando donde quien
    es esta estan estoy son soy fue era hay tiene tengo tienen puedo puede quiero quiere
    necesito necesita mi mis tu su sus nuestro yo usted ustedes ella ellos nosotros nos
    se te del al con sin para por muy mas ya ahora aqui alli hoy ayer anoche manana
    si bueno gracias hola adios chau chao ayuda ayudame ayudenme auxilio socorro policia numero
    telefono llamar llame llamo llamada emergencia casa hijo hija hijos nino nina ninos
    esposo esposa mama papa hermano hermana vecino vecina novio novia amigo amiga
    respira respirar sangre sangrando herido herida muerto morir matar vivir vida
    quiere pega golpea siguiendo entrando arma pistola cuchillo fuego incendio humo
    despierta desmayo favor rapido urgente algo alguien nadie nada todo todos
    tambien cual cuales porque hace hacer dice dijo tengo miedo solo sola
""".split()
)

_ENGLISH_WORDS = frozenset(
    """
    the an and or but that because how when where who what which is are am was were
    be been has have had do does did can could will would should my your his her their
    our i you he she we they us him them it this there here now today yesterday
    not yes hello hi thanks thank please help call number phone police someone
    somebody house home kid kids son daughter husband wife mom dad brother sister
    neighbor friend breathing bleeding hurt dead die kill live life want need know
    with without for from of to in on at by about just right still going gonna wanna
""".split()
)

_SPANISH_LETTERS = re.compile("[ñ¿¡áéíóúü]", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
# Tokens that are names, codes or numbers, not words of either language.
_NAME_LIKE = re.compile(
    r"\S*[\d&@/]\S*|\b(?:lens|metrosafe|rapidsos|smart911|lg&e|ems|dea|atf|fbi)\b", re.IGNORECASE
)
# Said the same way in both languages: they never switch a conversation's language.
_NEUTRAL = re.compile(r"\b(?:ok|okay|oki|k|no|lol|jk|xd|ja(?:ja)+|ha(?:ha)+|911)\b", re.IGNORECASE)
# How sure lingua must be when the word lists tie (tests/language_eval/dev.yml:
# 0.7 decided every dev message it could without a wrong answer).
DETECTOR_CONFIDENCE = 0.7


def fold(text: str) -> str:
    """Lower case without accents: "Está" -> "esta", "niño" -> "nino"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def word_score(text: str) -> int:
    """Spanish words minus English words; a letter only Spanish uses counts as one."""
    words = _WORD.findall(fold(text))
    spanish = sum(word in _SPANISH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    spanish += 1 if _SPANISH_LETTERS.search(text) else 0
    return spanish - english


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    # Imported and built on first use: it loads two language models (about 100 MB).
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def warm_up() -> None:
    """Load the detector now (about 2 s), so the first resident does not wait for it."""
    _detector_language("buenas tardes")


def _detector_language(text: str) -> Optional[str]:
    from lingua import Language

    words = _NEUTRAL.sub(" ", _NAME_LIKE.sub(" ", text))
    if not _WORD.search(fold(words)):
        return None
    spanish = _detector().compute_language_confidence(words, Language.SPANISH)
    if spanish >= DETECTOR_CONFIDENCE:
        return SPANISH
    if 1.0 - spanish >= DETECTOR_CONFIDENCE:
        return ENGLISH
    return None


def language_of(text: str) -> Optional[str]:
    """SPANISH or ENGLISH when the message tells, None when it does not ("ok", "911")."""
    text = text or ""
    score = word_score(text)
    if score:
        return SPANISH if score > 0 else ENGLISH
    return _detector_language(text)


def detect_language(text: str, default: str = ENGLISH) -> str:
    """The message's language, or `default` (English unless the conversation says) when it does not tell."""
    return language_of(text) or default
