"""assistant.language: English or Spanish, on short and unaccented messages too."""
import pytest

from assistant.language import detect_language, fold


@pytest.mark.parametrize("text", [
    "me quiero morir", "ayúdenme por favor", "mi papa no respira", "alguien esta entrando a mi casa",
    "no es una emergencia, cual es el numero", "¿dónde llamo?", "mi esposo me pega",
    "hay un incendio en la casa de mi vecina", "necesito el numero de LG&E por favor",
])
def test_spanish(text):
    assert detect_language(text) == "es"


@pytest.mark.parametrize("text", [
    "someone is breaking in", "what is the number for LG&E", "my dad isn't breathing",
    "I want to die", "hello", "", "911", "MetroSafe transfer?",
])
def test_english_and_the_default(text):
    assert detect_language(text) == "en"


def test_fold_drops_accents_and_case():
    assert fold("Está NIÑO ¿Dónde?") == "esta nino ¿donde?"
