"""Runs the held-out Spanish set through a trained model's NLU and scores the intents.

Each message is parsed by the real pipeline (tokenizer, featurizers, classifier,
fallback, directory entities, safety net) loaded with Rasa's Agent, without an action
server: only the NLU is measured here. For each message the report gives the intent
found and the language `assistant.language.detect_language` sees, so a message the
rest of the assistant would answer in English shows up.

`python -m tests.spanish_eval.harness [--model M] [--show]` prints the report.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import yaml

from assistant.language import SPANISH, detect_language

HERE = Path(__file__).resolve().parent
HOLDOUT = HERE / "holdout.yml"


@dataclass(frozen=True)
class Case:
    text: str
    intent: str
    block: str  # "intents", "lookups" or "safety"
    entry: Optional[str] = None  # directory entry id a lookup must name
    category: Optional[str] = None  # directory category a category list must name


@dataclass(frozen=True)
class Outcome:
    case: Case
    intent: str
    confidence: float
    agencies: tuple
    categories: tuple
    language: str

    @property
    def right(self) -> bool:
        return self.intent == self.case.intent

    @property
    def names_entry(self) -> Optional[bool]:
        """For a lookup: was its entry (or category) found? None for other messages."""
        if self.case.entry:
            return self.case.entry in self.agencies
        if self.case.category:
            return self.case.category in self.categories
        return None


def load_cases(path: Path = HOLDOUT) -> List[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [
        Case(text=str(text), intent=intent, block="intents")
        for intent, texts in data["intents"].items()
        for text in texts
    ]
    cases += [
        Case(
            text=str(item["text"]),
            intent=item["intent"],
            block="lookups",
            entry=item.get("entry"),
            category=item.get("category"),
        )
        for item in data["lookups"]
    ]
    cases += [Case(text=str(item["text"]), intent=item["concern"], block="safety") for item in data["safety"]]
    return cases


async def _parse_all(model: Path, cases: Sequence[Case]) -> List[Outcome]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    logging.disable(logging.CRITICAL)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    outcomes = []
    for case in cases:
        parsed = await agent.parse_message(case.text)
        entities = parsed.get("entities") or []
        outcomes.append(
            Outcome(
                case=case,
                intent=(parsed.get("intent") or {}).get("name") or "",
                confidence=float((parsed.get("intent") or {}).get("confidence") or 0.0),
                agencies=tuple(e["value"] for e in entities if e["entity"] == "agency"),
                categories=tuple(e["value"] for e in entities if e["entity"] == "category"),
                language=detect_language(case.text),
            )
        )
    return outcomes


def run(model: Path, cases: Iterable[Case]) -> List[Outcome]:
    return asyncio.run(_parse_all(model, list(cases)))


@dataclass
class Tally:
    total: int = 0
    hits: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} = {self.rate:.1%}"


def accuracy(outcomes: Iterable[Outcome]) -> Tally:
    tally = Tally()
    for outcome in outcomes:
        tally.total += 1
        tally.hits += outcome.right
    return tally


def per_intent(outcomes: Iterable[Outcome]) -> Dict[str, Tally]:
    tallies: Dict[str, Tally] = defaultdict(Tally)
    for outcome in outcomes:
        tallies[outcome.case.intent].total += 1
        tallies[outcome.case.intent].hits += outcome.right
    return dict(sorted(tallies.items()))


def report(outcomes: Sequence[Outcome], show_misses: bool = True) -> str:
    """The markdown report: overall, per block, per intent, lookups' entries, language."""
    lines = [
        "# Spanish NLU: held-out set (tests/spanish_eval/holdout.yml)",
        "",
        f"Intent accuracy, all messages: **{accuracy(outcomes)}**",
        "",
        "| block | intent accuracy |",
        "|---|---:|",
    ]
    for block in ("intents", "lookups", "safety"):
        lines.append(f"| {block} | {accuracy(o for o in outcomes if o.case.block == block)} |")
    lookups = [o for o in outcomes if o.names_entry is not None]
    named = Tally(len(lookups), sum(bool(o.names_entry) for o in lookups))
    spanish = Tally(len(outcomes), sum(o.language == SPANISH for o in outcomes))
    lines += [
        "",
        f"Lookups whose entry or category was found (entities): {named}",
        f"Messages `detect_language` reads as Spanish: {spanish}",
        "",
        "| intent | accuracy | most frequent wrong guess |",
        "|---|---:|---|",
    ]
    for intent, tally in per_intent(outcomes).items():
        wrong: Dict[str, int] = defaultdict(int)
        for o in outcomes:
            if o.case.intent == intent and not o.right:
                wrong[o.intent] += 1
        worst = max(wrong, key=wrong.get) if wrong else ""
        lines.append(f"| {intent} | {tally} | {worst} |")
    if show_misses:
        lines += [
            "",
            "## Misses",
            "",
            "| message | expected | got (confidence) | language |",
            "|---|---|---|---|",
        ]
        for o in outcomes:
            if not o.right:
                lines.append(
                    f"| {o.case.text} | {o.case.intent} | {o.intent} ({o.confidence:.2f}) | {o.language} |"
                )
        lines += ["", "## Read as English by `detect_language`", ""]
        lines += [f"- {o.case.text}" for o in outcomes if o.language != SPANISH]
    return "\n".join(lines) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/assistant.tar.gz")
    parser.add_argument("--show", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    print(report(run(Path(args.model), load_cases()), show_misses=args.show))


if __name__ == "__main__":
    main()
