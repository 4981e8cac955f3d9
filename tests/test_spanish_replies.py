"""A Spanish conversation is answered in Spanish, an English one never is (issue 13).

Through the real action server and Rasa server (REST channel, the trained model):
Spanish questions of every intent (the first training examples of data/nlu_es.yml, and
questions written here for the intents it has none of: the safety concerns, the
follow-ups and sub-questions), each in a new conversation, get replies in Spanish
(assistant.language.language_of) from the Spanish variations (`jtpd_lang` the channel
adds); the English training examples of every intent, in one long conversation, never
get a Spanish reply.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from assistant.language import language_of
from tests.conftest import Conversation

ROOT = Path(__file__).resolve().parents[1]
PER_INTENT = 2
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")

# Written for this test (never training data, not from any held-out set).
WRITTEN = {
    "report_emergency": ["hay un incendio en la casa de al lado ahora mismo"],
    "crisis_support": ["ya no quiero vivir, estoy pensando en matarme"],
    "sexual_assault": ["un hombre abusó sexualmente de mí esta noche"],
    "abuse_report": ["creo que el vecino maltrata a sus hijos, ¿a quién le aviso?"],
}
# Follow-ups after a topic, in Spanish: the topic's own answer, in Spanish.
THREADS = [
    ["¿qué es Smart911?", "¿y cómo me inscribo?"],
    ["¿qué son las alertas LENS?", "¿quién las manda?"],
    ["¿qué hago si marco el 911 por error?", "¿y por qué no debo colgar?"],
]


def _examples(*files: str) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for name in files:
        for block in yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))["nlu"]:
            if "intent" not in block:
                continue
            lines = [
                ANNOTATION.sub(r"\1", line[2:].strip())
                for line in block["examples"].splitlines()
                if line.startswith("- ")
            ]
            found.setdefault(block["intent"], []).extend(lines)
    return found


def spanish_questions() -> List[tuple]:
    examples = _examples("nlu_es.yml")
    for intent, texts in WRITTEN.items():
        assert intent not in examples or not examples[intent], f"{intent} has Spanish examples now"
        examples[intent] = texts
    intents = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    # every intent but non_english (now only for other languages) has Spanish questions
    assert set(intents) - set(examples) == {"non_english"}
    return [(intent, text) for intent in sorted(examples) for text in examples[intent][:PER_INTENT]]


def _spanish_turn(replies: List[dict]) -> List[str]:
    """What is wrong with a turn's replies for a Spanish conversation."""
    problems = []
    if not replies:
        problems.append("no reply")
    for reply in replies:
        text = reply.get("text") or ""
        if reply.get("jtpd_lang") != "es":
            problems.append(f"not a Spanish variation: {text!r}")
        if language_of(text) == "en":
            problems.append(f"English: {text!r}")
    if replies and not any(language_of(r.get("text") or "") == "es" for r in replies):
        problems.append(f"no reply reads as Spanish: {[r.get('text') for r in replies]}")
    return problems


@pytest.mark.parametrize("intent, text", spanish_questions())
def test_a_spanish_question_of_every_intent_gets_a_spanish_reply(assistant, intent, text):
    conversation = Conversation(assistant, f"es-{intent}-{abs(hash(text))}")
    problems = _spanish_turn(conversation.say(text))
    assert not problems, (text, problems)


@pytest.mark.parametrize("turns", THREADS, ids=[t[0] for t in THREADS])
def test_spanish_follow_ups_stay_in_spanish(assistant, turns):
    conversation = Conversation(assistant, f"es-thread-{abs(hash(turns[0]))}")
    for text in turns:
        problems = _spanish_turn(conversation.say(text))
        assert not problems, (text, problems)


def test_an_english_conversation_never_gets_spanish(assistant):
    examples = _examples("nlu.yml", "nlu_safety.yml")
    conversation = Conversation(assistant, "en-every-intent")
    seen = []
    for intent in sorted(examples):
        if intent == "non_english":  # other languages, not English
            continue
        for text in examples[intent][:PER_INTENT]:
            if language_of(text) == "es":
                continue  # a Spanish example left in the English files would switch
            for reply in conversation.say(text):
                body = reply.get("text") or ""
                seen.append(body)
                assert reply.get("jtpd_lang") == "en", (text, body)
                assert language_of(body) != "es", (text, body)
    assert len(seen) >= 60, len(seen)
