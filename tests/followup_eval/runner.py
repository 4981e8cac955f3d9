"""Plays the held-out follow-up conversations through the real servers and scores them.

Each conversation of tests/followup_eval/holdout.yml is sent turn by turn, as one
resident (its own sender id), to the REST channel of a running assistant: the real
action server and Rasa server, started on free loopback ports by launcher.stack. A
conversation passes when every one of its replies holds what its turn asks for
(holdout.yml's header says how a turn is written).

`python -m tests.followup_eval.runner [--model M] [--out results/followup_eval.md]`
starts the servers, plays every conversation, prints the table and writes it.
tests/followup_eval/test_followup_eval.py runs the same and holds the floor.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Union

import yaml

HERE = Path(__file__).resolve().parent
HOLDOUT = HERE / "holdout.yml"

Requirement = Union[str, List[str]]  # a phrase, or phrases of which any one will do


@dataclass(frozen=True)
class Turn:
    user: str
    contains: Sequence[Requirement] = ()
    first: str = ""
    absent: Sequence[str] = ()


@dataclass(frozen=True)
class Conversation:
    id: str
    turns: Sequence[Turn]

    @property
    def topic(self) -> str:
        return self.id.split("-", 1)[0]


@dataclass
class Outcome:
    conversation: Conversation
    replies: List[List[str]] = field(default_factory=list)  # per turn, its messages
    problems: List[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _requirement(item: object) -> Requirement:
    # YAML reads a bare 911 as a number: every phrase is text
    return [str(option) for option in item] if isinstance(item, list) else str(item)


def load_conversations(path: Path = HOLDOUT) -> List[Conversation]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]
    return [
        Conversation(
            id=c["id"],
            turns=[
                Turn(
                    user=str(t["user"]),
                    contains=[_requirement(item) for item in t.get("contains") or ()],
                    first=str(t.get("first") or ""),
                    absent=[str(phrase) for phrase in t.get("absent") or ()],
                )
                for t in c["turns"]
            ],
        )
        for c in raw
    ]


def check_turn(turn: Turn, messages: Sequence[str]) -> List[str]:
    """What the reply lacks or wrongly holds; empty when it is right."""
    whole = "\n".join(messages).lower()
    problems = []
    for requirement in turn.contains:
        options = [requirement] if isinstance(requirement, str) else list(requirement)
        if not any(str(option).lower() in whole for option in options):
            problems.append(f"missing {' or '.join(map(repr, options))}")
    if turn.first and not (messages and turn.first.lower() in messages[0].lower()):
        problems.append(f"first message lacks {turn.first!r}")
    for phrase in turn.absent:
        if str(phrase).lower() in whole:
            problems.append(f"says {phrase!r}")
    return problems


def _post(url: str, sender: str, text: str) -> List[str]:
    request = urllib.request.Request(
        url,
        data=json.dumps({"sender": sender, "message": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return [m.get("text") or "" for m in json.load(response)]


def play(rest_url: str, conversations: Sequence[Conversation], run_id: str = "followup") -> List[Outcome]:
    outcomes = []
    for conversation in conversations:
        outcome = Outcome(conversation)
        sender = f"{run_id}-{conversation.id}"
        for number, turn in enumerate(conversation.turns, 1):
            messages = _post(rest_url, sender, turn.user)
            outcome.replies.append(messages)
            problems = check_turn(turn, messages)
            if problems:  # with the start of what was said instead
                said = " / ".join(messages)[:90].replace("\n", " ")
                outcome.problems.append(
                    f"turn {number} ({turn.user!r}): {'; '.join(problems)} (got: {said!r})"
                )
        outcomes.append(outcome)
    return outcomes


def pass_rate(outcomes: Sequence[Outcome]) -> float:
    return sum(o.passed for o in outcomes) / len(outcomes) if outcomes else 0.0


def format_report(outcomes: Sequence[Outcome], title: str = "Follow-up conversations (held out)") -> str:
    by_topic: Dict[str, List[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_topic[outcome.conversation.topic].append(outcome)
    lines = [
        f"# {title}",
        "",
        f"Passed {sum(o.passed for o in outcomes)} of {len(outcomes)} conversations "
        f"({pass_rate(outcomes):.1%}).",
        "",
        "| topic | conversations | passed |",
        "| --- | --- | --- |",
    ]
    for topic in sorted(by_topic):
        group = by_topic[topic]
        lines.append(f"| {topic} | {len(group)} | {sum(o.passed for o in group)} |")
    failed = [o for o in outcomes if not o.passed]
    if failed:
        lines += ["", "## Failed", ""]
        for outcome in failed:
            lines.append(f"- `{outcome.conversation.id}`: " + "; ".join(outcome.problems))
    return "\n".join(lines) + "\n"


def run_with_servers(model: Path, conversations: Sequence[Conversation]) -> List[Outcome]:
    from launcher.stack import Stack, StackSettings

    with tempfile.TemporaryDirectory(prefix="followup-eval-") as run_dir:
        settings = StackSettings.for_tests(Path(run_dir), start_web=False, model_path=model)
        with Stack(settings) as stack:
            return play(stack.rest_url, conversations)


def main() -> None:
    from launcher.stack import MODEL_PATH, PROJECT_ROOT

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results" / "followup_eval.md")
    args = parser.parse_args()
    report = format_report(run_with_servers(args.model, load_conversations()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
