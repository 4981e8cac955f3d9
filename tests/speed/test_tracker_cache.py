"""scaling.tracker_cache: the tracker kept between messages is the one the database
gives, the rows are Rasa's, and what another process writes or deletes is seen.

The trained model runs in this process with the real action server and a SQLite file
(the store `make run` uses; the production mode's PostgreSQL goes through the same
SQLAlchemy queries, and tests/scale runs it with two servers).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import List

import pytest

from tests.speed.conftest import load_agent, reply_texts

CONVERSATION = [
    "hi",
    "what's the number for the FBI?",
    "and the DEA?",
    "thanks",
    "I dialed 911 by mistake",
    "should I call back?",
    "poison control number please",
    "how do I text 911?",
    "phone number for the ATF",
    "bye",
]


def as_json(value):
    return json.loads(json.dumps(value))


def slot_values(tracker):
    return {name: (slot.value, slot.has_been_set) for name, slot in tracker.slots.items()}


def sql_endpoint(path: Path):
    from rasa.utils.endpoints import EndpointConfig

    return EndpointConfig(type="SQL", dialect="sqlite", db=str(path))


def stock_store(path: Path, domain):
    from scaling.tracker_cache import SQLTrackerStore  # Rasa's own class, not replaced here

    return SQLTrackerStore(domain=domain, dialect="sqlite", db=str(path))


def inner(agent):
    store = agent.tracker_store
    return getattr(store, "_tracker_store", store)  # inside Rasa's FailSafeTrackerStore


def rows(path: Path) -> List[tuple]:
    """Every stored event, without what differs between two runs (times, message ids)."""

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("timestamp", "message_id", "model_id")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT sender_id, type_name, intent_name, action_name, data FROM events ORDER BY id"
        ).fetchall()
    return [(s, t, i, a, clean(json.loads(d))) for s, t, i, a, d in found]


@pytest.fixture(scope="module")
def caching_agent(speedups_applied, action_server_url, tmp_path_factory):
    from scaling.tracker_cache import CachingSQLTrackerStore

    path = tmp_path_factory.mktemp("cache") / "conversations.db"
    agent = load_agent(action_server_url, sql_endpoint(path))
    assert isinstance(inner(agent), CachingSQLTrackerStore)
    agent.db_path = path
    return agent


def test_the_kept_tracker_is_the_one_the_database_gives(caching_agent, monkeypatch):
    from rasa.shared.core.trackers import EventVerbosity

    store = inner(caching_agent)
    domain = caching_agent.domain
    reference = stock_store(caching_agent.db_path, domain)
    loads = []
    original_load = type(store)._load
    monkeypatch.setattr(type(store), "_load", lambda self, s: loads.append(s) or original_load(self, s))

    async def run():
        for i, text in enumerate(CONVERSATION * 4):
            await caching_agent.handle_text(text, sender_id="kept")
            if i == 0:  # the first message starts the session: not kept
                assert "kept" not in store._kept
                continue
            kept = store._kept["kept"].tracker
            stored = await reference.retrieve("kept")
            # as JSON, as it is stored and sent: the kept events still hold the tuples
            # (text_tokens) that the JSON of the database turns into lists
            assert as_json(kept.current_state(EventVerbosity.ALL)) == as_json(
                stored.current_state(EventVerbosity.ALL)
            ), i
            assert kept.past_states(domain) == stored.past_states(domain), i
            assert slot_values(kept) == slot_values(stored), i

    asyncio.run(run())
    # read from the database for the first two messages only (a new session is not kept)
    assert len(loads) == 2, loads


def test_the_rows_are_the_ones_rasa_writes(caching_agent, action_server_url, tmp_path):
    stock_path = tmp_path / "stock.db"
    stock = load_agent(action_server_url, stock_store(stock_path, caching_agent.domain))
    assert type(inner(stock)).__name__ == "SQLTrackerStore"

    async def run():
        for text in CONVERSATION * 2:
            a = await stock.handle_text(text, sender_id="rows")
            b = await caching_agent.handle_text(text, sender_id="rows")
            assert reply_texts(a) == reply_texts(b)

    asyncio.run(run())
    ours = [r for r in rows(caching_agent.db_path) if r[0] == "rows"]
    assert ours == rows(stock_path) and len(ours) > 40


def test_what_another_server_writes_is_seen(caching_agent, action_server_url, monkeypatch):
    """Two servers on one database, taking turns on a conversation (as behind nginx):
    each applies the other's new events to its kept tracker instead of reading all."""
    other = load_agent(action_server_url, sql_endpoint(caching_agent.db_path))
    servers = [caching_agent, other]
    sent = CONVERSATION * 2
    loads = []
    original_load = type(inner(other))._load
    monkeypatch.setattr(
        type(inner(other)), "_load", lambda self, s: loads.append(s) or original_load(self, s)
    )

    async def run():
        for i, text in enumerate(sent):
            replies = await servers[i % 2].handle_text(text, sender_id="shared")
            assert reply_texts(replies), text
        return await stock_store(caching_agent.db_path, caching_agent.domain).retrieve("shared")

    stored = asyncio.run(run())
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    said = [e.text for e in stored.events if isinstance(e, UserUttered)]
    assert said == sent  # each message once, in order: nothing lost, nothing doubled
    for server in servers:  # what each server holds, caught up, is what the database holds
        held = asyncio.run(inner(server).retrieve("shared"))
        assert as_json(held.current_state(EventVerbosity.ALL)) == as_json(
            stored.current_state(EventVerbosity.ALL)
        )
    assert len(loads) <= 3, loads  # both servers, first messages only: then caught up
    stored_rows = [row for row in rows(caching_agent.db_path) if row[0] == "shared"]
    assert [row[4]["text"] for row in stored_rows if row[1] == "user"] == sent
    assert len(stored_rows) == len(stored.events) + 1  # + the action_session_start before it


def test_deleted_events_are_seen(caching_agent):
    """`make prune-conversations` deletes a conversation: the next message starts anew."""
    from launcher.retention import prune

    async def say(text):
        return await caching_agent.handle_text(text, sender_id="pruned")

    asyncio.run(say("hi"))
    asyncio.run(say("thanks"))
    assert "pruned" in inner(caching_agent)._kept
    prune(f"sqlite:///{caching_agent.db_path}", days=0, now=time.time() + 10)
    asyncio.run(say("bye"))
    kinds = [r[1] for r in rows(caching_agent.db_path) if r[0] == "pruned"]
    assert kinds[:2] == ["action", "session_started"], kinds  # a new conversation
    assert kinds.count("user") == 1


def test_a_tracker_handed_out_and_not_saved_is_read_afresh(caching_agent):
    from rasa.shared.core.events import SlotSet

    store = inner(caching_agent)

    async def run():
        await caching_agent.handle_text("hi", sender_id="unsaved")
        await caching_agent.handle_text("thanks", sender_id="unsaved")
        first = await store.retrieve("unsaved")
        assert first is store._kept["unsaved"].tracker  # kept since the last save
        second = await store.retrieve("unsaved")  # while the first is still out
        assert second is not first
        first.update(SlotSet("directory_unavailable", True))  # then its handler fails
        third = await store.retrieve("unsaved")
        assert third is not first and third.get_slot("directory_unavailable") is None
        assert len(third.events) == len(first.events) - 1

    asyncio.run(run())


def test_a_failed_save_is_not_kept(caching_agent, monkeypatch):
    store = inner(caching_agent)

    async def run():
        await caching_agent.handle_text("hi", sender_id="failing")
        await caching_agent.handle_text("thanks", sender_id="failing")
        tracker = await store.retrieve("failing")
        monkeypatch.setattr(
            type(store), "_add_rows", lambda *a: (_ for _ in ()).throw(RuntimeError("db down"))
        )
        with pytest.raises(RuntimeError):
            await store.save(tracker)
        assert "failing" not in store._kept

    asyncio.run(run())


def test_at_most_max_conversations_are_kept(caching_agent, monkeypatch):
    store = inner(caching_agent)
    monkeypatch.setattr(store, "_max_conversations", 3)

    async def run():
        for n in range(6):
            for text in ("hi", "thanks"):
                await caching_agent.handle_text(text, sender_id=f"many-{n}")

    asyncio.run(run())
    assert len(store._kept) == 3 and list(store._kept) == [f"many-{n}" for n in (3, 4, 5)]


def test_sqlite_keeps_its_rollback_journal(caching_agent):
    """No write-ahead log: it would keep pruned words in its own file (README: retention)."""
    with sqlite3.connect(caching_agent.db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
