"""What the benchmark reads from /proc: memory, CPU time and how busy the machine is.

The parse_* functions take the text of a /proc file and are unit-tested
(tests/unit/test_bench_proc.py); the readers around them return a neutral value
(NaN, 0) once a process is gone, since a server may end between two readings.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

IDLE, IOWAIT = 3, 4  # columns of /proc/stat's "cpu" line that are not work


def parse_status_memory(text: str) -> Dict[str, float]:
    """/proc/<pid>/status -> {"rss": VmRSS, "peak": VmHWM} in MB (NaN when absent)."""
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024.0
    return {"rss": values.get("VmRSS", float("nan")), "peak": values.get("VmHWM", float("nan"))}


def parse_cpu_times(text: str) -> List[int]:
    """/proc/stat -> the jiffies of its first ("cpu", all cores) line, column by column."""
    return [int(x) for x in text.splitlines()[0].split()[1:]]


def busy_share(first: Sequence[int], second: Sequence[int]) -> float:
    """Share of the cores busy between two parse_cpu_times readings (not idle, not I/O wait)."""
    delta = [b - a for a, b in zip(first, second)]
    total = sum(delta)
    return (total - delta[IDLE] - delta[IOWAIT]) / total if total else 0.0


def parse_stat(text: str) -> tuple[int, int]:
    """/proc/<pid>/stat -> (parent pid, user + system jiffies).

    The command name (2nd field) may hold spaces and parentheses, so the fields are
    counted from the last ")".
    """
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def rss_mb(pid: int) -> Dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    try:
        return parse_status_memory(Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return parse_status_memory("")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_times() -> List[int]:
    return parse_cpu_times(Path("/proc/stat").read_text())


def busy_fraction(seconds: float = 2.0) -> float:
    """Share of all cores busy during `seconds` (whoever uses them)."""
    first = cpu_times()
    time.sleep(seconds)
    return busy_share(first, cpu_times())


def descendants(roots: List[int]) -> List[int]:
    """The processes in `roots` and all their children, grandchildren, ..."""
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent, _ = parse_stat(stat.read_text())
            children.setdefault(parent, []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def jiffies(pid: int) -> int:
    """User + system CPU time of a process so far, in clock ticks (0 once it is gone)."""
    try:
        return parse_stat(Path(f"/proc/{pid}/stat").read_text())[1]
    except (OSError, IndexError, ValueError):
        return 0


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of `pid` so far, in nanoseconds (0 once it is gone).

    Finer than jiffies: one message's share of a server's time is a few ms.
    """
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for task in tasks:
        try:
            total += int(Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # a thread that ended meanwhile
    return total


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
        return descendants(roots)

    def start(self) -> None:
        self._pids = self._mine()
        self._system = cpu_times()
        self._own = {pid: jiffies(pid) for pid in self._pids}
        times = os.times()
        self._waited = times.children_user + times.children_system  # children that ended

    def stop(self) -> float:
        system = cpu_times()
        delta = [b - a for a, b in zip(self._system, system)]
        total = sum(delta)
        busy = total - delta[IDLE] - delta[IOWAIT]
        pids = set(self._pids) | set(self._mine())
        own = sum(max(0, jiffies(pid) - self._own.get(pid, 0)) for pid in pids)
        times = os.times()
        own += (times.children_user + times.children_system - self._waited) * os.sysconf("SC_CLK_TCK")
        return max(0.0, (busy - own) / total) if total else 0.0
