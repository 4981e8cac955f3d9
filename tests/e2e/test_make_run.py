"""`make run` in a terminal: one ready line, a working REST channel, Ctrl-C stops all."""
from __future__ import annotations

import os
import socket

import pexpect
import pytest

from launcher.stack import PROJECT_ROOT, free_port
from tests.conftest import post_json

pytestmark = pytest.mark.e2e


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_make_run_serves_and_ctrl_c_stops_everything(tmp_path):
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    env = dict(os.environ, JTPD_RUN_DIR=str(tmp_path), TERM="dumb",
               **{name: str(port) for name, port in ports.items()})
    run = pexpect.spawn("make", ["-s", "run"], cwd=str(PROJECT_ROOT), env=env,
                        encoding="utf-8", timeout=240)
    try:
        run.expect(r"Ready in \d+ s\. Assistant listening at (\S+) \(REST\)")
        rest_url = run.match.group(1)
        replies = post_json(rest_url, {"sender": "make-run", "message": "poison control"})
        assert "(502) 589-8222" in replies[0]["text"]
        run.sendintr()  # Ctrl-C, as a person at the terminal would
        run.expect(pexpect.EOF, timeout=60)
    finally:
        run.close(force=True)
    assert not [name for name, port in ports.items() if _listening(port)]
