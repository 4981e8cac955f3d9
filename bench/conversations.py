"""What residents type, for the load generator and the scale-out tests.

Each conversation is a list of (message, check): `check` is a piece of text the
reply must contain (None: any non-empty reply). Lookups ("number for the FBI",
"and the DEA?") run a custom action, so they include a call to the action server.
The numbers come from directory/phone-numbers.yml, the assistant's only source.
"""

from __future__ import annotations

import random
from typing import List, Optional, Tuple

Turn = Tuple[str, Optional[str]]


def _number(entry_id: str) -> str:
    from assistant.directory import load_directory

    entry = load_directory().get(entry_id)
    if entry is None:
        raise KeyError(f"no directory entry {entry_id!r}")
    return entry.numbers[0].display


FBI, DEA, POISON, ATF = (_number(i) for i in ("fbi", "dea", "poison-control", "atf"))

# Our assistant: about half the messages are lookups (action server).
OURS: List[List[Turn]] = [
    [("hi", None), ("what's the number for the FBI?", FBI), ("and the DEA?", DEA), ("thanks", None)],
    [
        ("I dialed 911 by mistake", None),
        ("should I call back?", None),
        ("poison control number please", POISON),
        ("bye", None),
    ],
    [
        ("how do I text 911?", None),
        ("phone number for the ATF", ATF),
        ("and the FBI?", FBI),
        ("thank you", None),
    ],
    [
        ("when should I call 911?", None),
        ("what is the non-emergency number?", None),
        ("DEA phone", DEA),
        ("ok thanks", None),
    ],
]

# The stock `rasa init` assistant: its own intents (no custom actions there).
STOCK: List[List[Turn]] = [
    [("hi", None), ("I am feeling great", None), ("bye", None)],
    [("hello there", None), ("I am sad", None), ("yes", None), ("goodbye", None)],
    [("hey", None), ("not good", None), ("no", None), ("are you a bot?", None)],
    [("good morning", None), ("very good", None), ("see you later", None)],
]


def messages(kind: str, count: int, seed: int) -> List[Turn]:
    """`count` turns for one conversation: the scripts one after another, shuffled order."""
    scripts = OURS if kind == "ours" else STOCK
    rng = random.Random(seed)
    order = list(scripts)
    rng.shuffle(order)
    turns: List[Turn] = []
    while len(turns) < count:
        for script in order:
            turns.extend(script)
    return turns[:count]
