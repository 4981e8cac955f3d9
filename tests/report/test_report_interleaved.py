"""Conversations that happen at the same time have their events interleaved in the
store (ids alternate between senders), as on a busy day: each is still rebuilt
whole, and a rating still belongs to the answer it followed."""

from __future__ import annotations

import asyncio

from reporting.conversations import conversations
from reporting.seed import Say, Seeded, events_of
from reporting.store import flagged_senders, open_engine, read_events

from .conftest import sqlite_store
from .scenario import at


def open_engine_for(database, folder):
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {database}\n")
    return open_engine(endpoints)


def test_interleaved_events_make_whole_conversations(tmp_path):
    from rasa.shared.core.trackers import DialogueStateTracker

    database = tmp_path / "busy.db"
    store = sqlite_store(database)
    ann = events_of(
        Seeded(
            "ann",
            at(10, 9),
            [
                Say(
                    "poison control number",
                    "ask_phone_number",
                    0.9,
                    "action_lookup_phone_number",
                    "Poison",
                    {"outcome": "found", "entries": ["poison-control"]},
                    rating="no",
                ),
                Say("thanks", "thank", 0.9, at=20),
            ],
        )
    )
    ben = events_of(
        Seeded(
            "ben",
            at(10, 9),
            [
                Say("hello", "greet", 0.9, at=1),
                Say("whats the weather", "nlu_fallback", 0.7, "utter_default", at=21),
            ],
        )
    )

    async def save_alternately():
        for size in range(1, max(len(ann), len(ben)) + 1):  # one event at a time, each
            for sender, events in (("ann", ann), ("ben", ben)):
                if size <= len(events):
                    await store.save(
                        DialogueStateTracker.from_events(sender, events[:size], slots=store.domain.slots)
                    )

    asyncio.run(save_alternately())
    engine = open_engine_for(database, tmp_path)
    rebuilt = {
        c.sender_id: c
        for c in conversations(read_events(engine, at(10, 0), at(11, 0)), flagged_senders(engine))
    }
    assert [t.text for t in rebuilt["ann"].turns] == ["poison control number", "thanks"]
    assert [t.text for t in rebuilt["ben"].turns] == ["hello", "whats the weather"]
    [rating] = rebuilt["ann"].ratings
    assert (rating.value, rating.topic, rating.answer.text) == ("no", "ask_phone_number", "Poison")
    assert rebuilt["ben"].turns[1].fell_to_fallback and not rebuilt["ben"].ratings
