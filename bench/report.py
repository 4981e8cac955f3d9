"""How long `make report` takes on 10,000 conversations (a benchmark figure, not a test).

    python -m bench.report [--conversations 10000] [--days 30]

Writes that many varied conversations (lookups, misses, fallbacks, low-confidence
guesses, safety replies, ratings) over the last DAYS days into a fresh SQLite tracker
store with Rasa's own SQLTrackerStore rows, then times the whole report: reading,
figures, grouping, charts, HTML and the training-data export. Prints the time."""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from typing import List
from zoneinfo import ZoneInfo

import settings
from reporting.seed import Say, Seeded

ZONE = ZoneInfo("America/Kentucky/Louisville")
LOOKUP = "action_lookup_phone_number"
ENTRIES = [
    "poison-control",
    "fbi",
    "dea",
    "animal-control",
    "lge",
    "lmpd",
    "jeffersontown-police",
    "crisis-line",
    "louisville-water",
    "state-police",
]
TOPICS = [
    "when_to_call_911",
    "how_to_text",
    "dialed_911_by_mistake",
    "ask_non_emergency",
    "smart911",
    "rapidsos",
    "greet",
    "thank",
    "goodbye",
]
MISSES = ["number for the {} please", "how do i reach the {}", "{} phone", "call the {} office"]
MISS_WORDS = [
    "zoo",
    "dmv",
    "library",
    "passport office",
    "water park",
    "city hall",
    "school board",
    "pharmacy",
    "vet",
    "parking office",
    "court clerk",
    "tax office",
]
UNKNOWN = [
    "whats the weather {}",
    "can i pay my {} ticket online",
    "where do i get a {} permit",
    "how much is a {} report",
    "is the {} open today",
    "who do i talk to about {}",
    "my neighbor plays loud {}",
    "can you tell me about {}",
]
UNKNOWN_WORDS = [
    "parking",
    "fishing",
    "building",
    "accident",
    "garage sale",
    "fireworks",
    "music",
    "dogs",
    "tomorrow",
    "today",
    "the jail",
    "bail",
    "towing",
    "noise",
]


# Filler words, so that the unanswered messages are thousands of different texts.
FILLER = """about after again around because before behind below between blue bridge brother
building busy camera car careful cat center church city clean close corner county court
daughter dark door early east evening every family fast father field fire friend front garden
gate green hall happy heavy highway hill home hospital house hurry inside kitchen lake late
light little lost mail market money morning mother night north office old open outside park
phone quiet rain river road school sister small south station store street summer sure
swing tall town tree truck under upstairs walk wall water week west window winter work yard
young yesterday""".split()


def conversation(rng: random.Random, number: int, start: float) -> Seeded:
    turns: List[Say] = []
    for index in range(rng.choice([1, 2, 2, 3, 4])):
        at = index * rng.uniform(10, 90)
        roll = rng.random()
        if roll < 0.04 and index == 0:
            turns.append(Say("someone is breaking in", "report_emergency", 1.0, "utter_emergency", at=at))
        elif roll < 0.35:
            entry = rng.choice(ENTRIES)
            turns.append(
                Say(
                    f"number for {entry.replace('-', ' ')}",
                    "ask_phone_number",
                    0.9,
                    LOOKUP,
                    "Number: (502) 555-0100",
                    {"outcome": "found", "entries": [entry]},
                    rating=rng.choice([None, None, "yes", "no"]),
                    at=at,
                )
            )
        elif roll < 0.45:
            text = rng.choice(MISSES).format(rng.choice(MISS_WORDS))
            turns.append(
                Say(
                    text,
                    "ask_phone_number",
                    0.7,
                    LOOKUP,
                    "I couldn't find that.",
                    {"outcome": "not_found", "entries": []},
                    at=at,
                )
            )
        elif roll < 0.65:
            text = rng.choice(UNKNOWN).format(rng.choice(UNKNOWN_WORDS))
            text += " " + " ".join(rng.sample(FILLER, rng.randint(0, 3)))
            if rng.random() < 0.3:
                text += f" my name is Pat{number} call 502.555.{number % 10000:04d}"
            turns.append(
                Say(text, "nlu_fallback", 0.7, "utter_default", ranking=[(rng.choice(TOPICS), 0.25)], at=at)
            )
        elif roll < 0.75:
            text = rng.choice(UNKNOWN).format(rng.choice(UNKNOWN_WORDS))
            turns.append(Say(text, rng.choice(TOPICS), 0.4, at=at))
        else:
            topic = rng.choice(TOPICS)
            turns.append(Say(topic.replace("_", " "), topic, 0.93, at=at))
    channel = rng.choice(["rest", "rest", "rest", "messenger", "socketio"])
    return Seeded(f"bench-{number}", start, turns, channel=channel)


def seed(database: Path, count: int, days: int, now: datetime) -> int:
    from rasa.core.tracker_store import SQLTrackerStore

    from reporting.seed import bulk_insert

    rng = random.Random(14)
    first = (now - timedelta(days=days)).timestamp()
    span = now.timestamp() - first - 3600
    store = SQLTrackerStore(None, dialect="sqlite", db=str(database))
    conversations = [conversation(rng, n, first + rng.uniform(0, span)) for n in range(count)]
    rows = bulk_insert(store, conversations)
    store.engine.dispose()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report")
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from reporting.__main__ import build

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "conversations.db"
        now = datetime.now(ZONE)
        started = time.monotonic()
        rows = seed(database, args.conversations, args.days, now)
        print(
            f"seeded {args.conversations:,} conversations ({rows:,} events) in "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )
        endpoints = Path(folder) / "endpoints.yml"
        endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {database}\n")
        started = time.monotonic()
        figures, html, export = build(
            endpoints, now - timedelta(days=args.days), now, ZONE, Path(folder) / "reports"
        )
        took = time.monotonic() - started
        print(
            f"report: {figures.conversations:,} conversations, {figures.messages:,} messages, "
            f"{len(figures.groups):,} groups of {figures.unanswered_total:,} unanswered; "
            f"{html.stat().st_size / 1024:.0f} KiB of HTML"
        )
        print(f"report took {took:.1f} s (in this process)")
        started = time.monotonic()
        command = [
            sys.executable,
            "-m",
            "reporting",
            "--endpoints",
            str(endpoints),
            "--days",
            str(args.days),
            "--out",
            str(Path(folder) / "cli"),
        ]
        subprocess.run(
            command,
            check=True,
            capture_output=True,
            env=settings.environment({"PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"}),
        )
        print(
            f"python -m reporting took {time.monotonic() - started:.1f} s "
            "(a new process, imports included, as `make report`)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
