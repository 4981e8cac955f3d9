"""One measured run of a started system: loads at each level, memory, CPU per message.

Other sessions may share the cores, so every load level is measured with an
OthersMeter and run again (up to RETRIES times) when others took more than
OTHERS_LIMIT of the machine during it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from bench import long_conversation
from bench.conversations import messages
from bench.load import LoadResult, run_load
from bench.proc import OthersMeter, busy_fraction, jiffies, load_average, rss_mb
from bench.systems import Running

Levels = Sequence[Tuple[int, int]]  # (concurrent conversations, messages each)
OTHERS_LIMIT = 0.15  # a level measured while others used more of the cores is run again
RETRIES = 2


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait_for_quiet(threshold: float = 0.2, max_wait: float = 180.0) -> float:
    """Wait (at most max_wait) until other work on the machine uses < threshold of it.

    Other sessions may run tests on the same cores; a run measured while they do
    is slower for reasons of theirs. Returns the busy share seen last.
    """
    deadline = time.monotonic() + max_wait
    busy = busy_fraction()
    while busy >= threshold and time.monotonic() < deadline:
        log(f"  machine busy ({busy:.0%} of the cores used by others); waiting")
        busy = busy_fraction(5.0)
    return busy


@dataclass
class RunFigures:
    system: str
    startup: float
    rasa_rss: List[float] = field(default_factory=list)
    rasa_peak: List[float] = field(default_factory=list)
    action_rss: Optional[float] = None
    levels: Dict[int, Dict[str, float]] = field(default_factory=dict)
    others: Dict[int, float] = field(default_factory=dict)  # others' share of the cores per level
    rasa_cpu: Dict[int, List[float]] = field(default_factory=dict)  # each Rasa server's CPU, % of a core
    long: Optional[long_conversation.Curve] = None  # one long conversation, alone
    load: str = ""
    background: float = 0.0  # share of the cores busy before the run (others' work)


def level_figures(result: LoadResult, cpu_ms: float) -> Dict[str, float]:
    """One load level's row of figures (latencies in ms)."""
    return {
        "throughput": result.throughput,
        "p50": result.percentile(50) * 1000,
        "p95": result.percentile(95) * 1000,
        "p99": result.percentile(99) * 1000,
        "messages": len(result.samples),
        "failed": len(result.failures),
        "cpu_ms": cpu_ms,
    }


def measure(
    running: Running, kind: str, levels: Levels, tag: str, meter: OthersMeter, long_messages: int = 0
) -> RunFigures:
    figures = RunFigures(running.name, running.startup)
    strict = kind != "stock"  # the stock assistant answers some turns with nothing
    # warm-up, not counted: every intent path and the action server once
    asyncio.run(
        run_load(
            running.rest_url, 4, lambda c: messages(kind, 8, seed=c), f"{tag}-warm", require_reply=strict
        )
    )
    for conversations, per_conversation in levels:
        for attempt in range(RETRIES + 1):
            rasa_before = [jiffies(pid) for pid in running.rasa_pids]
            meter.start()
            result: LoadResult = asyncio.run(
                run_load(
                    running.rest_url,
                    conversations,
                    lambda c: messages(kind, per_conversation, seed=c),
                    f"{tag}-{conversations}-{attempt}",
                    require_reply=strict,
                )
            )
            others = meter.stop()
            hz = os.sysconf("SC_CLK_TCK")
            used = [(jiffies(pid) - before) / hz for pid, before in zip(running.rasa_pids, rasa_before)]
            figures.rasa_cpu[conversations] = [100.0 * u / result.wall for u in used]
            cpu_ms = 1000.0 * sum(used) / max(1, len(result.samples))
            if others <= OTHERS_LIMIT or attempt == RETRIES:
                break
            log(f"  {running.name} @{conversations}: others used {others:.0%} of the cores; again")
            wait_for_quiet()
        figures.others[conversations] = others
        failures = result.failures
        if failures:
            log(f"  {running.name} @{conversations}: {len(failures)} failed, e.g. {failures[0].error}")
        figures.levels[conversations] = level_figures(result, cpu_ms)
        log(
            f"  {running.name} @{conversations}: {result.throughput:.1f} msg/s, "
            f"p50 {result.percentile(50) * 1000:.0f} ms, p95 {result.percentile(95) * 1000:.0f} ms, "
            f"Rasa CPU {cpu_ms:.1f} ms per message"
        )
    if long_messages:
        figures.long = long_conversation.measure(
            running.rest_url, running.rasa_pids, long_messages, f"{tag}-long", kind
        )
        log(
            f"  {running.name}, one conversation of {long_messages}: "
            f"{long_conversation.describe(figures.long)}"
        )
    for pid in running.rasa_pids:
        memory = rss_mb(pid)
        figures.rasa_rss.append(memory["rss"])
        figures.rasa_peak.append(memory["peak"])
    if running.action_pid:
        figures.action_rss = rss_mb(running.action_pid)["rss"]
    figures.load = load_average()
    return figures
