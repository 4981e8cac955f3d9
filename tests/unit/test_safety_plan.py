"""assistant.safety_plan: which safety lines come first, which after, and the intent."""

from assistant.safety import Assessment, Concern
from assistant.safety_plan import CERTAIN_CONFIDENCE, POSSIBLE_CONFIDENCE, SECOND_GUESS_CONFIDENCE, plan_reply

FALLBACK = 0.3


def test_nothing_found_and_no_safety_guess_is_no_plan():
    assert plan_reply(Assessment(), [("smart911", 0.9), ("lens_alerts", 0.05)], FALLBACK) is None


def test_certain_rule_becomes_the_intent_with_full_confidence():
    plan = plan_reply(Assessment(certain=(Concern.EMERGENCY,)), [("greet", 0.9)], FALLBACK)
    assert (plan.intent, plan.confidence) == ("report_emergency", 1.0)
    assert plan.lines_first == () and plan.lines_after == ()


def test_second_certain_concern_is_a_line_after_most_urgent_first():
    plan = plan_reply(
        Assessment(certain=(Concern.EMERGENCY, Concern.CRISIS, Concern.ABUSE)), [("greet", 0.9)], FALLBACK
    )
    assert plan.intent == "report_emergency"
    assert plan.lines_after == ("crisis", "abuse")


def test_possible_concern_is_a_line_before_the_best_answer():
    plan = plan_reply(
        Assessment(possible=(Concern.CRISIS,)), [("smart911", 0.7), ("lens_alerts", 0.1)], FALLBACK
    )
    assert plan.intent == "smart911"
    assert plan.lines_first == ("crisis",) and plan.lines_after == ()


def test_confident_classifier_guess_is_certain():
    plan = plan_reply(Assessment(), [("crisis_support", CERTAIN_CONFIDENCE), ("greet", 0.1)], FALLBACK)
    assert plan.intent == "crisis_support" and plan.lines_first == ()


def test_unsure_classifier_guess_is_possible_and_the_answer_is_the_next_intent():
    # the FallbackClassifier put nlu_fallback first; the safety intent is second
    plan = plan_reply(
        Assessment(),
        [("nlu_fallback", FALLBACK), ("abuse_report", SECOND_GUESS_CONFIDENCE), ("how_to_text", 0.35)],
        FALLBACK,
    )
    assert plan.intent == "nlu_fallback"
    assert plan.lines_first == ("abuse",)


def test_unsure_first_guess_is_not_an_alarm_and_not_the_answer():
    plan = plan_reply(
        Assessment(), [("abuse_report", POSSIBLE_CONFIDENCE - 0.01), ("how_to_text", 0.4)], FALLBACK
    )
    assert plan.intent == "how_to_text" and plan.lines_first == ()


def test_weak_classifier_guess_below_the_floor_is_ignored_but_never_answered():
    plan = plan_reply(
        Assessment(), [("report_emergency", POSSIBLE_CONFIDENCE - 0.01), ("how_to_text", 0.2)], FALLBACK
    )
    # no line, but the emergency reply is not given either: the answer is the fallback
    assert plan.lines_first == () and plan.intent == "nlu_fallback"


def test_a_later_guess_needs_more_confidence():
    ranking = [("smart911", 0.5), ("crisis_support", SECOND_GUESS_CONFIDENCE - 0.01)]
    assert plan_reply(Assessment(), ranking, FALLBACK) is None
    ranking = [("smart911", 0.5), ("crisis_support", SECOND_GUESS_CONFIDENCE)]
    assert plan_reply(Assessment(), ranking, FALLBACK).lines_first == ("crisis",)


def test_emergency_guess_about_the_past_or_a_hypothetical_is_dropped():
    plan = plan_reply(
        Assessment(not_current=True), [("report_emergency", 0.9), ("situation_non_emergency", 0.5)], FALLBACK
    )
    assert plan.intent == "situation_non_emergency"
    assert plan.lines_first == () and plan.lines_after == ()


def test_classifier_guess_beside_a_past_or_hypothetical_is_left_to_the_rules():
    plan = plan_reply(
        Assessment(not_current=True), [("crisis_support", 0.99), ("ask_phone_number", 0.5)], FALLBACK
    )
    assert plan.intent == "ask_phone_number" and plan.lines_first == ()
    # the rules' own possible crisis still gives the 988 line
    plan = plan_reply(
        Assessment(not_current=True, possible=(Concern.CRISIS,)),
        [("crisis_support", 0.99), ("ask_phone_number", 0.5)],
        FALLBACK,
    )
    assert plan.lines_first == ("crisis",)


def test_denied_concern_is_not_guessed():
    plan = plan_reply(
        Assessment(denied=(Concern.CRISIS,)), [("crisis_support", 0.9), ("ask_phone_number", 0.5)], FALLBACK
    )
    assert plan.intent == "ask_phone_number" and plan.lines_first == ()


def test_classifier_sure_of_a_suicide_risk_with_a_life_in_danger_adds_911_first():
    plan = plan_reply(Assessment(imminent=True), [("crisis_support", 0.9)], FALLBACK)
    assert plan.intent == "report_emergency" and plan.lines_after == ("crisis",)


def test_best_answer_below_the_fallback_threshold_is_the_fallback():
    plan = plan_reply(Assessment(possible=(Concern.EMERGENCY,)), [("smart911", FALLBACK - 0.01)], FALLBACK)
    assert plan.intent == "nlu_fallback" and plan.lines_first == ("emergency",)


def test_the_plan_is_only_the_lines():
    # The language travels in its own message field (pipeline/safety_net.py), for
    # every message; the plan holds only the safety lines.
    plan = plan_reply(Assessment(certain=(Concern.CRISIS,), language="es"), [], FALLBACK)
    assert plan.as_dict() == {"first": [], "after": []}
