"""Every sentence a resident reads has its Spanish version beside the English one.

domain.yml: each response (`responses`, `channel_responses`) has, for each English
variation, one variation conditioned on the `language` slot being "es" (issue 13), with
the same phone numbers (assistant/phone_text.py's finder), the same button payloads and
the same widget labels. Rasa 3.6 must then give each language only its own variations:
checked with Rasa's own variation filter on the domain Rasa loads.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Tuple

import pytest
import yaml

from assistant.domain_text import DOMAIN_PATH, variations_for
from assistant.language import language_of
from assistant.phone_text import find_numbers

DOMAIN = yaml.safe_load(DOMAIN_PATH.read_text(encoding="utf-8"))
RESPONSES: Dict[str, List[Dict[str, Any]]] = {**DOMAIN["responses"], **DOMAIN["channel_responses"]}
ES = {"type": "slot", "name": "language", "value": "es"}
# The slot values each response is chosen under: every language, with and without a
# failed lookup (utter_non_emergency's other condition).
SLOT_CASES = [
    {"language": lang, "directory_unavailable": failed} for lang in ("en", "es") for failed in (None, True)
]


def _is_spanish(variation: Mapping[str, Any]) -> bool:
    return ES in (variation.get("condition") or [])


def _other_conditions(variation: Mapping[str, Any]) -> Tuple[Tuple[str, str], ...]:
    """Its conditions apart from the language (and from a slot required unset, which
    only keeps a Spanish variation apart from another Spanish one): what pairs an
    English variation with its Spanish one."""
    return tuple(
        sorted(
            (c["name"], repr(c["value"]))
            for c in variation.get("condition") or []
            if c["name"] != "language" and c["value"] is not None
        )
    )


def pairs(name: str) -> List[Tuple[Dict[str, Any], Dict[str, Any]]]:
    """(English, Spanish) variations of a response; AssertionError when one lacks its pair."""
    variations = RESPONSES[name]
    spanish = [v for v in variations if _is_spanish(v)]
    english = [v for v in variations if not _is_spanish(v)]
    assert english, f"{name}: no English variation"
    found = []
    for en in english:
        matching = [es for es in spanish if _other_conditions(es) == _other_conditions(en)]
        assert len(matching) == 1, (
            f"{name}: {len(matching)} Spanish variations for the English one {en.get('text', '')[:60]!r}"
            " (add one: `- condition: [{type: slot, name: language, value: es}]` beside it)"
        )
        found.append((en, matching[0]))
    assert len(spanish) == len(english), f"{name}: a Spanish variation with no English one"
    return found


def _texts(variation: Mapping[str, Any]) -> List[str]:
    if "text" in variation:
        return [variation["text"]]
    return [str(v) for v in (variation.get("custom") or {}).values()]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_its_spanish_variation(name):
    assert pairs(name)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_the_spanish_text_names_the_same_numbers(name):
    for en, es in pairs(name):
        assert set(find_numbers(" ".join(_texts(es)))) == set(find_numbers(" ".join(_texts(en)))), name


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_the_spanish_buttons_send_the_same_payloads(name):
    for en, es in pairs(name):
        assert [b["payload"] for b in es.get("buttons") or []] == [
            b["payload"] for b in en.get("buttons") or []
        ], name
        assert all(b.get("title") for b in es.get("buttons") or []), name
        assert sorted(es.get("custom") or {}) == sorted(en.get("custom") or {}), name


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_the_spanish_text_is_spanish(name):
    for _, es in pairs(name):
        # a lone label ("Sí", "Enviar") tells no language: the texts do; a text that is
        # only {variables} ("{entries_es}") is the directory's words (test_replies.py)
        if "text" in es and re.sub(r"\{\w+\}|\W", "", es["text"]):
            assert language_of(es["text"]) == "es", es["text"]


def test_rasa_gives_each_language_only_its_own_variations():
    """With Rasa's own filter on the domain Rasa loads: a variation without a condition
    is only a fallback, but two matching conditioned ones are picked at random."""
    from rasa.core.nlg.generator import ResponseVariationFilter
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(DOMAIN_PATH))
    rasa_filter = ResponseVariationFilter(domain.responses)
    assert set(domain.responses) == set(DOMAIN["responses"])
    for name in domain.responses:
        for slots in SLOT_CASES:
            chosen = rasa_filter.responses_for_utter_action(name, "rest", slots)
            assert chosen, (name, slots)
            assert all(_is_spanish(v) == (slots["language"] == "es") for v in chosen), (name, slots)
            # our own reader (the channels, the widget) agrees with Rasa's
            ours = variations_for(name, slots)
            assert [v.get("text") for v in ours] == [v.get("text") for v in chosen], (name, slots)


def test_a_failed_lookup_gets_its_own_reply_in_each_language():
    from rasa.core.nlg.generator import ResponseVariationFilter
    from rasa.shared.core.domain import Domain

    rasa_filter = ResponseVariationFilter(Domain.load(str(DOMAIN_PATH)).responses)
    texts = {}
    for slots in SLOT_CASES:
        chosen = rasa_filter.responses_for_utter_action("utter_non_emergency", "rest", slots)
        assert len(chosen) == 1, slots
        texts[(slots["language"], slots["directory_unavailable"])] = chosen[0]["text"]
    assert len(set(texts.values())) == 4
    assert "directory" in texts[("en", True)] and "directorio" in texts[("es", True)]


def test_the_check_fails_on_a_missing_or_wrong_spanish_variation(monkeypatch):
    """The tests above can fail: a response with no Spanish, another number, a payload."""
    english = {"text": "Call or text (502) 267-0503.", "buttons": [{"title": "A", "payload": "/a"}]}
    spanish = {
        "condition": [ES],
        "text": "Llame o envíe un texto al (502) 267-0503.",
        "buttons": [{"title": "A", "payload": "/a"}],
    }
    monkeypatch.setitem(RESPONSES, "utter_x", [english])
    with pytest.raises(AssertionError):
        pairs("utter_x")
    monkeypatch.setitem(RESPONSES, "utter_x", [english, dict(spanish, text="Llame al (502) 574-7111.")])
    with pytest.raises(AssertionError):
        test_the_spanish_text_names_the_same_numbers("utter_x")
    monkeypatch.setitem(
        RESPONSES, "utter_x", [english, dict(spanish, buttons=[{"title": "A", "payload": "/b"}])]
    )
    with pytest.raises(AssertionError):
        test_the_spanish_buttons_send_the_same_payloads("utter_x")
    monkeypatch.setitem(RESPONSES, "utter_x", [english, spanish])
    test_the_spanish_text_names_the_same_numbers("utter_x")
    test_the_spanish_buttons_send_the_same_payloads("utter_x")


# --- The directory's words in Spanish replies (lookups and category lists) ------------


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_the_spanish_variation_uses_the_spanish_variables(name):
    """{entries} in English, {entries_es} in Spanish (assistant/replies.py fills both);
    a number such as {more} is the same in both."""
    from assistant.domain_text import variables

    for en, es in pairs(name):
        expected = sorted(
            v + "_es" if v in ("entries", "title", "titles") else v for v in variables(en.get("text") or "")
        )
        assert sorted(variables(es.get("text") or "")) == expected, name


def test_every_shown_directory_word_has_its_spanish(directory):
    for category in directory.categories:
        assert category.title_es and category.button_es, category.key
    for entry in directory.entries:
        for number in entry.numbers:
            if number.label != "Phone":  # an only "Phone" is not shown
                assert number.label_es, (entry.id, number.label)


def test_spanish_lookup_and_category_replies_keep_the_names_and_numbers(directory):
    from assistant.matching import Answer, LookupResult
    from assistant.replies import category_reply, lookup_reply

    lge = directory.get("lge")
    reply = lookup_reply(LookupResult(answers=(Answer(lge, lge.numbers),)), directory)
    assert reply.variables["entries_es"].startswith("LG&E (luz y gas):")
    assert "Problemas de luz: (502) 589-3500" in reply.variables["entries_es"]
    assert "Electric trouble: (502) 589-3500" in reply.variables["entries"]
    for key in [c.key for c in directory.categories]:
        reply = category_reply(key, directory, "es")
        assert find_numbers(reply.variables["entries_es"]) == find_numbers(reply.variables["entries"])
        assert reply.variables["title_es"] == directory.category(key).title_es
    asked = category_reply(None, directory, "es")
    assert [b["payload"] for b in asked.buttons] == [
        b["payload"] for b in category_reply(None, directory).buttons
    ]
    assert [b["title"] for b in asked.buttons][0] == "Policía"
    assert "departamentos de policía" in asked.variables["titles_es"]
