"""Runs the held-out lookup set through the trained assistant and scores the numbers.

Each message is sent in a new conversation to the real model (NLU, safety net,
policies, responses) loaded in this process with Rasa's Agent, with the real action
server (`python -m rasa_sdk --actions actions`) on a free loopback port, so the
lookups run the code residents get. A reply is judged by the directory numbers its
texts contain:

- *right*: every number of one of the expected answers is in the reply; for a
  labelled number ("lge#gas") the entry's other numbers are not in the lookup's answer;
  and no number is wrong;
- *wrong*: the lookup's answer (the texts of the custom actions) gives a number of an
  entry that is not among the expected ones. The numbers in the fixed responses (the
  non-emergency line in the guidance, the hotlines of a safety reply) are advice, not
  the answer, and are not counted as wrong;
- *guidance* (situations only): "emergency" needs 911 first (utter_emergency or the
  911 line as the first reply); "non_emergency" needs the non-emergency line in a
  fixed response.

`python -m tests.lookup_eval.harness [--model M] [--set holdout|dev] [--show]` prints the
table (--show every miss: use it on the dev set only).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from assistant.directory import Directory, load_directory
from assistant.matching import NON_EMERGENCY_ENTRY
from launcher.stack import PROJECT_ROOT, VENV_BIN, free_port, quiet_environment

HERE = Path(__file__).resolve().parent
HOLDOUT = HERE / "holdout.yml"
SETS = {"holdout": HOLDOUT, "dev": HERE / "dev.yml"}  # dev.yml may be read and tuned on
EMERGENCY_FIRST = {"utter_emergency", "utter_line_emergency"}


@dataclass(frozen=True)
class Case:
    text: str
    expect: Tuple[str, ...]  # "entry" or "entry#label-word"
    numbers: Dict[str, Tuple[str, ...]]  # expected answer -> numbers the reply must show
    kind: str
    guidance: str = ""


@dataclass
class Outcome:
    case: Case
    actions: List[str]
    texts: List[Tuple[str, str]]  # (the action that said it, the text)
    right: bool = False
    wrong: List[str] = field(default_factory=list)  # "entry: number" given as the answer
    guided: Optional[bool] = None  # None: no guidance expected


def load_cases(path: Path = HOLDOUT) -> List[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(
            text=str(c["text"]),
            expect=tuple(c["expect"]),
            numbers={k: tuple(v) for k, v in c["numbers"].items()},
            kind=c["kind"],
            guidance=c.get("guidance", ""),
        )
        for c in data["cases"]
    ]


def numbers_in(text: str, directory: Directory) -> Dict[str, str]:
    """Every directory number the text shows, as it is displayed -> its entry's id."""
    found = {}
    for entry in directory.entries:
        for number in entry.numbers:
            shown = number.display
            pattern = (
                re.escape(shown) if len(number.digits) > 3 else rf"(?<![\d(-]){re.escape(shown)}(?![\d)-])"
            )
            if re.search(pattern, text):
                found[shown] = entry.id
    # "(800) 222-5555" is inside "1 (800) 222-5555": the longer one is what was shown.
    return {n: e for n, e in found.items() if not any(n != other and n in other for other in found)}


def judge(outcome: Outcome, directory: Directory) -> Outcome:
    case = outcome.case
    accepted = {target.partition("#")[0] for target in case.expect}
    everything = " \n".join(text for _, text in outcome.texts)
    answer = " \n".join(text for action, text in outcome.texts if not action.startswith("utter_"))
    shown = numbers_in(everything, directory)
    answered = numbers_in(answer, directory)
    outcome.wrong = [f"{entry}: {number}" for number, entry in answered.items() if entry not in accepted]
    for target in case.expect:
        entry, _, word = target.partition("#")
        wanted = set(case.numbers[target])
        if not wanted <= set(shown):
            continue
        others = {n for n, e in answered.items() if e == entry} - wanted
        if word and others:
            continue
        outcome.right = not outcome.wrong
        break
    if case.guidance == "emergency":
        first = next(
            (a for a in outcome.actions if a.startswith("utter_") or a.startswith("action_lookup")), ""
        )
        outcome.guided = first in EMERGENCY_FIRST
    elif case.guidance == "non_emergency":
        line = directory.get(NON_EMERGENCY_ENTRY).numbers[0].display
        outcome.guided = any(a.startswith("utter_") and line in t for a, t in outcome.texts)
    return outcome


def _turn(events: Sequence[dict]) -> Tuple[List[str], List[Tuple[str, str]]]:
    """The actions after the last user message, and each bot text with its action."""
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    actions: List[str] = []
    texts: List[Tuple[str, str]] = []
    for event in events[last_user + 1 :]:
        if event["event"] == "action" and event["name"] not in ("action_listen", "action_extract_slots"):
            actions.append(event["name"])
        elif event["event"] == "bot":
            # Rasa logs an action, then what it said: a custom action's reply belongs to
            # it even when it fills a domain response (metadata utter_action).
            texts.append((actions[-1] if actions else "", event.get("text") or ""))
    return actions, texts


class ActionServer:
    """The project's action server, started as `make run` starts it, on a free port."""

    def __enter__(self) -> "ActionServer":
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.port)],
            cwd=PROJECT_ROOT,
            env=quiet_environment({"SANIC_HOST": "127.0.0.1"}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the action server stopped at start-up")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.process.kill()
        raise RuntimeError("the action server did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def _run(model: Path, cases: Iterable[Case], action_url: str) -> List[Outcome]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    logging.disable(logging.CRITICAL)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model), action_endpoint=EndpointConfig(action_url))
    directory = load_directory()
    outcomes = []
    for case in cases:
        sender = f"lookup-eval-{uuid.uuid4().hex}"
        await agent.handle_text(case.text, sender_id=sender)
        tracker = await agent.processor.get_tracker(sender)
        actions, texts = _turn([e.as_dict() for e in tracker.events])
        outcomes.append(judge(Outcome(case, actions, texts), directory))
    return outcomes


def run(model: Path, cases: Iterable[Case]) -> List[Outcome]:
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    with ActionServer() as server:
        return asyncio.run(_run(model, list(cases), server.url))


@dataclass
class Score:
    total: int = 0
    right: int = 0
    wrong: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(outcomes: Iterable[Outcome]) -> Dict[str, Score]:
    scores: Dict[str, Score] = defaultdict(Score)
    for outcome in outcomes:
        for key in ("all", outcome.case.kind):
            scores[key].total += 1
            scores[key].right += outcome.right
            scores[key].wrong += bool(outcome.wrong)
    return dict(scores)


def guidance_score(outcomes: Iterable[Outcome]) -> Tuple[int, int]:
    judged = [o.guided for o in outcomes if o.guided is not None]
    return sum(judged), len(judged)


def format_table(scores: Dict[str, Score], guidance: Tuple[int, int]) -> str:
    lines = ["| kind | n | right numbers | replies with a wrong number |", "|---|---:|---:|---:|"]
    for key in sorted(scores, key=lambda k: (k != "all", k)):
        s = scores[key]
        lines.append(f"| {key} | {s.total} | {s.right}/{s.total} = {s.rate:.1%} | {s.wrong} |")
    got, total = guidance
    lines.append(
        f"\nSituations with the right guidance (911 first, or the non-emergency line) as well: {got}/{total}"
    )
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "assistant.tar.gz"))
    parser.add_argument("--set", choices=sorted(SETS), default="holdout")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    outcomes = run(Path(args.model), load_cases(SETS[args.set]))
    print(format_table(score(outcomes), guidance_score(outcomes)))
    if args.show:
        for o in outcomes:
            if not o.right or o.wrong or o.guided is False:
                shown = " | ".join(t.replace("\n", " / ") for _, t in o.texts)
                print(
                    f"MISS {o.case.text!r} expect={list(o.case.expect)} wrong={o.wrong} "
                    f"guided={o.guided} actions={o.actions}\n    {shown[:300]}"
                )


if __name__ == "__main__":
    main()
