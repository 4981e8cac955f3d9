"""`make bench`: our assistant against the stock `rasa init` assistant, same machine, same run.

For each of three systems
  stock   the `rasa init` project (what `rasa init` copies), trained here with the
          same Rasa, served by `rasa run` (REST; no custom actions, so no action server)
  ours    this assistant as `make run` starts it: action server + one Rasa server,
          SQLite tracker store
  prod    the production mode (`make run-prod`): PostgreSQL + Redis + action server +
          two Rasa servers behind nginx; the load goes through nginx
it measures the time from starting the servers to the first answer, the resident
memory of the Rasa server(s) and of the action server after the load, and through
the REST channel, for 1, 10 and 50 concurrent conversations of mixed messages
(bench/conversations.py; for ours about half are lookups that call the action
server), messages per second, p50/p95/p99 latency and the Rasa server's CPU time per
message; then the cost of a message against the length of its conversation: one
conversation of 400 messages alone (bench/long_conversation.py). Each system is started
--reps times (interleaved, so a noisy moment hits all of them) and the table shows
medians. Training time from a clean cache (a fresh RASA_CACHE_DIRECTORY) is measured
once per assistant. The load generator (aiohttp) runs on the same 2 cores.

Prints the table and writes it, with the per-run figures, to bench/results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import aiohttp

from bench import long_conversation
from bench.conversations import messages
from bench.load import LoadResult, run_load
from launcher.prod import ProdSettings, ProdStack
from launcher.stack import (
    MODEL_PATH,
    PROJECT_ROOT,
    VENV_BIN,
    Stack,
    StackSettings,
    free_port,
    quiet_environment,
    stop_process_group,
)

RESULTS = PROJECT_ROOT / "bench" / "results.md"
LEVELS = [(1, 60), (10, 20), (50, 8)]  # (concurrent conversations, messages each)
QUICK_LEVELS = [(1, 10), (10, 4), (50, 2)]
SYSTEMS = ["stock", "ours", "ours-fast", "prod"]
LABELS = {
    "stock": "stock `rasa init`",
    "ours": "ours, 1 server, plain `rasa run`",
    "ours-fast": "ours, 1 server + scaling.speedups (`make run`)",
    "prod": "ours, prod: 2 servers + nginx + PostgreSQL + Redis",
}
# Issue #15: p95 at 10 conversations and throughput at 50 against stock, per system;
# start-up and memory as before. The plain column keeps the earlier targets.
TARGETS = {"startup": 15.0, "rss_mb": 800.0}
SYSTEM_TARGETS = {"ours": (150.0, 1.5), "ours-fast": (150.0, 3.0), "prod": (100.0, 5.0)}
FLAT_RATIO = 1.5  # CPU per message at message 400 of one conversation vs messages 1-10
LONG_MESSAGES = 400


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rss_mb(pid: int) -> Dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024.0
    except OSError:
        pass
    return {"rss": values.get("VmRSS", float("nan")), "peak": values.get("VmHWM", float("nan"))}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cpu_times() -> List[int]:
    return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]


def busy_fraction(seconds: float = 2.0) -> float:
    """Share of all cores busy during `seconds` (whoever uses them)."""
    first = _cpu_times()
    time.sleep(seconds)
    second = _cpu_times()
    delta = [b - a for a, b in zip(first, second)]
    total = sum(delta)
    return (total - delta[3] - delta[4]) / total if total else 0.0


def _descendants(roots: List[int]) -> List[int]:
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _jiffies(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


class OthersMeter:
    """Share of the cores used by processes that are not this benchmark's, over a window.

    Ours: this process and its children (servers, nginx), and the PostgreSQL and
    Redis started for the production mode (found from their pid files).
    """

    def __init__(self, services: Optional[Path] = None) -> None:
        self.services = services

    def _mine(self) -> List[int]:
        roots = [os.getpid()]
        if self.services is not None:
            for pidfile in (
                self.services / "pg" / "data" / "postmaster.pid",
                self.services / "redis" / "redis.pid",
            ):
                try:
                    roots.append(int(pidfile.read_text().split()[0]))
                except (OSError, IndexError, ValueError):
                    pass
        return _descendants(roots)

    def start(self) -> None:
        self._pids = self._mine()
        self._system = _cpu_times()
        self._own = {pid: _jiffies(pid) for pid in self._pids}
        times = os.times()
        self._waited = times.children_user + times.children_system  # children that ended

    def stop(self) -> float:
        system = _cpu_times()
        delta = [b - a for a, b in zip(self._system, system)]
        total = sum(delta)
        busy = total - delta[3] - delta[4]
        pids = set(self._pids) | set(self._mine())
        own = sum(max(0, _jiffies(pid) - self._own.get(pid, 0)) for pid in pids)
        times = os.times()
        own += (times.children_user + times.children_system - self._waited) * os.sysconf("SC_CLK_TCK")
        return max(0.0, (busy - own) / total) if total else 0.0


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


# --- training ---------------------------------------------------------------------------
def train(project: Path, out: Path, cache: Path, name: str) -> float:
    """`rasa train` in `project` with an empty cache; returns the wall time in seconds."""
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    env = quiet_environment({"RASA_CACHE_DIRECTORY": str(cache), "PYTHONWARNINGS": "ignore"})
    if project != PROJECT_ROOT:
        env["PYTHONPATH"] = str(project)
    started = time.perf_counter()
    result = subprocess.run(
        [str(VENV_BIN / "rasa"), "train", "--fixed-model-name", name, "--out", str(out), "--quiet"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"training {project} failed:\n{result.stdout[-3000:]}")
    return elapsed


def make_stock_project(folder: Path) -> Path:
    """The project `rasa init` creates (rasa.cli.scaffold copies the same folder)."""
    from rasa.cli.scaffold import scaffold_path

    shutil.copytree(scaffold_path(), folder)
    return folder


# --- running systems ------------------------------------------------------------------------
@dataclass
class Running:
    name: str
    rest_url: str
    rasa_pids: List[int]
    action_pid: Optional[int]
    stop: Callable[[], None]
    startup: float = 0.0


async def _first_answer(url: str, deadline: float) -> None:
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.post(
                    url,
                    json={"sender": "bench-first", "message": "hi"},
                    timeout=aiohttp.ClientTimeout(total=30),
                ) as response:
                    if response.status == 200 and await response.json(content_type=None):
                        return
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"no answer from {url}")


def start_stock(project: Path, model: Path, work: Path) -> Running:
    port = free_port()
    logfile = open(work / f"stock-{port}.log", "ab")
    started = time.monotonic()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=project,
        env=quiet_environment({"PYTHONPATH": str(project)}),
        stdout=logfile,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    logfile.close()
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"

    def stop() -> None:
        stop_process_group(process, timeout=20)

    try:
        asyncio.run(_first_answer(url, time.monotonic() + 300))
    except BaseException:
        stop()
        raise
    return Running("stock", url, [process.pid], None, stop, time.monotonic() - started)


def stock_action_server_rss(project: Path, work: Path) -> float:
    """The SDK action server with `rasa init`'s (empty) actions: what it would cost."""
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=project,
        env=quiet_environment({"PYTHONPATH": str(project), "SANIC_HOST": "127.0.0.1"}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        import urllib.request

        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        return rss_mb(process.pid)["rss"]
    finally:
        stop_process_group(process, timeout=20)


def start_ours(work: Path, fast: bool = False) -> Running:
    stack = Stack(StackSettings.for_tests(work / f"ours-{free_port()}", start_web=False, rasa_speedups=fast))
    started = time.monotonic()
    stack.start()
    try:
        asyncio.run(_first_answer(stack.rest_url, time.monotonic() + 300))
    except BaseException:
        stack.stop()
        raise
    pids = {name: p.pid for name, p in stack._processes.items()}
    return Running(
        "ours-fast" if fast else "ours",
        stack.rest_url,
        [pids["rasa"]],
        pids["actions"],
        stack.stop,
        time.monotonic() - started,
    )


def start_prod(work: Path, services: Path) -> Running:
    stack = ProdStack(ProdSettings.for_tests(work / f"prod-{free_port()}", services))
    started = time.monotonic()
    stack.start()
    try:
        asyncio.run(_first_answer(stack.lb_rest_url, time.monotonic() + 300))
    except BaseException:
        stack.stop()
        raise
    pids = stack.process_ids()
    return Running(
        "prod",
        stack.lb_rest_url,
        [pids[n] for n in stack.instance_names],
        pids["actions"],
        stack.stop,
        time.monotonic() - started,
    )


# --- one measured run -------------------------------------------------------------------------
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


OTHERS_LIMIT = 0.15  # a level measured while others used more of the cores is run again
RETRIES = 2


def measure(
    running: Running, kind: str, levels, tag: str, meter: OthersMeter, long_messages: int = 0
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
            rasa_before = [_jiffies(pid) for pid in running.rasa_pids]
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
            used = [(_jiffies(pid) - before) / hz for pid, before in zip(running.rasa_pids, rasa_before)]
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
        figures.levels[conversations] = {
            "throughput": result.throughput,
            "p50": result.percentile(50) * 1000,
            "p95": result.percentile(95) * 1000,
            "p99": result.percentile(99) * 1000,
            "messages": len(result.samples),
            "failed": len(failures),
            "cpu_ms": cpu_ms,
        }
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


# --- the table --------------------------------------------------------------------------------
def median(values: List[float]) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def summarize(runs: List[RunFigures], levels) -> Dict[str, Dict[str, float]]:
    table: Dict[str, Dict[str, float]] = {}
    for system in SYSTEMS:
        mine = [r for r in runs if r.system == system]
        if not mine:
            continue
        row = {
            "startup": median([r.startup for r in mine]),
            "rasa_rss": median([max(r.rasa_rss) for r in mine]),
            "rasa_rss_total": median([sum(r.rasa_rss) for r in mine]),
            "rasa_peak": median([max(r.rasa_peak) for r in mine]),
            "action_rss": median([r.action_rss for r in mine if r.action_rss is not None]),
        }
        for conversations, _ in levels:
            for key in ("throughput", "p50", "p95", "p99", "failed", "cpu_ms"):
                row[f"{key}_{conversations}"] = median([r.levels[conversations][key] for r in mine])
        for point in long_conversation.POINTS:
            windows = [r.long.points().get(point) for r in mine if r.long is not None]
            row[f"long_latency_{point}"] = median([w[0] for w in windows if w])
            row[f"long_cpu_{point}"] = median([w[1] for w in windows if w])
        table[system] = row
    return table


def _fmt(value: float, unit: str) -> str:
    if value != value:
        return "n/a"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "cpu ms":
        return f"{value:.1f} ms"
    if unit == "msg/s":
        return f"{value:.1f} msg/s"
    return f"{value:.0f}"


def _ratio(ours: float, stock: float) -> str:
    if ours != ours or stock != stock or not stock:
        return ""
    return f"×{ours / stock:.2f}"


def render(table, levels, training: Dict[str, float], stock_action_rss: float) -> str:
    columns = [system for system in SYSTEMS if system in table]
    rows = [
        ("Training from a clean cache", "train", "s"),
        ("Start to first answer", "startup", "s"),
        ("Rasa server RSS after load (each)", "rasa_rss", "MB"),
        ("Action server RSS after load", "action_rss", "MB"),
    ]
    for conversations, _ in levels:
        rows += [
            (f"{conversations} conv.: throughput", f"throughput_{conversations}", "msg/s"),
            (f"{conversations} conv.: p50", f"p50_{conversations}", "ms"),
            (f"{conversations} conv.: p95", f"p95_{conversations}", "ms"),
            (f"{conversations} conv.: p99", f"p99_{conversations}", "ms"),
            (f"{conversations} conv.: Rasa CPU per message", f"cpu_ms_{conversations}", "cpu ms"),
        ]
    for point in long_conversation.POINTS:
        label = (
            "1-10" if point == long_conversation.WINDOW else f"{point - long_conversation.WINDOW + 1}-{point}"
        )
        rows += [
            (f"one conversation, messages {label}: latency", f"long_latency_{point}", "ms"),
            (f"one conversation, messages {label}: Rasa CPU per message", f"long_cpu_{point}", "cpu ms"),
        ]
    head = ["Figure"]
    for system in columns:
        head += [LABELS[system]] + ([] if system == "stock" else ["ratio"])
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for label, key, unit in rows:

        def value(system: str) -> float:
            if key == "train":
                return training.get("stock" if system == "stock" else "ours", float("nan"))
            if key == "action_rss" and system == "stock":
                return stock_action_rss
            return table.get(system, {}).get(key, float("nan"))

        s = value("stock")
        cells = [label]
        for system in columns:
            v = value(system)
            if system == "stock":
                cells.append(
                    _fmt(v, unit) + (" (not needed: empty SDK server)" if key == "action_rss" else "")
                )
            else:
                cells += [_fmt(v, unit), _ratio(v, s)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(table) -> List[str]:
    stock, out = table.get("stock", {}), []
    for system in [s for s in SYSTEMS if s != "stock"]:
        label = LABELS[system]
        row = table.get(system)
        if not row:
            continue
        p95_target, ratio_target = SYSTEM_TARGETS[system]
        checks = [
            (
                "start-up to first answer ≤ 15 s",
                row["startup"] <= TARGETS["startup"],
                f"{row['startup']:.1f} s",
            ),
            ("Rasa server RSS ≤ 800 MB", row["rasa_rss"] <= TARGETS["rss_mb"], f"{row['rasa_rss']:.0f} MB"),
            (
                f"p95 at 10 conversations ≤ {p95_target:.0f} ms",
                row["p95_10"] <= p95_target,
                f"{row['p95_10']:.0f} ms",
            ),
            (
                f"throughput at 50 ≥ {ratio_target:g} × stock",
                stock and row["throughput_50"] >= ratio_target * stock["throughput_50"],
                f"{row['throughput_50']:.1f} vs {stock.get('throughput_50', float('nan')):.1f} msg/s = "
                f"×{row['throughput_50'] / stock['throughput_50']:.2f}"
                if stock
                else "no stock run",
            ),
        ]
        first, last = row.get("long_cpu_10", float("nan")), row.get(f"long_cpu_{LONG_MESSAGES}", float("nan"))
        if first == first and last == last:
            checks.append(
                (
                    f"CPU per message at message {LONG_MESSAGES} ≤ {FLAT_RATIO:g} × messages 1-10",
                    last <= FLAT_RATIO * first,
                    f"{last:.1f} vs {first:.1f} ms",
                )
            )
        for name, ok, value in checks:
            out.append(f"- {label}: {name}: {'met' if ok else 'MISSED'} ({value})")
    return out


def write_results(text: str) -> None:
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="runs per system (default 3; medians)")
    parser.add_argument("--quick", action="store_true", help="small loads, 1 run, no training")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--long",
        type=int,
        default=LONG_MESSAGES,
        help=f"messages of the one long conversation per run (default {LONG_MESSAGES}; 0: none)",
    )
    args = parser.parse_args(argv)
    levels = QUICK_LEVELS if args.quick else LEVELS
    reps = 1 if args.quick else args.reps
    systems = [s for s in args.systems.split(",") if s]
    if not MODEL_PATH.exists():
        print(f"no model at {MODEL_PATH}: run `make train`", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="jtpd-bench-"))
    work.chmod(0o711)  # the postgres user reaches the prod mode's cluster inside
    started_at = datetime.datetime.now().astimezone()
    load_before = load_average()
    runs: List[RunFigures] = []
    training: Dict[str, float] = {}
    training_others: Dict[str, float] = {}
    try:
        stock_project = make_stock_project(work / "stock")
        if args.quick:
            log("quick: training the stock assistant (not timed as a result)")
            train(stock_project, stock_project / "models", work / "cache-stock", "stock")
        else:
            for name, project, out, model in (
                ("stock", stock_project, stock_project / "models", "stock"),
                ("ours", PROJECT_ROOT, work / "ours-models", "bench"),
            ):
                wait_for_quiet()
                log(f"training {name} from a clean cache ...")
                meter = OthersMeter()
                meter.start()
                training[name] = train(project, out, work / f"cache-{name}", model)
                training_others[name] = meter.stop()
                log(f"  {training[name]:.1f} s (others used {training_others[name]:.0%} of the cores)")
        stock_model = stock_project / "models" / "stock.tar.gz"
        stock_action_rss = stock_action_server_rss(stock_project, work)
        services = work / "services"
        services.mkdir()
        services.chmod(0o711)
        for rep in range(reps):
            for system in systems:
                background = wait_for_quiet()
                log(f"run {rep + 1}/{reps}: {system} (cores busy before: {background:.0%})")
                if system == "stock":
                    running, kind = start_stock(stock_project, stock_model, work), "stock"
                elif system in ("ours", "ours-fast"):
                    running, kind = start_ours(work, fast=system == "ours-fast"), "ours"
                else:
                    running, kind = start_prod(work, services), "ours"
                log(f"  first answer after {running.startup:.1f} s")
                try:
                    runs.append(
                        measure(
                            running,
                            kind,
                            levels,
                            f"{system}-{rep}",
                            OthersMeter(services if system == "prod" else None),
                            long_messages=min(args.long, 40) if args.quick else args.long,
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

    header = [
        "# Benchmark: this assistant against the stock `rasa init` assistant",
        "",
        f"Run {started_at:%Y-%m-%d %H:%M %Z} by `make bench` (bench/run.py) on {platform.node()}: "
        f"{os.cpu_count()} cores, Rasa {rasa.__version__}, Python {platform.python_version()}; "
        f"load average {load_before} before, {load_average()} after. Medians of {reps} runs "
        f"per system (startup, memory, latency, throughput); training once each. "
        f"Messages per conversation at 1/10/50 conversations: "
        f"{', '.join(str(n) for _, n in levels)}; the load generator runs on the same cores. "
        f"Rasa CPU per message: CPU time of the Rasa server(s) during a load over its messages. "
        f"One conversation: {args.long} messages sent one at a time, alone "
        f"(bench/long_conversation.py); medians over the 10 messages up to each point.",
        "",
        "Ratios are ours ÷ stock (lower is better for time, memory and latency; higher for throughput).",
        "",
    ]
    details = [
        "",
        "## Each run",
        "",
        "| system | start (s) | Rasa RSS (MB) | peak (MB) | action RSS (MB) | "
        + " | ".join(
            f"{c} conv.: msg/s, p95 ms, Rasa CPU (share of a core, ms per message)" for c, _ in levels
        )
        + " | one conversation: Rasa CPU ms per message at "
        + ", ".join("1-10" if p == long_conversation.WINDOW else str(p) for p in long_conversation.POINTS)
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
        details.append(
            f"| {r.system} | {r.startup:.1f} | {' + '.join(f'{v:.0f}' for v in r.rasa_rss)} | "
            f"{' + '.join(f'{v:.0f}' for v in r.rasa_peak)} | "
            f"{'' if r.action_rss is None else f'{r.action_rss:.0f}'} | {cells} | {long_cells} | {failed} | {' / '.join(f'{r.others[c]:.0%}' for c, _ in levels)} | {r.load} |"
        )
    if training_others:
        details += [
            "",
            "Training: others used "
            + ", ".join(
                f"{share:.0%} of the cores while {name} trained" for name, share in training_others.items()
            )
            + " (one run each, not repeated).",
        ]
    text = "\n".join(header + [rendered, "", "Targets (issues 5 and 15):", ""] + verdict + details) + "\n"
    print(rendered)
    print()
    print("\n".join(verdict))
    if not args.no_write and not args.quick:
        write_results(text)
        print(f"\nWritten to {RESULTS.relative_to(PROJECT_ROOT)}")
    elif args.quick:
        print("\n(quick run: bench/results.md not written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
