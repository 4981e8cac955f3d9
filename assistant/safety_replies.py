"""Which replies are safety replies: the one list that the staff report and the
channels read.

The staff report counts these replies and leaves out every conversation that had
one (or a safety intent). The channels never ask "Was this helpful?" under them.
A new safety response is covered if its name starts with one of these prefixes.
"""

from __future__ import annotations

from typing import Optional, Tuple

# (prefix of the response name, what the report calls it)
SAFETY_REPLY_KINDS: Tuple[Tuple[str, str], ...] = (
    ("utter_emergency", "911: emergency"),
    ("utter_crisis", "988: crisis line"),
    ("utter_sexual_assault", "Rape Crisis: sexual assault"),
    ("utter_abuse", "Abuse and neglect hotlines"),
    # the one-line versions given before or beside another answer (docs/safety.md)
    ("utter_line_emergency", "911 line beside an answer"),
    ("utter_line_crisis", "988 line beside an answer"),
    ("utter_line_sexual_assault", "Rape Crisis line beside an answer"),
    ("utter_line_abuse", "Abuse hotline line beside an answer"),
)
# assistant.safety.Concern's values (a unit test keeps them equal): written out, because
# importing assistant.safety loads spaCy and TensorFlow, 9 s of `make report`.
SAFETY_INTENTS = frozenset({"report_emergency", "crisis_support", "sexual_assault", "abuse_report"})


def safety_reply_kind(action_name: Optional[str]) -> Optional[str]:
    """The report's name for this safety reply, or None if it is not one."""
    for prefix, kind in SAFETY_REPLY_KINDS:
        if action_name and action_name.startswith(prefix):
            return kind
    return None


def is_safety_reply(action_name: Optional[str]) -> bool:
    return safety_reply_kind(action_name) is not None
