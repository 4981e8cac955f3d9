"""Known conversations for the report's tests, and every figure they must give.

Period: 2026-11-10 to 2026-11-12 in Jeffersontown (EST, UTC-5). Words that must
never appear in the report are marked SECRET (conversations with a safety reply, or
from a resident who once had one) or are personal details to be redacted."""

from __future__ import annotations

from datetime import datetime
from typing import List
from zoneinfo import ZoneInfo

from reporting.seed import Say, Seeded

ZONE = ZoneInfo("America/Kentucky/Louisville")
SINCE, UNTIL = "2026-11-10", "2026-11-12"
SECRETS = ["secretword", "hiddenword", "Ana", "end it all", "raped", "hits me"]
PERSONAL = ["502.555.1234", "555.1234", "Sarah", "SARAH@EXAMPLE.COM", "sarah@example.com"]
NOT_FOUND_ANSWER = "I couldn't find that in the department's phone directory, and I won't guess a number."


def at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE).timestamp()


def found(*ids: str) -> dict:
    return {"outcome": "found", "entries": list(ids)}


NOT_FOUND = {"outcome": "not_found", "entries": []}
LOOKUP = "action_lookup_phone_number"


def conversations() -> List[Seeded]:
    return [
        Seeded(
            "alice",
            at(10, 9, 5),
            [
                Say(
                    "what is the poison control number",
                    "ask_phone_number",
                    0.92,
                    LOOKUP,
                    "Poison Control: (502) 589-8222",
                    found("poison-control"),
                    rating="yes",
                ),
                Say("thanks", "thank", 0.95, at=30),
            ],
        ),
        Seeded(
            "bob",
            at(10, 14, 30),
            channel="messenger",
            turns=[
                Say(
                    "whats the weather like",
                    "nlu_fallback",
                    0.7,
                    "utter_default",
                    ranking=[("out_of_scope", 0.25), ("greet", 0.05)],
                ),
                Say(
                    "number for the zoo call me at 502.555.1234",
                    "ask_phone_number",
                    0.8,
                    LOOKUP,
                    NOT_FOUND_ANSWER,
                    NOT_FOUND,
                    rating="no",
                    at=60,
                ),
            ],
        ),
        Seeded(
            "carol",
            at(11, 9, 10),
            [
                Say(
                    "someone is breaking in, my name is Ana",
                    "report_emergency",
                    1.0,
                    "utter_emergency",
                    "Call 911 now.",
                ),
                Say(
                    "what is the weather secretword",
                    "nlu_fallback",
                    0.7,
                    "utter_default",
                    ranking=[("out_of_scope", 0.2)],
                    at=20,
                ),
                Say(
                    "number for the zoo secretword",
                    "ask_phone_number",
                    0.85,
                    LOOKUP,
                    NOT_FOUND_ANSWER,
                    NOT_FOUND,
                    at=40,
                ),
            ],
        ),
        Seeded(
            "dora",
            at(11, 22, 0),
            [
                Say(
                    "necesito el número de la policía",
                    "ask_phone_number",
                    0.45,
                    LOOKUP,
                    "Jeffersontown Police: (502) 267-0503",
                    found("jeffersontown-police"),
                )
            ],
        ),
        Seeded(
            "eve",
            at(12, 10, 0),
            channel="socketio",
            turns=[
                Say(
                    "<script>alert(1)</script> weather forecast",
                    "nlu_fallback",
                    0.7,
                    "utter_default",
                    ranking=[("out_of_scope", 0.22)],
                ),
                Say("I'm Sarah, my email is SARAH@EXAMPLE.COM", "out_of_scope", 0.6, at=10),
            ],
        ),
        Seeded("alice", at(12, 16, 0), [Say("hello", "greet", 0.97)]),
        Seeded(
            "frank",
            at(9, 12, 0),
            [  # the day before the period
                Say(
                    "poison control",
                    "ask_phone_number",
                    0.9,
                    LOOKUP,
                    "Poison Control",
                    found("poison-control"),
                )
            ],
        ),
        Seeded(
            "gina",
            at(10, 11, 0),
            [
                Say(
                    "where do i pay a parking ticket hiddenword",
                    "nlu_fallback",
                    0.7,
                    "utter_default",
                    ranking=[("ask_non_emergency", 0.2)],
                )
            ],
        ),
        Seeded("gina", at(12, 11, 0), [Say("I want to end it all", "crisis_support", 1.0, "utter_crisis")]),
        Seeded(
            "hank",
            at(12, 12, 0),
            [
                Say("I was raped", "sexual_assault", 1.0, "utter_sexual_assault"),
                Say("my dad hits me", "abuse_report", 1.0, "utter_abuse", at=30),
            ],
        ),
        Seeded("ivan", at(13, 0, 30), [Say("hello", "greet", 0.97)]),  # the day after
    ]


# Every figure the report must show for them.
EXPECTED_OVERVIEW = {
    "Conversations": "9",
    "Messages from residents": "15",
    "Answered with the fallback": "4",
    "Conversations whose words are not shown (safety)": "4",
}
EXPECTED_PER_DAY = [
    ["2026-11-10", "3", "5", "2", "40.0 %"],
    ["2026-11-11", "2", "4", "1", "25.0 %"],
    ["2026-11-12", "4", "6", "1", "16.7 %"],
]
EXPECTED_HOURS = {9: 5, 10: 2, 11: 2, 12: 2, 14: 2, 16: 1, 22: 1}
EXPECTED_CHANNELS = {"rest": "7", "messenger": "1", "socketio": "1"}
EXPECTED_LANGUAGES = {"en": "7", "es": "1", "unknown": "1"}
EXPECTED_TOPICS = {
    "ask_phone_number": "4",
    "not understood (fallback)": "4",
    "thank": "1",
    "report_emergency": "1",
    "out_of_scope": "1",
    "greet": "1",
    "crisis_support": "1",
    "sexual_assault": "1",
    "abuse_report": "1",
}
EXPECTED_LOOKUP_OUTCOMES = {"numbers given": "2", "found nothing": "2"}
EXPECTED_LOOKUPS = {"Poison Control Center": "1", "Jeffersontown Police": "1"}
EXPECTED_NOT_FOUND = [["number for the zoo call me at [phone]", "1"]]
EXPECTED_SAFETY = {
    "911: emergency": "1",
    "988: crisis line": "1",
    "Rape Crisis: sexual assault": "1",
    "Abuse and neglect hotlines": "1",
    "911 line beside an answer": "0",
    "988 line beside an answer": "0",
    "Rape Crisis line beside an answer": "0",
    "Abuse hotline line beside an answer": "0",
}
EXPECTED_RATINGS = [["ask_phone_number", "1", "1"]]
EXPECTED_RATED_NO = [[NOT_FOUND_ANSWER, "ask_phone_number", "1"]]
EXPECTED_UNANSWERED_SHOWN = [
    "whats the weather like",
    "necesito el número de la policía",
    "<script>alert(1)</script> weather forecast",
    "I'm [name], my email is [email]",
]
EXPECTED_UNANSWERED_TOTAL = 6
