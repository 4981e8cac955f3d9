"""Where the time goes: `python -m bench.profile [ours|ours-fast|prod] [--conversations N]`.

Starts the system, puts it under N concurrent conversations (REST) for --seconds,
and prints each process's CPU time per message (Rasa servers, action server, nginx,
PostgreSQL, Redis, the load generator) and the share of the machine they used. With
py-spy available (`pip install py-spy` anywhere; $PY_SPY or on PATH; it is not a
project requirement), it also samples the (first) Rasa server and prints the
functions that took the largest share of its CPU time, inclusive.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import settings
from bench.conversations import messages
from bench.load import run_load
from bench.proc import busy_share, cpu_times, descendants, jiffies
from bench.systems import start_ours, start_prod

# the steps of handling a message, as Rasa 3.6 names them
HOT = (
    "handle_message (rasa/core/processor.py)",
    "_validate_action_result",
    "check_schema",
    "resolve_by_type",
    "retrieve (rasa/core/tracker_store.py)",
    "save (rasa/core/tracker_store.py)",
    "lock (scaling/lock_store.py)",
    "issue_ticket",
    "parse_message (rasa/core/processor.py)",
    "_predict_next_with_tracker (rasa/core/processor.py)",
    "_run_action (rasa/core/processor.py)",
    "run (rasa/core/actions/action.py)",
    "(scaling/tracker_cache.py)",
    "(scaling/recent_history.py)",
    "(scaling/tracker_replay.py)",
    "commit (sqlalchemy/orm/session.py)",
)


def top_functions(raw: Path, count: int = 30) -> List[str]:
    """py-spy --format raw (collapsed stacks) -> the functions with most inclusive samples."""
    total, inclusive = 0, collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack:
            continue
        samples = int(n)
        total += samples
        seen = set()
        for frame in stack.split(";"):
            key = re.sub(r":\d+\)", ")", frame)
            if key not in seen and not key.startswith(("process ", "thread ")):
                seen.add(key)
                inclusive[key] += samples
    return [f"{100.0 * v / total:5.1f}%  {k}" for k, v in inclusive.most_common(count)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("system", nargs="?", default="ours-fast", choices=["ours", "ours-fast", "prod"])
    parser.add_argument("--conversations", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="jtpd-profile-"))
    work.chmod(0o711)
    services = work / "services"
    services.mkdir()
    services.chmod(0o711)
    running = (
        start_prod(work, services)
        if args.system == "prod"
        else start_ours(work, fast=args.system == "ours-fast")
    )
    try:
        url = running.rest_url
        asyncio.run(run_load(url, 4, lambda c: messages("ours", 8, seed=c), "warm"))
        spy_path = settings.PY_SPY.read() or shutil.which("py-spy")
        raw = work / "rasa.raw"
        spy = None
        if spy_path:
            spy = subprocess.Popen(
                [
                    spy_path,
                    "record",
                    "-p",
                    str(running.rasa_pids[0]),
                    "-d",
                    str(int(args.seconds) + 1),
                    "-r",
                    "100",
                    "-f",
                    "raw",
                    "-o",
                    str(raw),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(0.5)
        groups: Dict[str, List[int]] = {"load generator": [os.getpid()]}
        for i, pid in enumerate(running.rasa_pids):
            groups[f"Rasa server {i + 1}"] = [pid]
        if running.action_pid:
            groups["action server"] = [running.action_pid]
        if args.system == "prod":
            for name, pidfile in (
                ("PostgreSQL", services / "pg" / "data" / "postmaster.pid"),
                ("Redis", services / "redis" / "redis.pid"),
            ):
                groups[name] = descendants([int(pidfile.read_text().split()[0])])
            nginx = subprocess.run(["pgrep", "-f", str(work)], capture_output=True, text=True).stdout.split()
            groups["nginx"] = [
                int(p) for p in nginx if "nginx" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
            ]
        before = {name: sum(jiffies(p) for p in pids) for name, pids in groups.items()}
        system_before = cpu_times()
        started, answered, n = time.monotonic(), 0, 0
        while time.monotonic() - started < args.seconds:
            result = asyncio.run(
                run_load(url, args.conversations, lambda c: messages("ours", 20, seed=c + n), f"p{n}")
            )
            answered += len(result.ok)
            n += 1
        wall = time.monotonic() - started
        hz = os.sysconf("SC_CLK_TCK")
        busy = busy_share(system_before, cpu_times())
        print(
            f"{args.system}, {args.conversations} conversations: {answered} messages in "
            f"{wall:.1f} s = {answered / wall:.1f} msg/s; machine busy "
            f"{100.0 * busy:.0f}% of {os.cpu_count()} cores"
        )
        for name, pids in groups.items():
            used = (sum(jiffies(p) for p in pids) - before[name]) / hz
            print(
                f"  {name:16s} {100.0 * used / wall:5.1f}% of a core  "
                f"{1000.0 * used / max(1, answered):6.2f} ms CPU per message"
            )
        if spy is not None:
            spy.wait()
            print("\nRasa server 1, share of its CPU samples (inclusive), py-spy:")
            for line in top_functions(raw, 400):
                if any(line.endswith(h) or h in line for h in HOT):
                    print("  " + line)
        else:
            print("\n(py-spy not found: no function profile)")
    finally:
        running.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
