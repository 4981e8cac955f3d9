"""`make run` in a terminal: one ready line, a working REST channel, Ctrl-C stops all;
a crashed server is started again; a killed launcher takes its servers with it; a
second `make run` on busy ports refuses to start and touches nothing."""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from pathlib import Path
from typing import Dict, List, Optional

import pexpect
import pytest

from launcher.stack import PROJECT_ROOT, free_port
from tests.conftest import post_json

pytestmark = pytest.mark.e2e


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _make_run(run_dir: Path, ports: Dict[str, int]) -> pexpect.spawn:
    env = dict(
        os.environ,
        JTPD_RUN_DIR=str(run_dir),
        TERM="dumb",
        **{name: str(port) for name, port in ports.items()},
    )
    return pexpect.spawn("make", ["-s", "run"], cwd=str(PROJECT_ROOT), env=env, encoding="utf-8", timeout=240)


def _ports() -> Dict[str, int]:
    return {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}


def _children(pid: int) -> List[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _launcher_pid(make_pid: int) -> int:
    for pid in _children(make_pid):
        try:
            if b"launcher" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    raise AssertionError(f"no launcher under make ({make_pid})")


def _wait_until_free(ports: Dict[str, int], seconds: float) -> List[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        busy = [name for name, port in ports.items() if _listening(port)]
        if not busy:
            return []
        time.sleep(0.2)
    return busy


def test_make_run_serves_and_ctrl_c_stops_everything(tmp_path):
    ports = _ports()
    run = _make_run(tmp_path, ports)
    try:
        run.expect(r"Ready in \d+ s\. Assistant listening at (\S+) \(REST\)")
        rest_url = run.match.group(1)
        # staff see what is theirs; the libraries' notices are in the log
        assert "Warning" not in run.before, run.before
        assert "Warning" in (tmp_path / "logs" / "launcher.log").read_text()
        replies = post_json(rest_url, {"sender": "make-run", "message": "poison control"})
        assert "(502) 589-8222" in replies[0]["text"]
        run.sendintr()  # Ctrl-C, as a person at the terminal would
        run.expect(pexpect.EOF, timeout=60)
    finally:
        run.close(force=True)
    assert not [name for name, port in ports.items() if _listening(port)]


def _pid_listening(port: int) -> Optional[int]:
    from launcher.ports import holder

    found = holder(port)
    return found[0] if found else None


def test_a_crashed_server_is_started_again_and_sigterm_stops_all_without_a_traceback(tmp_path):
    ports = _ports()
    run = _make_run(tmp_path, ports)
    try:
        run.expect(r"Ready in \d+ s\. Assistant listening at (\S+) \(REST\)")
        rest_url = run.match.group(1)
        rasa = _pid_listening(ports["RASA_PORT"])
        assert rasa, "nothing listens on RASA_PORT"
        os.kill(rasa, signal.SIGKILL)  # as the out-of-memory killer would
        run.expect(r"rasa had stopped on its own; started it again", timeout=60)
        deadline = time.monotonic() + 240
        replies = None
        while replies is None and time.monotonic() < deadline:
            try:
                replies = post_json(rest_url, {"sender": "after-crash", "message": "poison control"})
            except OSError:
                time.sleep(0.5)
        assert replies and "(502) 589-8222" in replies[0]["text"]
        # `kill` (twice, as an impatient person or a service manager might)
        launcher = _launcher_pid(run.pid)
        os.kill(launcher, signal.SIGTERM)
        time.sleep(0.3)
        os.kill(launcher, signal.SIGTERM)
        run.expect(pexpect.EOF, timeout=60)
        output = run.before
    finally:
        run.close(force=True)
    assert "Stopping" in output and "Traceback" not in output, output[-2000:]
    assert _wait_until_free(ports, 5) == []


def test_a_killed_launcher_takes_its_servers_with_it(tmp_path):
    ports = _ports()
    run = _make_run(tmp_path, ports)
    try:
        run.expect(r"Ready in \d+ s\.")
        os.kill(_launcher_pid(run.pid), signal.SIGKILL)
        run.expect(pexpect.EOF, timeout=30)
        assert _wait_until_free(ports, 20) == []
    finally:
        run.close(force=True)
        from launcher.ports import holder

        for port in ports.values():  # whatever the test found, leave none of ours behind
            found = holder(port)
            if found and str(PROJECT_ROOT) in found[1]:
                os.kill(found[0], signal.SIGKILL)


def test_a_second_make_run_on_busy_ports_stops_and_touches_nothing(tmp_path):
    """Another program (here this test) already listens on RASA_PORT."""
    ports = _ports()
    (tmp_path / "endpoints.yml").write_text("the running one's\n")
    (tmp_path / "credentials.yml").write_text("the running one's\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", ports["RASA_PORT"]))
        busy.listen()
        run = _make_run(tmp_path, ports)
        try:
            run.expect(pexpect.EOF, timeout=120)
            output = run.before
        finally:
            run.close(force=True)
        assert run.exitstatus not in (0, None), output
        assert "Ready" not in output, output
        message = f"port {ports['RASA_PORT']} (RASA_PORT) is in use by process {os.getpid()}"
        assert message in re.sub(r"\s+", " ", output), output
        assert _listening(ports["RASA_PORT"])  # still the one that was there
    assert (tmp_path / "endpoints.yml").read_text() == "the running one's\n"
    assert (tmp_path / "credentials.yml").read_text() == "the running one's\n"
    assert not _listening(ports["ACTION_PORT"]) and not _listening(ports["WEB_PORT"])
    assert not (tmp_path / "logs" / "rasa.log").exists()
