"""bench/proc.py: reading memory and CPU time from /proc texts (no server)."""

import math
import os
import signal
import subprocess
import sys
import time

from bench.proc import (
    busy_share,
    descendants,
    jiffies,
    parse_cpu_times,
    parse_stat,
    parse_status_memory,
    rss_mb,
)

STATUS = """Name:\tpython
State:\tS (sleeping)
VmPeak:\t 2000000 kB
VmHWM:\t  651264 kB
VmRSS:\t  641024 kB
RssAnon:\t  600000 kB
"""

# A command name with a space and a ")" in it: fields must be counted from the last ")".
STAT = "4242 (rasa) worker) S 4200 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 9 0 55 0 0"


def test_status_memory_in_mb():
    memory = parse_status_memory(STATUS)
    assert memory == {"rss": 641024 / 1024, "peak": 651264 / 1024}


def test_status_without_memory_lines_is_nan():
    # A kernel thread or a zombie has no VmRSS line.
    memory = parse_status_memory("Name:\tkthreadd\nState:\tS (sleeping)\n")
    assert math.isnan(memory["rss"]) and math.isnan(memory["peak"])


def test_stat_parent_and_cpu_jiffies_past_a_tricky_name():
    assert parse_stat(STAT) == (4200, 1234 + 567)


def test_cpu_times_are_the_all_cores_line():
    text = "cpu  100 5 50 800 40 0 5 0 0 0\ncpu0 50 2 25 400 20 0 3 0 0 0\nintr 1 2 3\n"
    assert parse_cpu_times(text) == [100, 5, 50, 800, 40, 0, 5, 0, 0, 0]


def test_busy_share_leaves_out_idle_and_io_wait():
    first = [100, 0, 50, 800, 40, 0, 0, 0]
    second = [160, 0, 70, 900, 60, 0, 10, 0]  # 60 + 20 + 10 busy, 100 idle, 20 I/O wait
    assert busy_share(first, second) == (60 + 20 + 10) / 210


def test_busy_share_of_no_time_is_zero():
    assert busy_share([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]) == 0.0


def test_this_process_read_from_proc():
    # The parsers fit the real files: this process's parent, memory and CPU time.
    with open(f"/proc/{os.getpid()}/stat") as stat:
        assert parse_stat(stat.read())[0] == os.getppid()
    assert rss_mb(os.getpid())["rss"] > 10
    assert jiffies(os.getpid()) > 0


def test_a_gone_process_reads_as_nothing():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert jiffies(child.pid) == 0
    assert math.isnan(rss_mb(child.pid)["rss"])


def parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return parse_stat(stat.read())[0]
    except OSError:
        return 0


def test_descendants_include_grandchildren():
    # A child that starts a grandchild; both must be counted as ours.
    child = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys; subprocess.run(['sleep', '5']); sys.exit()"],
        start_new_session=True,  # its own process group, killed with the grandchild below
    )
    try:
        grandchildren = []
        for _ in range(200):
            found = descendants([os.getpid()])
            grandchildren = [pid for pid in found if pid != child.pid and parent(pid) == child.pid]
            if grandchildren:
                break
            time.sleep(0.05)
        assert os.getpid() in found and child.pid in found
        assert grandchildren
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the grandchild too
        child.wait()
