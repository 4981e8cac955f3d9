"""Grouping of similar unanswered messages, and the tiny language guess."""

from __future__ import annotations

from reporting.grouping import group_messages
from reporting.language import conversation_language, guess_language


def test_similar_messages_share_a_group_with_the_most_common_guess():
    messages = [
        ("can i pay a parking ticket", "ask_non_emergency"),
        ("pay parking ticket online", "ask_non_emergency"),
        ("where do i pay my parking ticket", "out_of_scope"),
        ("where do I pay my parking ticket", "ask_non_emergency"),  # same, counted
        ("whats the weather", None),
        ("what is the weather today", "out_of_scope"),
        ("weather tomorrow?", "out_of_scope"),
    ]
    groups = group_messages(messages)
    assert [g.count for g in groups] == [4, 3]
    parking, weather = groups
    assert {t for t, _ in parking.examples} == {
        "can i pay a parking ticket",
        "pay parking ticket online",
        "where do i pay my parking ticket",
    }
    assert parking.examples[0] == ("where do i pay my parking ticket", 2)
    assert (parking.topic, parking.topic_share) == ("ask_non_emergency", 0.75)
    assert weather.topic == "out_of_scope"


def test_many_messages_beyond_the_clustered_head_still_join_groups():
    from reporting import grouping

    messages = [(f"where can I pay parking ticket number {i} quickly", "a") for i in range(30)]
    messages += [(f"what is the weather like on day {i}", "b") for i in range(30)]
    old = grouping.MAX_CLUSTERED
    grouping.MAX_CLUSTERED = 10
    try:
        groups = group_messages(messages)
    finally:
        grouping.MAX_CLUSTERED = old
    assert sum(g.count for g in groups) == 60
    assert sorted(g.count for g in groups)[-2:] == [30, 30]


def test_nothing_to_group():
    assert group_messages([]) == []
    assert group_messages([("   ", None)]) == []


def test_language_guess():
    assert guess_language(["what is the poison control number"]) == "en"
    assert guess_language(["necesito el número de la policía"]) == "es"
    assert guess_language(["ok 👍"]) == "unknown"
    assert guess_language([]) == "unknown"
    assert conversation_language("ES", ["what is the number"]) == "es"  # the slot wins
