"""Load: 50 residents at once, 20 messages each, on the real assistant over loopback.

Bounded: at most CONVERSATIONS x MESSAGES requests, each with HTTP_TIMEOUT_S, the
whole run under MAX_SECONDS. Every request must succeed with a non-empty reply.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .helpers import say

pytestmark = pytest.mark.e2e

CONVERSATIONS = 50
MESSAGES = 20
MAX_SECONDS = 240
SCRIPT = [
    "hello",
    "what can you do?",
    "when should I call 911?",
    "what is the FBI number?",
    "I dialed 911 by mistake",
    "how do I text a dispatcher?",
    "phone number for animal control",
    "list the crisis lines",
    "what is the non-emergency number?",
    "thanks",
    "someone is breaking into my car right now",
    "what will the dispatcher ask me?",
    "what is smart911?",
    "number for the DEA",
    "why do you need my location first?",
    "I want to report a noise complaint from last night",
    "are you a robot?",
    "what is rapidsos",
    "who handles ambulances?",
    "bye",
]


def converse(stack, index: int):
    results = []
    with requests.Session() as session:
        for turn in range(MESSAGES):
            text = SCRIPT[(index + turn) % len(SCRIPT)]
            try:
                reply = say(stack, f"load-{index}", text, session=session)
                results.append((text, reply.status, reply.texts, reply.seconds))
            except requests.RequestException as error:  # a refused or hung request
                results.append((text, type(error).__name__, [], float("inf")))
    return results


def test_fifty_concurrent_conversations_of_twenty_messages(hardened, summary):
    started = time.monotonic()
    with ThreadPoolExecutor(CONVERSATIONS) as pool:
        conversations = list(pool.map(lambda i: converse(hardened, i), range(CONVERSATIONS)))
    elapsed = time.monotonic() - started
    turns = [turn for conversation in conversations for turn in conversation]
    errors = [t for t in turns if t[1] != 200]
    empty = [t for t in turns if t[1] == 200 and not any(text.strip() for text in t[2])]
    latencies = sorted(t[3] for t in turns)
    summary["other: load requests"] += len(turns)
    summary["other: load errors"] += len(errors)
    summary["other: load empty replies"] += len(empty)
    print(
        f"\nload: {len(turns)} requests in {elapsed:.1f} s ({len(turns) / elapsed:.0f} msg/s), "
        f"p50 {latencies[len(latencies) // 2]:.2f} s, p95 {latencies[int(len(latencies) * 0.95)]:.2f} s, "
        f"max {latencies[-1]:.2f} s; {len(errors)} errors, {len(empty)} empty replies"
    )
    assert len(turns) == CONVERSATIONS * MESSAGES
    assert errors == []
    assert empty == []
    assert elapsed < MAX_SECONDS
