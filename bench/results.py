"""bench/results.md: when and how the run was made, the table, the targets, each run.

`document` is a pure function of the figures (tests/unit/test_bench_results.py).
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from typing import Dict, List

from bench import long_conversation
from bench.measure import Levels, RunFigures
from launcher.stack import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results.md"


@dataclass
class Setting:
    """How the run was made, for the header: a table without it cannot be judged later."""

    started_at: datetime.datetime
    commit: str
    node: str
    cores: int
    rasa: str
    python: str
    load_before: str
    load_after: str
    reps: int
    levels: Levels
    long_messages: int


def commit() -> str:
    """The checked-out commit, and whether files differed from it (the run measured those)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (
        " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    )


def header(s: Setting) -> List[str]:
    return [
        "# Benchmark: this assistant against the stock `rasa init` assistant",
        "",
        f"Run {s.started_at:%Y-%m-%d %H:%M %Z} on commit {s.commit} by `make bench` (bench/run.py) "
        f"on {s.node}: {s.cores} cores, Rasa {s.rasa}, Python {s.python}; "
        f"load average {s.load_before} before, {s.load_after} after. Medians of {s.reps} runs "
        f"per system (startup, memory, latency, throughput); training once each. "
        f"Messages per conversation at 1/10/50 conversations: "
        f"{', '.join(str(n) for _, n in s.levels)}; the load generator runs on the same cores. "
        f"Rasa CPU per message: CPU time of the Rasa server(s) during a load over its messages. "
        f"One conversation: {s.long_messages} messages sent one at a time, alone "
        f"(bench/long_conversation.py); medians over the 10 messages up to each point.",
        "",
        "Ratios are ours ÷ stock (lower is better for time, memory and latency; higher for throughput).",
        "",
    ]


def _joined(values: List[float], form: str, separator: str = " + ") -> str:
    return separator.join(format(v, form) for v in values)


def each_run(runs: List[RunFigures], levels: Levels) -> List[str]:
    """The per-run table below the medians: every run's own figures, in the order run."""
    points = ", ".join("1-10" if p == long_conversation.WINDOW else str(p) for p in long_conversation.POINTS)
    lines = [
        "",
        "## Each run",
        "",
        "| system | start (s) | Rasa RSS (MB) | peak (MB) | action RSS (MB) | "
        + " | ".join(
            f"{c} conv.: msg/s, p95 ms, Rasa CPU (share of a core, ms per message)" for c, _ in levels
        )
        + f" | one conversation: Rasa CPU ms per message at {points}"
        + " | failed | others' CPU share during the loads | load avg after |",
        "|---|---:|---:|---:|---:|" + "---:|" * len(levels) + "---:|---:|---:|---|",
    ]
    for r in runs:
        cells = " | ".join(
            f"{r.levels[c]['throughput']:.1f}, {r.levels[c]['p95']:.0f}, "
            f"{' + '.join(f'{v:.0f}%' for v in r.rasa_cpu.get(c, []))}, "
            f"{r.levels[c]['cpu_ms']:.1f} ms"
            for c, _ in levels
        )
        long_cells = ", ".join(f"{cpu:.1f}" for _, cpu in r.long.points().values()) if r.long else ""
        failed = sum(int(r.levels[c]["failed"]) for c, _ in levels)
        action = "" if r.action_rss is None else f"{r.action_rss:.0f}"
        others = " / ".join(f"{r.others[c]:.0%}" for c, _ in levels)
        lines.append(
            f"| {r.system} | {r.startup:.1f} | {_joined(r.rasa_rss, '.0f')} | "
            f"{_joined(r.rasa_peak, '.0f')} | {action} | {cells} | {long_cells} | {failed} | "
            f"{others} | {r.load} |"
        )
    return lines


def training_note(training_others: Dict[str, float]) -> List[str]:
    if not training_others:
        return []
    shares = ", ".join(
        f"{share:.0%} of the cores while {name} trained" for name, share in training_others.items()
    )
    return ["", f"Training: others used {shares} (one run each, not repeated)."]


def document(
    setting: Setting,
    rendered: str,
    verdicts: List[str],
    runs: List[RunFigures],
    training_others: Dict[str, float],
) -> str:
    """The whole of bench/results.md."""
    lines = header(setting) + [rendered, "", "Targets:", ""] + verdicts
    lines += each_run(runs, setting.levels) + training_note(training_others)
    return "\n".join(lines) + "\n"


def write(text: str) -> None:
    RESULTS.write_text(text, encoding="utf-8")
