"""`make bench`: our assistant against the stock `rasa init` assistant, same machine, same run.

For each system (bench/systems.py: stock `rasa init`; ours on plain `rasa run`; ours as
`make run` starts it, with rasa_patches/; the production mode behind nginx) it
measures (bench/measure.py) the time from starting the servers to the first answer,
the resident memory of the Rasa server(s) and of the action server after the load,
and through the REST channel, for 1, 10 and 50 concurrent conversations of mixed
messages (bench/conversations.py; for ours about half are lookups that call the
action server), messages per second, p50/p95/p99 latency and the Rasa server's CPU
time per message; then the cost of a message against the length of its
conversation: one conversation of 400 messages alone (bench/long_conversation.py).
Each system is started --reps times (interleaved, so a noisy moment hits all of them)
and the table (bench/table.py) shows medians. Training time from a clean cache (a
fresh RASA_CACHE_DIRECTORY) is measured once per assistant. The load generator
(aiohttp) runs on the same 2 cores.

Prints the table and writes it, with the per-run figures, to bench/results.md
(bench/results.py).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

from bench import long_conversation, results, systems
from bench.measure import RunFigures, log, measure, wait_for_quiet
from bench.proc import OthersMeter, load_average
from bench.table import render, summarize, verdicts
from launcher.stack import MODEL_PATH, PROJECT_ROOT

LEVELS = [(1, 60), (10, 20), (50, 8)]  # (concurrent conversations, messages each)
QUICK_LEVELS = [(1, 10), (10, 4), (50, 2)]
QUICK_LONG_MESSAGES = 40


def train_both(stock_project: Path, work: Path) -> tuple[Dict[str, float], Dict[str, float]]:
    """Training time of each assistant from a clean cache, and others' share of the cores meanwhile."""
    training: Dict[str, float] = {}
    training_others: Dict[str, float] = {}
    for name, project, out, model in (
        ("stock", stock_project, stock_project / "models", "stock"),
        ("ours", PROJECT_ROOT, work / "ours-models", "bench"),
    ):
        wait_for_quiet()
        log(f"training {name} from a clean cache ...")
        meter = OthersMeter()
        meter.start()
        training[name] = systems.train(project, out, work / f"cache-{name}", model)
        training_others[name] = meter.stop()
        log(f"  {training[name]:.1f} s (others used {training_others[name]:.0%} of the cores)")
    return training, training_others


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="runs per system (default 3; medians)")
    parser.add_argument("--quick", action="store_true", help="small loads, 1 run, no training")
    parser.add_argument("--systems", default=",".join(systems.SYSTEMS))
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--long",
        type=int,
        default=long_conversation.MESSAGES,
        help=f"messages of the one long conversation per run (default {long_conversation.MESSAGES}; 0: none)",
    )
    args = parser.parse_args(argv)
    levels = QUICK_LEVELS if args.quick else LEVELS
    reps = 1 if args.quick else args.reps
    chosen = [s for s in args.systems.split(",") if s]
    if not MODEL_PATH.exists():
        print(f"no model at {MODEL_PATH}: run `make train`", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="jtpd-bench-"))
    work.chmod(0o711)  # the postgres user reaches the prod mode's cluster inside
    started_at = datetime.datetime.now().astimezone()
    load_before = load_average()
    measured_commit = results.commit()  # before the run: later commits did not make these figures
    runs: List[RunFigures] = []
    training: Dict[str, float] = {}
    training_others: Dict[str, float] = {}
    try:
        stock_project = systems.make_stock_project(work / "stock")
        if args.quick:
            log("quick: training the stock assistant (not timed as a result)")
            systems.train(stock_project, stock_project / "models", work / "cache-stock", "stock")
        else:
            training, training_others = train_both(stock_project, work)
        stock_action_rss = systems.stock_action_server_rss(stock_project, work)
        services = work / "services"
        services.mkdir()
        services.chmod(0o711)
        for rep in range(reps):
            for system in chosen:
                background = wait_for_quiet()
                log(f"run {rep + 1}/{reps}: {system} (cores busy before: {background:.0%})")
                running, kind = systems.start(system, stock_project, work, services)
                log(f"  first answer after {running.startup:.1f} s")
                try:
                    runs.append(
                        measure(
                            running,
                            kind,
                            levels,
                            f"{system}-{rep}",
                            OthersMeter(services if system == "prod" else None),
                            long_messages=min(args.long, QUICK_LONG_MESSAGES) if args.quick else args.long,
                        )
                    )
                    runs[-1].background = background
                finally:
                    running.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = summarize(runs, levels)
    rendered = render(table, levels, training, stock_action_rss)
    verdict = verdicts(table)
    import rasa

    setting = results.Setting(
        started_at=started_at,
        commit=measured_commit,
        node=platform.node(),
        cores=os.cpu_count() or 0,
        rasa=rasa.__version__,
        python=platform.python_version(),
        load_before=load_before,
        load_after=load_average(),
        reps=reps,
        levels=levels,
        long_messages=args.long,
    )
    print(rendered)
    print()
    print("\n".join(verdict))
    if not args.no_write and not args.quick:
        results.write(results.document(setting, rendered, verdict, runs, training_others))
        print(f"\nWritten to {results.RESULTS.relative_to(PROJECT_ROOT)}")
    elif args.quick:
        print("\n(quick run: bench/results.md not written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
