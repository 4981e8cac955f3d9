"""`make shell`, driven through a pseudo-terminal like a staff member would use it."""
from __future__ import annotations

import os

import pexpect
import pytest

from launcher.stack import PROJECT_ROOT, free_port

pytestmark = pytest.mark.e2e


LIBRARY_NOISE = ("Warning", "INFO", "pkg_resources", "Deprecated")


def test_make_shell_answers_a_lookup(tmp_path):
    env = dict(os.environ, ACTION_PORT=str(free_port()), JTPD_RUN_DIR=str(tmp_path),
               TERM="dumb")
    shell = pexpect.spawn("make", ["-s", "shell"], cwd=str(PROJECT_ROOT), env=env,
                          encoding="utf-8", timeout=180)
    try:
        shell.expect("Your input ->")
        # staff see what is theirs; the libraries' notices are in the log
        assert [word for word in LIBRARY_NOISE if word in shell.before] == [], shell.before
        assert "Warning" in (tmp_path / "logs" / "shell.log").read_text()
        shell.sendline("what's the number for poison control")
        shell.expect(r"\(502\) 589-8222", timeout=60)
        shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        shell.close(force=True)


def test_make_shell_on_a_busy_action_port_says_so(tmp_path):
    """`make run` is running (here: this test holds ACTION_PORT): the shell stops with
    the port and its holder named, instead of talking to the other action server."""
    import re
    import socket

    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        env = dict(os.environ, ACTION_PORT=str(port), JTPD_RUN_DIR=str(tmp_path), TERM="dumb")
        shell = pexpect.spawn("make", ["-s", "shell"], cwd=str(PROJECT_ROOT), env=env,
                              encoding="utf-8", timeout=120)
        try:
            shell.expect(pexpect.EOF)
            output = re.sub(r"\s+", " ", shell.before)
        finally:
            shell.close(force=True)
    assert shell.exitstatus not in (0, None), output
    assert f"port {port} (ACTION_PORT) is in use by process {os.getpid()}" in output, output
