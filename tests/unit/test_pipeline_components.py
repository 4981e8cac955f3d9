"""The two custom Rasa NLU components, run on Message objects without a model."""

from typing import List, Optional

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.matching import MATCH_KEY, lookup
from pipeline.directory_entities import DirectoryEntityExtractor
from pipeline.safety_net import SafetyNetClassifier


def _create(cls, config=None):
    settings = {**cls.get_default_config(), **(config or {})}
    return cls.create(settings, None, None, None)


@pytest.fixture(scope="module")
def safety_net():
    return _create(SafetyNetClassifier)


@pytest.fixture(scope="module")
def extractor():
    return _create(DirectoryEntityExtractor)


def _message(
    text: str,
    intent: Optional[str] = None,
    confidence: float = 0.0,
    ranking: Optional[List[tuple]] = None,
    entities=None,
) -> Message:
    data = {"text": text}
    if intent is not None:
        data["intent"] = {"name": intent, "confidence": confidence}
        data["intent_ranking"] = [
            {"name": n, "confidence": c} for n, c in (ranking or [(intent, confidence)])
        ]
    if entities is not None:
        data["entities"] = entities
    return Message(data=data)


def _run(component, message: Message) -> Message:
    out = component.process([message])
    assert out == [message]
    return message


def _agencies(message):
    return [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "agency"]


def _categories(message):
    return [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "category"]


# --- SafetyNetClassifier -------------------------------------------------------------


@pytest.mark.parametrize(
    "intent, confidence",
    [
        ("greet", 0.99),
        ("ask_phone_number", 0.95),
        ("nlu_fallback", 0.2),
        ("out_of_scope", 0.7),
        ("situation_non_emergency", 0.9),
    ],
)
def test_emergency_overrides_any_intent(safety_net, intent, confidence):
    message = _run(
        safety_net,
        _message(
            "someone is breaking in",
            intent,
            confidence,
            ranking=[(intent, confidence), ("report_emergency", 0.01), ("thank", 0.005)],
        ),
    )
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0] == {"name": "report_emergency", "confidence": 1.0}
    names = [r["name"] for r in ranking]
    assert names.count("report_emergency") == 1
    assert intent in names and "thank" in names
    assert {INTENT, INTENT_RANKING_KEY} <= message.output_properties


@pytest.mark.parametrize(
    "text, concern",
    [
        ("my dad isn't breathing", "report_emergency"),
        ("I want to kill myself", "crisis_support"),
        ("I was raped", "sexual_assault"),
        ("my husband beats me", "abuse_report"),
        ("alguien está entrando a mi casa", "report_emergency"),
    ],
)
def test_each_concern_sets_its_intent(safety_net, text, concern):
    message = _run(safety_net, _message(text, "greet", 0.9))
    assert message.get(INTENT) == {"name": concern, "confidence": 1.0}


def test_emergency_without_any_classifier_output(safety_net):
    message = _run(safety_net, _message("there's a man with a gun outside"))
    assert message.get(INTENT)["name"] == "report_emergency"
    assert message.get(INTENT_RANKING_KEY) == [{"name": "report_emergency", "confidence": 1.0}]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "!!!", "🚨"])
def test_blank_text_is_nlu_fallback(safety_net, text):
    message = _run(safety_net, _message(text, "greet", 0.8))
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "nlu_fallback"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("what is smart911", "smart911"),
        ("when should I call 911", "when_to_call_911"),
        ("I heard gunshots last night", "situation_non_emergency"),
        ("help", "nlu_fallback"),
    ],
)
def test_other_messages_are_left_alone(safety_net, text, intent):
    message = _run(safety_net, _message(text, intent, 0.6, ranking=[(intent, 0.6), ("greet", 0.1)]))
    assert message.get(INTENT) == {"name": intent, "confidence": 0.6}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == [intent, "greet"]
    assert INTENT not in message.output_properties


def test_safety_net_processes_a_batch(safety_net):
    messages = [
        _message("hello", "greet", 0.9),
        _message("someone is breaking in", "greet", 0.9),
        _message("", "greet", 0.9),
    ]
    safety_net.process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == ["greet", "report_emergency", "nlu_fallback"]


def test_certain_concern_carries_its_second_concern_as_a_line_after(safety_net):
    message = _run(
        safety_net, _message("my son took a whole bottle of pills and won't wake up", "greet", 0.9)
    )
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    assert message.get("safety") == {"first": [], "after": ["crisis"]}
    assert message.get("language") == "en" and "language" in message.output_properties
    assert "safety" in message.output_properties


def test_possible_concern_keeps_the_question_and_puts_its_line_first(safety_net):
    message = _run(
        safety_net,
        _message(
            "i smell gas, what's LG&E's number",
            "ask_phone_number",
            0.9,
            ranking=[("ask_phone_number", 0.9), ("greet", 0.1)],
        ),
    )
    assert message.get(INTENT) == {"name": "ask_phone_number", "confidence": 0.9}
    assert message.get("safety")["first"] == ["emergency"]


def test_classifier_emergency_about_the_past_is_replaced_by_the_answer(safety_net):
    message = _run(
        safety_net,
        _message(
            "my car was broken into last night",
            "report_emergency",
            0.8,
            ranking=[("report_emergency", 0.8), ("situation_non_emergency", 0.6)],
        ),
    )
    assert message.get(INTENT)["name"] == "situation_non_emergency"
    assert message.get("safety") == {"first": [], "after": []}


def test_spanish_safety_message_is_planned_in_spanish(safety_net):
    message = _run(safety_net, _message("me quiero morir", "non_english", 0.9))
    assert message.get(INTENT)["name"] == "crisis_support"
    assert message.get("language") == "es"


@pytest.mark.parametrize(
    "text, language",
    [("cual es el numero de LG&E", "es"), ("what is LENS", "en"), ("perfecto gracias", "es")],
)
def test_every_message_that_tells_its_language_carries_it(safety_net, text, language):
    message = _run(safety_net, _message(text, "greet", 0.9))
    assert message.get("safety") is None
    assert message.get("language") == language


@pytest.mark.parametrize("text", ["ok", "911", "LG&E", "Smart911"])
def test_a_message_that_tells_no_language_carries_none(safety_net, text):
    # The policy then leaves the `language` slot: the conversation keeps its language.
    message = _run(safety_net, _message(text, "greet", 0.9))
    assert message.get("language") is None


def test_safety_net_leaves_training_data_alone(safety_net):
    data = TrainingData()
    assert safety_net.process_training_data(data) is data


# --- DirectoryEntityExtractor --------------------------------------------------------


def test_extractor_default_config():
    assert DirectoryEntityExtractor.get_default_config() == {"override_below_confidence": 0.5}


def test_agency_entity_is_added(extractor):
    text = "what's the number for poison control"
    message = _run(extractor, _message(text, "ask_phone_number", 0.9))
    assert _agencies(message) == ["poison-control"]
    entity = next(e for e in message.get(ENTITIES) if e["entity"] == "agency")
    assert entity["extractor"] == "DirectoryEntityExtractor"
    assert (entity["start"], entity["end"]) == (0, len(text))
    assert ENTITIES in message.output_properties


def test_several_agencies_in_order(extractor):
    message = _run(extractor, _message("fbi and dea numbers", "ask_phone_number", 0.9))
    assert _agencies(message) == ["fbi", "dea"]


def test_misspelled_agency(extractor):
    message = _run(extractor, _message("animul controll", "nlu_fallback", 0.3))
    assert _agencies(message) == ["animal-control"]


def test_category_entity_is_added(extractor):
    message = _run(extractor, _message("list the federal agencies", "list_category", 0.9))
    assert _categories(message) == ["federal"]
    assert _agencies(message) == []


@pytest.mark.parametrize(
    "intent, confidence",
    [
        ("nlu_fallback", 0.9),
        ("out_of_scope", 0.95),
        ("greet", 0.3),
        ("thank", 0.49),
        ("greet", 0.0),
    ],
)
def test_agency_overrides_an_unsure_intent(extractor, intent, confidence):
    message = _run(
        extractor,
        _message(
            "poision control",
            intent,
            confidence,
            ranking=[(intent, confidence), ("ask_phone_number", 0.1), ("goodbye", 0.05)],
        ),
    )
    assert message.get(INTENT) == {"name": "ask_phone_number", "confidence": 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0] == {"name": "ask_phone_number", "confidence": 1.0}
    names = [r["name"] for r in ranking]
    assert names.count("ask_phone_number") == 1 and intent in names and "goodbye" in names
    assert INTENT in message.output_properties


def test_agency_overrides_a_missing_intent(extractor):
    message = _run(extractor, _message("ksp"))
    assert message.get(INTENT)["name"] == "ask_phone_number"


@pytest.mark.parametrize(
    "text, intent, confidence",
    [
        ("what's the non-emergency number for jtpd", "ask_non_emergency", 0.9),
        ("how do I text the jtpd dispatcher", "how_to_text", 0.5),
        ("list the police departments", "list_category", 0.8),
        ("fbi number", "ask_phone_number", 0.8),
    ],
)
def test_agency_keeps_a_confident_intent(extractor, text, intent, confidence):
    message = _run(extractor, _message(text, intent, confidence))
    assert _agencies(message) or _categories(message)
    assert message.get(INTENT) == {"name": intent, "confidence": confidence}
    assert INTENT not in message.output_properties


@pytest.mark.parametrize(
    "text, intent",
    [
        # A category list that names no category: the entry the words name.
        ("fbi", "list_category"),
        ("crises line", "list_category"),
        ("drug enforcement", "list_category"),
        # A FAQ guess for a message that names an entry or describes a need.
        ("who do i call about a raccoon in my attic", "ask_non_emergency"),
        ("do i need the secret service for a fake bill", "how_to_text"),
    ],
)
def test_an_entry_or_need_overrides_a_confident_faq_or_category_guess(extractor, text, intent):
    message = _run(extractor, _message(text, intent, 0.9))
    assert message.get(INTENT) == {"name": "ask_phone_number", "confidence": 1.0}


@pytest.mark.parametrize("intent", ["report_emergency", "crisis_support"])
def test_a_safety_guess_stays_first_with_the_lookup_second(extractor, intent):
    # The safety net (last) keeps the guess or drops it; the lookup is then the answer.
    message = _run(
        extractor,
        _message(
            "the fire hydrant is leaking",
            intent,
            0.93,
            ranking=[(intent, 0.93), ("nlu_fallback", 0.3), ("goodbye", 0.01)],
        ),
    )
    assert message.get(INTENT) == {"name": intent, "confidence": 0.93}
    names = [r["name"] for r in message.get(INTENT_RANKING_KEY)]
    assert names[:2] == [intent, "ask_phone_number"] and "goodbye" in names


def test_category_alone_does_not_override(extractor):
    message = _run(extractor, _message("federal agencies", "nlu_fallback", 0.1))
    assert _categories(message) == ["federal"]
    assert message.get(INTENT)["name"] == "nlu_fallback"


def test_vague_word_adds_no_agency(extractor):
    message = _run(extractor, _message("metro", "nlu_fallback", 0.1))
    assert _agencies(message) == []
    assert message.get(INTENT)["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", ["hello there", "number for the mayor", "", "🚨"])
def test_no_match_changes_nothing_but_keeps_the_empty_match(extractor, text):
    message = _run(extractor, _message(text, "nlu_fallback", 0.1))
    assert message.get(ENTITIES) in (None, [])
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 0.1}
    assert message.output_properties == {"text", MATCH_KEY}
    assert message.get(MATCH_KEY) == lookup(text).as_dict()
    assert message.get(MATCH_KEY)["answers"] == [] and message.get(MATCH_KEY)["choices"] == []


@pytest.mark.parametrize(
    "text, entity, value, numbers",
    [
        ("what's the FBI's number", "agency", "fbi", ["5025833941"]),
        ("my power has been out since noon", "need", "lge", ["5025893500"]),
        ("LG&E gas number", "agency", "lge", ["5025893511"]),
    ],
)
def test_one_match_gives_the_entities_and_what_the_action_needs(extractor, text, entity, value, numbers):
    message = _run(extractor, _message(text, "ask_phone_number", 0.9))
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [(entity, value)]
    stored = message.get(MATCH_KEY)
    assert MATCH_KEY in message.output_properties
    assert [(a["entry"], a["numbers"]) for a in stored["answers"]] == [(value, numbers)]


def test_a_need_overrides_an_unsure_intent(extractor):
    message = _run(extractor, _message("raccoon under my porch", "nlu_fallback", 0.2))
    assert message.get(INTENT) == {"name": "ask_phone_number", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("need", "animal-control")]


def test_a_button_payload_is_not_matched(extractor):
    message = _run(extractor, _message('/ask_phone_number{"agency": "fbi"}', "ask_phone_number", 1.0))
    assert message.get(MATCH_KEY) is None


def test_existing_entities_are_kept(extractor):
    earlier = {"entity": "agency", "value": "fbi", "start": 0, "end": 3, "extractor": "x"}
    message = _run(extractor, _message("dea", "ask_phone_number", 0.9, entities=[earlier]))
    assert message.get(ENTITIES)[0] == earlier
    assert _agencies(message) == ["fbi", "dea"]


def test_threshold_is_configurable():
    strict = _create(DirectoryEntityExtractor, {"override_below_confidence": 0.95})
    message = _run(strict, _message("jtpd", "how_to_text", 0.9))
    assert message.get(INTENT)["name"] == "ask_phone_number"
    lenient = _create(DirectoryEntityExtractor, {"override_below_confidence": 0.0})
    message = _run(lenient, _message("jtpd", "how_to_text", 0.1))
    assert message.get(INTENT)["name"] == "how_to_text"


@pytest.mark.parametrize("small_talk", ["greet", "thank", "goodbye"])
def test_small_talk_that_names_an_agency_is_a_lookup(small_talk):
    lenient = _create(DirectoryEntityExtractor, {"override_below_confidence": 0.0})
    message = _run(lenient, _message("thanks, and the sheriff?", small_talk, 0.99))
    assert message.get(INTENT)["name"] == "ask_phone_number"


def test_extractor_leaves_training_data_alone(extractor):
    data = TrainingData()
    assert extractor.process_training_data(data) is data


# --- both, in pipeline order ---------------------------------------------------------


def test_pipeline_order_emergency_wins_over_lookup(extractor, safety_net):
    message = _message("there's a man with a gun outside the jail", "nlu_fallback", 0.1)
    safety_net.process(extractor.process([message]))
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    assert _agencies(message) == ["metro-corrections"]
