"""`make shell`, driven through a pseudo-terminal like a staff member would use it."""

from __future__ import annotations

import os
import socket

import pexpect
import pytest

from launcher.stack import PROJECT_ROOT

pytestmark = pytest.mark.e2e


LIBRARY_NOISE = ("Warning", "INFO", "pkg_resources", "Deprecated")


def test_make_shell_answers_a_lookup_beside_a_running_assistant(tmp_path):
    """`make run`'s ports (here RASA_PORT and ACTION_PORT, held by listening sockets)
    are busy: the shell uses ports of its own. Staff see only what is theirs: the
    libraries' notices go to the log."""
    with socket.socket() as rasa, socket.socket() as actions:
        for sock in (rasa, actions):
            sock.bind(("127.0.0.1", 0))
            sock.listen()
        env = dict(
            os.environ,
            RASA_PORT=str(rasa.getsockname()[1]),
            ACTION_PORT=str(actions.getsockname()[1]),
            JTPD_RUN_DIR=str(tmp_path),
            TERM="dumb",
        )
        shell = pexpect.spawn(
            "make", ["-s", "shell"], cwd=str(PROJECT_ROOT), env=env, encoding="utf-8", timeout=180
        )
        try:
            shell.expect("Your input ->")
            assert [word for word in LIBRARY_NOISE if word in shell.before] == [], shell.before
            assert "Warning" in (tmp_path / "logs" / "shell.log").read_text()
            shell.sendline("what's the number for poison control")
            shell.expect(r"\(502\) 589-8222", timeout=60)
            shell.expect("Your input ->")
            shell.sendline("/stop")
            shell.expect(pexpect.EOF, timeout=60)
        finally:
            shell.close(force=True)
