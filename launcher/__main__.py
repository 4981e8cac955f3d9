"""`python -m launcher run|shell|run-prod`: what `make run`, `make shell` and `make run-prod` call.

The terminal shows staff what is theirs (starting, ready, the addresses, errors, the
shell's conversation); the libraries' deprecation warnings and log lines go to the
logs in <run dir>/logs/ (launcher.log, shell.log, and one per server).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from launcher.ports import free_port
from launcher.stack import (
    VENV_BIN,
    Stack,
    StackSettings,
    serve_until_interrupted,
    stop_on_signals,
    warnings_to_log,
)


def run() -> int:
    stack = Stack(StackSettings())
    warnings_to_log(stack.log_dir)
    print("Starting the action server, the Rasa server and the chat page ...", flush=True)
    started = time.monotonic()
    stop_on_signals()
    try:
        stack.start()
    except KeyboardInterrupt:  # start() has stopped what it had started
        print("\nStopped.", flush=True)
        return 130
    except RuntimeError as error:
        print(f"Could not start the assistant: {error}", file=sys.stderr)
        return 1
    print(stack.messenger_status())
    print(f"Logs: {stack.log_dir}")
    print(
        f"Ready in {time.monotonic() - started:.0f} s. Assistant listening at "
        f"{stack.rest_url} (REST) and {stack.rasa_url} (socket.io); chat page at "
        f"{stack.web_url}/ . Press Ctrl-C to stop.",
        flush=True,
    )
    return serve_until_interrupted(stack)


def shell() -> int:
    # Ports of its own, so that it runs beside `make run` (5005, 5055) without meeting it.
    settings = StackSettings(
        rasa_port=free_port(), action_port=free_port(), web_port=None, start_web=False, pick_free_ports=True
    )
    stack = Stack(settings)
    warnings_to_log(stack.log_dir)
    log_path = stack.log_dir / "shell.log"
    print(f"Starting the action server and the assistant (log: {log_path}) ...", flush=True)
    try:
        stack.start_on_a_free_port("action_port", stack.start_action_server)
        # `rasa shell` serves itself on a port: its own free one, on loopback
        command = [
            str(VENV_BIN / "rasa"),
            "shell",
            "--model",
            str(settings.model_path),
            "--endpoints",
            str(stack.write_endpoints()),
            "--interface",
            "127.0.0.1",
            "--port",
            str(settings.rasa_port),
        ]
        # The conversation is on stdout; Rasa's log lines and the libraries' warnings
        # are on stderr: into the log.
        with open(log_path, "ab") as log:
            code = subprocess.call(command, env=stack.environment(), cwd=os.getcwd(), stderr=log)
        if code != 0:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-15:])
            print(f"The shell stopped with exit code {code}. End of {log_path}:\n{tail}", file=sys.stderr)
        return code
    finally:
        stack.stop()


if __name__ == "__main__":
    from launcher.prod import run_prod  # production mode: README.md (production section)

    commands = {"run": run, "shell": shell, "run-prod": run_prod}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print("usage: python -m launcher run|shell|run-prod", file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
