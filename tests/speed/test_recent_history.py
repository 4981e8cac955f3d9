"""scaling.recent_history: the policies read the recent turns only, and predict exactly
what they predict from the whole conversation.

The trained model runs in this process with the real action server; conversations mix
every conversation-test message, the training examples of every intent and odd input.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import List, Tuple

import pytest
import yaml

from tests.speed.conftest import ROOT, load_agent, reply_texts

ODD = ["", "asdkjh qwe", "??", "and?", "no", "yes", "ok", "what", "<b>hi</b>", "help", "x" * 300]


def story_messages() -> List[str]:
    stories = yaml.safe_load((ROOT / "tests" / "conversations" / "test_stories.yml").read_text())
    return [step["user"].strip() for story in stories["stories"] for step in story["steps"] if "user" in step]


def training_examples() -> List[str]:
    data = yaml.safe_load((ROOT / "data" / "nlu.yml").read_text())["nlu"]
    return [
        line[2:].strip()
        for item in data
        if "examples" in item
        for line in item["examples"].splitlines()
        if line.startswith("- ")
    ]


def mixed_conversation(seed: int, count: int) -> List[str]:
    rng = random.Random(seed)
    pool = story_messages() + training_examples() + ODD * 5
    return [rng.choice(pool) for _ in range(count)]


@pytest.fixture(scope="module")
def agent(speedups_applied, action_server_url):
    return load_agent(action_server_url)


async def _talk(agent, sender: str, messages: List[str]) -> List[Tuple[List[str], List[str]]]:
    """Each message's reply texts and the actions it ran."""
    from rasa.shared.core.events import ActionExecuted

    before = await agent.tracker_store.retrieve(sender)
    turns, seen = [], len(before.events) if before else 0
    for text in messages:
        replies = await agent.handle_text(text, sender_id=sender)
        tracker = await agent.tracker_store.retrieve(sender)
        new = list(tracker.events)[seen:]
        seen = len(tracker.events)
        actions = [e.action_name for e in new if isinstance(e, ActionExecuted)]
        turns.append((reply_texts(replies), actions))
    return turns


def test_policy_reach_is_the_longest_rule_and_unknown_for_other_policies(agent):
    from rasa.core.policies.memoization import MemoizationPolicy

    from assistant.safety_plan import LINE_NAMES
    from scaling import recent_history

    reach = recent_history.processor_reach(agent.processor)
    # one-turn rules: the intent, then action_listen after the answer; plus the safety
    # lines policies/safety_lines.py may give around the answer in the same turn
    assert 1 <= reach <= 3 + len(LINE_NAMES)
    policies = recent_history._graph_policies(agent.processor)
    assert recent_history.policy_reach(policies) == reach
    memo = MemoizationPolicy.__new__(MemoizationPolicy)  # any other policy: no view
    assert recent_history.policy_reach([*policies, memo]) == recent_history._UNKNOWN


def test_every_prediction_from_the_recent_turns_equals_the_whole_conversations(agent, monkeypatch, caplog):
    from scaling import recent_history

    monkeypatch.setenv(recent_history.VERIFY_ENV, "1")  # predict from both, compare
    used = []
    original_view = recent_history.recent_view

    def counting_view(*args, **kwargs):
        view = original_view(*args, **kwargs)
        used.append(view is not None)
        return view

    monkeypatch.setattr(recent_history, "recent_view", counting_view)
    caplog.set_level(logging.ERROR, logger="scaling.recent_history")

    async def run() -> None:
        for seed in range(3):
            await _talk(agent, f"verify-{seed}", mixed_conversation(seed, 120))
        await _talk(agent, "verify-stories", story_messages() * 3)

    asyncio.run(run())
    differences = [r.getMessage() for r in caplog.records if "differs" in r.getMessage()]
    assert not differences, differences[:3]
    assert sum(used) > 0.8 * len(used), f"the view was used for {sum(used)} of {len(used)} predictions"


def story_openings() -> List[List[str]]:
    """Each conversation test's messages, for the stories that open a subject: one that
    opens with a follow-up ("who sends it?") is answered by what came before, by design."""
    stories = yaml.safe_load((ROOT / "tests" / "conversations" / "test_stories.yml").read_text())
    return [
        [step["user"].strip() for step in story["steps"] if "user" in step]
        for story in stories["stories"]
        if not next(s for s in story["steps"] if "user" in s)["intent"].startswith("followup_")
    ]


def test_a_story_late_in_a_long_conversation_gets_the_answers_it_gets_first(agent):
    """After 250 messages, each story is answered as in a new conversation: what came
    long before never changes an answer (a follow-up reads its own story's topic)."""
    stories = story_openings()

    async def run():
        history = mixed_conversation(42, 250)
        await _talk(agent, "long", history)
        late = [await _talk(agent, "long", story) for story in stories]
        early = [await _talk(agent, f"fresh-{i}", story) for i, story in enumerate(stories)]
        return late, early

    late, early = asyncio.run(run())
    for story, late_turns, early_turns in zip(stories, late, early):
        for text, (late_replies, late_actions), (early_replies, early_actions) in zip(
            story, late_turns, early_turns
        ):
            assert late_replies == early_replies, text
            # a new conversation first runs action_session_start (and its action_listen)
            assert late_actions == early_actions[-len(late_actions) :], text


def test_reverted_turns_are_not_counted_and_the_whole_tracker_goes(agent):
    """Each core fallback reverts its own turn (UserUtteranceReverted): a run of them
    leaves too few applied actions in the recent events, so the view is not used."""
    from rasa.shared.core.events import (
        ActionExecuted,
        BotUttered,
        SessionStarted,
        UserUtteranceReverted,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    from scaling import recent_history

    domain = agent.domain
    tracker = DialogueStateTracker("reverts", domain.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    for _ in range(6):
        for event in (
            UserUttered("thanks", {"name": "thank"}),
            ActionExecuted("utter_thank"),
            BotUttered("You're welcome."),
            ActionExecuted("action_listen"),
        ):
            tracker.update(event)
    for _ in range(12):
        for event in (
            UserUttered("zzz", {"name": "nlu_fallback"}),
            ActionExecuted("action_default_fallback"),
            BotUttered("Sorry?"),
            UserUtteranceReverted(),
            ActionExecuted("action_listen"),
        ):
            tracker.update(event)
    reach = recent_history.processor_reach(agent.processor)
    assert recent_history.recent_view(tracker, domain, reach) is None
    # what the view would be without that check: states that are not the whole tracker's
    kept = list(tracker.events)[-2 * (reach + recent_history.MARGIN) * 2 :]
    naive = DialogueStateTracker.from_events("reverts", kept, domain.slots)
    whole = tracker.past_states(domain)
    assert naive.past_states(domain) != whole[-len(naive.past_states(domain)) :]


def test_a_topic_set_before_the_cut_still_answers_the_follow_ups(agent, monkeypatch, caplog):
    """The `topic` slot (domain.yml) is set by a topic question and left as it is by the
    follow-ups: after many of them it lies before the view's cut, and the view must still
    carry it, or the follow-ups would lose their topic."""
    from scaling import recent_history

    monkeypatch.setenv(recent_history.VERIFY_ENV, "1")
    caplog.set_level(logging.ERROR, logger="scaling.recent_history")
    # Intent payloads: what is tested is the slot across the cut, not the classifier.
    follow_ups = ["/followup_who", "/followup_details"] * 15

    turns = asyncio.run(_talk(agent, "topic-cut", ["how do lens alerts work", *follow_ups]))
    differences = [r.getMessage() for r in caplog.records if "differs" in r.getMessage()]
    assert not differences, differences[:3]
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    assert turns[-2][0] == [domain["utter_lens_sender"][0]["text"]]
    assert turns[-1][0] == [domain["utter_lens_kinds"][0]["text"]]
