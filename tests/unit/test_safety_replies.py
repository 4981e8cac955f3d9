"""The one list of safety replies and intents (assistant/safety_replies.py)."""

from __future__ import annotations

import yaml

from assistant.safety import Concern
from assistant.safety_replies import SAFETY_INTENTS, is_safety_reply, safety_reply_kind
from launcher.stack import PROJECT_ROOT


def test_safety_intents_are_the_safety_nets_concerns():
    assert SAFETY_INTENTS == {concern.value for concern in Concern}


def test_safety_replies_by_name():
    assert safety_reply_kind("utter_emergency") == "911: emergency"
    assert safety_reply_kind("utter_crisis") == "988: crisis line"
    assert safety_reply_kind("utter_sexual_assault") == "Rape Crisis: sexual assault"
    assert safety_reply_kind("utter_abuse") == "Abuse and neglect hotlines"
    for concern in ("emergency", "crisis", "sexual_assault", "abuse"):
        assert is_safety_reply(f"utter_line_{concern}")
    for name in ("utter_greet", "action_lookup_phone_number", "utter_default", None, ""):
        assert not is_safety_reply(name)


def test_every_domain_response_for_a_safety_intent_is_a_safety_reply():
    rules = yaml.safe_load((PROJECT_ROOT / "data" / "rules.yml").read_text())["rules"]
    for rule in rules:
        steps = rule.get("steps", [])
        for step, following in zip(steps, steps[1:]):
            if step.get("intent") in SAFETY_INTENTS and "action" in following:
                assert is_safety_reply(following["action"]), rule["rule"]


def test_every_safety_line_in_the_domain_is_a_safety_reply():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    lines = [name for name in domain["responses"] if name.startswith("utter_line_")]
    assert len(lines) == 4
    assert all(is_safety_reply(name) for name in lines)
