"""Cost of a message against the length of its conversation:
`python -m bench.long_conversation [ours|ours-fast|prod] [--messages 400]`.

One conversation of --messages messages (bench/conversations.py's scripts, one after
the other, each sent when the previous one is answered), through the REST channel.
For every message it records the latency and the CPU time the Rasa server(s) used
while handling it (the sum over their threads of /proc/<pid>/task/*/schedstat, in
nanoseconds). The curve is the median of each over messages 1-10 and over the ten
messages up to 100, 200, 400 (those that exist). A flat curve means a message late
in a long conversation costs what an early one does.

`make bench` runs it for every system (bench/measure.py); alone it prints the curve.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import aiohttp

from bench.conversations import messages
from bench.load import send
from bench.proc import cpu_ns

POINTS = (10, 100, 200, 400)  # the curve: messages 1-10, 91-100, 191-200, 391-400
WINDOW = 10
MESSAGES = POINTS[-1]  # the default length: long enough for every point


@dataclass
class Curve:
    latency_ms: List[float] = field(default_factory=list)  # per message, in order
    cpu_ms: List[float] = field(default_factory=list)
    failed: int = 0

    def window(self, last: int) -> Tuple[float, float]:
        """Median latency and CPU (ms) of the WINDOW messages ending at message `last`."""
        start = max(0, last - WINDOW)
        lat, cpu = self.latency_ms[start:last], self.cpu_ms[start:last]
        if len(lat) < WINDOW:
            return float("nan"), float("nan")
        return statistics.median(lat), statistics.median(cpu)

    def points(self) -> Dict[int, Tuple[float, float]]:
        return {p: self.window(p) for p in POINTS if p <= len(self.latency_ms)}


async def _run(url: str, rasa_pids: Sequence[int], count: int, sender: str, kind: str) -> Curve:
    curve = Curve()
    turns = messages(kind, count, seed=0)
    async with aiohttp.ClientSession() as session:
        for index, (text, check) in enumerate(turns):
            before = sum(cpu_ns(pid) for pid in rasa_pids)
            sample = await send(
                session, url, sender, text, check, index, require_reply=kind != "stock"
            )  # stock: some turns unanswered
            used = sum(cpu_ns(pid) for pid in rasa_pids) - before
            curve.latency_ms.append(sample.latency * 1000.0)
            curve.cpu_ms.append(used / 1e6)
            curve.failed += 0 if sample.ok else 1
    return curve


def measure(
    url: str, rasa_pids: Sequence[int], count: int = MESSAGES, sender: str = "", kind: str = "ours"
) -> Curve:
    """One conversation of `count` messages (`kind`: "ours" or "stock" scripts)."""
    return asyncio.run(_run(url, rasa_pids, count, sender or f"long-{time.time_ns()}", kind))


def describe(curve: Curve) -> str:
    cells = [
        f"{'1-10' if p == WINDOW else p}: {lat:.0f} ms, {cpu:.1f} ms CPU"
        for p, (lat, cpu) in curve.points().items()
    ]
    return "; ".join(cells) + (f"; {curve.failed} failed" if curve.failed else "")


def main(argv=None) -> int:
    from bench.systems import start_ours, start_prod

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("system", nargs="?", default="ours-fast", choices=["ours", "ours-fast", "prod"])
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--raw", action="store_true", help="also print every message's figures")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="jtpd-long-"))
    work.chmod(0o711)
    running = None
    try:
        if args.system == "prod":
            services = work / "services"
            services.mkdir()
            services.chmod(0o711)
            running = start_prod(work, services)
        else:
            running = start_ours(work, fast=args.system == "ours-fast")
        measure(running.rest_url, running.rasa_pids, 8, sender="warm-up")
        curve = measure(running.rest_url, running.rasa_pids, args.messages)
        if args.raw:
            for i, (lat, cpu) in enumerate(zip(curve.latency_ms, curve.cpu_ms), 1):
                print(f"{i}\t{lat:.1f}\t{cpu:.2f}")
        print(
            f"{args.system}, one conversation of {args.messages} messages "
            f"(median latency, Rasa CPU per message): {describe(curve)}"
        )
    finally:
        if running is not None:
            running.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
