"""The running assistant: action server, Rasa server and the demo web page.

`Stack` starts each part as a child process on loopback, waits until it answers,
and stops all of them. `make run` uses it through `python -m launcher run`; tests
use it as a context manager on free ports, with their own environment variables.

Each child ends with the launcher, however the launcher ends (Linux: the kernel sends
it SIGTERM when the launcher dies, even by SIGKILL or the out-of-memory killer), and
`serve_until_interrupted` starts again a child that died on its own.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import yaml

import settings
from launcher.ports import free_port, is_free
from settings import limits
from settings.limits import (
    ACTION_SERVER_MAX_REQUEST_BYTES,
    MAX_REQUEST_BYTES,
    MAX_WEBSOCKET_BYTES,
    MIN_UPTIME_BEFORE_RESTART_S,
    PORT_ATTEMPTS,
    REQUEST_TIMEOUT_S,
    RESPONSE_TIMEOUT_S,
    SQLITE_BUSY_TIMEOUT_S,
    STARTUP_TIMEOUT_S,
    SUPERVISE_INTERVAL_S,
)

PROJECT_ROOT = settings.PROJECT_ROOT
VENV_BIN = Path(sys.executable).parent
MODEL_PATH = PROJECT_ROOT / "models" / "assistant.tar.gz"
RUN_DIR = settings.JTPD_RUN_DIR.default
# Rasa's HTTP API (`rasa run --enable-api`) is off; StackSettings(enable_api=True)
# turns it on, and then requires this token, read from the environment only.
API_TOKEN_ENV = settings.RASA_API_TOKEN.name


def rasa_server_command(
    speedups: bool = True,
    *,
    model: Path,
    endpoints: Path,
    credentials: Path,
    port: int,
    cors: List[str],
    interface: str = "127.0.0.1",
    api: bool = False,
) -> List[str]:
    """The command line of one Rasa server (`make run`, `make run-prod`, the benchmark):
    `rasa run`, by default with rasa_patches' speed-ups (measured hot spots removed;
    README, "Benchmark"), plain Rasa only for comparing the two. With `api`, Rasa's
    HTTP API is on and takes its token from $RASA_API_TOKEN inside the process, so the
    token never shows in the process list (/proc/<pid>/cmdline) as an argument would."""
    module = "scaling.rasa_server" if speedups else "rasa.__main__"
    arguments = [
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--interface",
        interface,
        "--port",
        str(port),
        "--response-timeout",
        str(RESPONSE_TIMEOUT_S),
    ]
    if cors:
        arguments += ["--cors", *cors]
    if not api:
        return [str(VENV_BIN / "python"), "-m", module, *arguments]
    with_token = (
        f"import os, sys; from {module} import main; "
        f"sys.argv += ['--auth-token', os.environ['{API_TOKEN_ENV}']]; main()"
    )
    return [str(VENV_BIN / "python"), "-c", with_token, *arguments, "--enable-api"]


def server_limits_environment() -> Dict[str, str]:
    """The SANIC_* variables that bound request size and time in both servers."""
    return {
        "SANIC_REQUEST_MAX_SIZE": str(MAX_REQUEST_BYTES),
        "SANIC_WEBSOCKET_MAX_SIZE": str(MAX_WEBSOCKET_BYTES),
        "SANIC_REQUEST_TIMEOUT": str(REQUEST_TIMEOUT_S),
        "SANIC_RESPONSE_TIMEOUT": str(RESPONSE_TIMEOUT_S),
    }


def quiet_environment(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The environment of every process the project starts: no telemetry, quiet TF."""
    env = settings.environment()
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONPATH": str(PROJECT_ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONUNBUFFERED": "1",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
    )
    env.update(extra or {})
    return env


def warnings_to_log(log_dir: Path) -> None:
    """Python warnings raised in the launcher itself (importing Rasa's modules) go to
    launcher.log instead of the terminal."""
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_dir / "launcher.log", encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    notices = logging.getLogger("py.warnings")
    notices.addHandler(handler)
    notices.propagate = False
    logging.captureWarnings(True)


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=limits.HEALTH_CHECK_TIMEOUT_S) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


@dataclass
class StackSettings:
    """Defaults are the settings RASA_PORT, ACTION_PORT, WEB_PORT and JTPD_RUN_DIR
    (settings/__init__.py: the environment, else the documented local ones)."""

    rasa_port: int = field(default_factory=settings.RASA_PORT.read)
    action_port: int = field(default_factory=settings.ACTION_PORT.read)
    web_port: Optional[int] = field(default_factory=settings.WEB_PORT.read)
    interface: str = "127.0.0.1"
    model_path: Path = MODEL_PATH
    run_dir: Path = field(default_factory=settings.JTPD_RUN_DIR.read)
    endpoints_path: Path = PROJECT_ROOT / "endpoints.yml"
    credentials_path: Path = PROJECT_ROOT / "credentials.yml"
    tracker_sqlite_path: Optional[Path] = None  # default: <run_dir>/conversations.db
    cors_origins: Optional[List[str]] = None  # default: the demo page's origin
    env: Dict[str, str] = field(default_factory=dict)
    start_web: bool = True
    enable_api: bool = False  # Rasa's HTTP API; needs $RASA_API_TOKEN
    rasa_speedups: bool = True  # False: plain `rasa run`, for the benchmark's comparison
    action_endpoint_url: Optional[str] = None  # default: this stack's action server
    # Ports were picked here, not chosen by a person: a taken one is replaced at start.
    pick_free_ports: bool = False

    @classmethod
    def for_tests(cls, run_dir: Path, **overrides) -> "StackSettings":
        """Free ports and a private run folder, so tests never meet a developer's stack."""
        settings = cls(
            rasa_port=free_port(),
            action_port=free_port(),
            web_port=free_port(),
            run_dir=Path(run_dir),
            pick_free_ports=True,
        )
        for key, value in overrides.items():
            setattr(settings, key, value)
        return settings


class Stack:
    def __init__(self, settings: Optional[StackSettings] = None) -> None:
        self.settings = settings or StackSettings()
        self.settings.run_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir = self.settings.run_dir / "logs"
        self.log_dir.mkdir(exist_ok=True)
        self._processes: Dict[str, subprocess.Popen] = {}
        # how each child was started and when, to start it again (restart_crashed)
        self._commands: Dict[str, Tuple[List[str], Optional[Dict[str, str]]]] = {}
        self._started_at: Dict[str, float] = {}
        self.messenger_enabled = False

    # --- addresses -------------------------------------------------------------
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.action_port}"

    @property
    def web_url(self) -> Optional[str]:
        port = self.settings.web_port
        return f"http://localhost:{port}" if port and self.settings.start_web else None

    @property
    def tracker_sqlite_path(self) -> Path:
        return self.settings.tracker_sqlite_path or self.settings.run_dir / "conversations.db"

    def environment(self) -> Dict[str, str]:
        return quiet_environment(
            {
                "SANIC_HOST": self.settings.interface,  # the action server's interface
                **server_limits_environment(),
                **self.settings.env,
            }
        )

    def messenger_status(self) -> str:
        """One line for the terminal: whether Messenger is on, and why not."""
        from channels.messenger import describe_env

        return describe_env(self.environment())

    def cors_origins(self) -> List[str]:
        origins = self.settings.cors_origins
        if origins is None:
            origins = [self.web_url] if self.web_url else []
        return list(origins)

    def ports(self) -> Dict[str, int]:
        """The ports this stack listens on, by the variable that sets each."""
        ports = {
            settings.RASA_PORT.name: self.settings.rasa_port,
            settings.ACTION_PORT.name: self.settings.action_port,
        }
        if self.web_url:
            ports[settings.WEB_PORT.name] = self.settings.web_port
        return ports

    def check_ports(self) -> None:
        """Stop, naming each busy port and its holder, before anything is started or
        written: another `make run` would otherwise answer for this one."""
        from launcher.ports import busy_ports_message

        if self.settings.pick_free_ports:
            return  # ports it picked itself: a taken one is picked again at its start
        message = busy_ports_message(self.ports(), self.settings.interface)
        if message:
            raise RuntimeError(message)

    def preflight(self) -> None:
        """Stop with ConfigError, naming the file and entry, if a file is malformed."""
        from launcher.preflight import check_all

        check_all(
            settings.JTPD_DIRECTORY_PATH.read(self.environment()),
            self.settings.endpoints_path,
            self.settings.credentials_path,
        )

    # --- processes -------------------------------------------------------------
    def start(self) -> "Stack":
        if not self.settings.model_path.exists():
            raise RuntimeError(f"no trained model at {self.settings.model_path}: run `make train`")
        self.check_ports()
        self.preflight()
        try:
            self.start_on_a_free_port("action_port", self.start_action_server)
            self.start_on_a_free_port("rasa_port", self.start_rasa)
            if self.web_url:
                self.start_on_a_free_port("web_port", self.start_web)
        except BaseException:
            self.stop()
            raise
        return self

    def start_action_server(self) -> None:
        self._spawn(
            "actions",
            [
                str(VENV_BIN / "python"),
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(self.settings.action_port),
            ],
            env={**self.environment(), "SANIC_REQUEST_MAX_SIZE": str(ACTION_SERVER_MAX_REQUEST_BYTES)},
        )
        self._wait_until("actions", f"{self.action_url}/health")

    def start_on_a_free_port(self, port_field: str, start: Callable[[], None]) -> None:
        """start(); with `pick_free_ports`, when the port was taken meanwhile (before
        the start or by the time the server binds it), again on another free port."""
        for attempt in range(PORT_ATTEMPTS):
            if self.settings.pick_free_ports and not is_free(getattr(self.settings, port_field)):
                setattr(self.settings, port_field, free_port())
            try:
                start()
                return
            except RuntimeError as error:
                taken = "address already in use" in str(error).lower()
                if not (self.settings.pick_free_ports and taken) or attempt == PORT_ATTEMPTS - 1:
                    raise
                setattr(self.settings, port_field, free_port())

    def stop_action_server(self) -> None:
        self._terminate("actions")

    def start_rasa(self) -> None:
        if self.settings.enable_api and not settings.RASA_API_TOKEN.read(self.environment()):
            raise RuntimeError(f"the HTTP API needs a token: set {API_TOKEN_ENV}")
        self._spawn(
            "rasa",
            rasa_server_command(
                self.settings.rasa_speedups,
                model=self.settings.model_path,
                endpoints=self.write_endpoints(),
                credentials=self._write_credentials(),
                port=self.settings.rasa_port,
                cors=self.cors_origins(),
                interface=self.settings.interface,
                api=self.settings.enable_api,
            ),
        )
        self._wait_until("rasa", f"{self.rasa_url}/webhooks/rest/")

    def start_web(self) -> None:
        self._spawn(
            "web",
            [
                str(VENV_BIN / "python"),
                "-m",
                "web.serve",
                "--host",
                self.settings.interface,
                "--port",
                str(self.settings.web_port),
                "--assistant-url",
                f"http://localhost:{self.settings.rasa_port}",
            ],
        )
        self._wait_until("web", f"{self.web_url}/")

    def stop(self) -> None:
        for name in reversed(list(self._processes)):
            self._terminate(name)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_text(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def write_endpoints(self) -> Path:
        """endpoints.yml with this stack's action server and SQLite file."""
        endpoints = yaml.safe_load(self.settings.endpoints_path.read_text()) or {}
        endpoints["action_endpoint"] = {
            "url": self.settings.action_endpoint_url or f"{self.action_url}/webhook"
        }
        store = endpoints.get("tracker_store") or {}
        if store.get("type") == "SQL" and store.get("dialect") == "sqlite":
            store["db"] = str(self.tracker_sqlite_path)
            # how long a statement waits for a lock another process holds; the
            # server waits in its only thread, so briefly (README: hardening section)
            store.setdefault("query", {}).setdefault("timeout", str(SQLITE_BUSY_TIMEOUT_S))
        path = self.settings.run_dir / "endpoints.yml"
        path.write_text(yaml.safe_dump(endpoints))
        return path

    def _write_credentials(self) -> Path:
        credentials = yaml.safe_load(self.settings.credentials_path.read_text()) or {}
        socketio = credentials.get(SOCKETIO_CHANNEL)
        if isinstance(socketio, dict):  # browsers may connect from the CORS origins only
            socketio["allowed_origins"] = self.cors_origins()
        from channels.messenger import credentials_from_env

        messenger = credentials_from_env(self.environment())
        self.messenger_enabled = messenger is not None
        if messenger is not None:
            credentials["channels.messenger.MessengerInput"] = messenger
        path = self.settings.run_dir / "credentials.yml"
        path.write_text(yaml.safe_dump(credentials))
        path.chmod(0o600)  # it may hold the Messenger secrets
        return path

    def _spawn(self, name: str, command: List[str], env: Optional[Dict[str, str]] = None) -> None:
        self._terminate(name)
        log = open(self.log_dir / f"{name}.log", "ab")
        self._processes[name] = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env or self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_ends_with(os.getpid()),
        )
        log.close()
        self._commands[name] = (command, env)
        self._started_at[name] = time.monotonic()

    def restart_crashed(self) -> List[str]:
        """Start again each child that exited without being stopped (a crash, the
        out-of-memory killer); the names of those started. One that keeps dying is
        started at most every MIN_UPTIME_BEFORE_RESTART_S seconds."""
        restarted = []
        for name, process in list(self._processes.items()):
            code = process.poll()
            if code is None:
                continue
            if time.monotonic() - self._started_at[name] < MIN_UPTIME_BEFORE_RESTART_S:
                continue
            with open(self.log_dir / f"{name}.log", "a", encoding="utf-8") as log:
                log.write(f"\n[launcher] {name} exited with code {code}; starting it again\n")
            self._spawn(name, *self._commands[name])
            restarted.append(name)
        return restarted

    def _wait_until(self, name: str, url: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        process = self._processes[name]
        while time.monotonic() < deadline:
            if process.poll() is not None:
                tail = "\n".join(self.log_text(name).splitlines()[-25:])
                raise RuntimeError(f"{name} exited with code {process.returncode}:\n{tail}")
            if _http_ok(url):
                return
            time.sleep(0.25)
        raise RuntimeError(f"{name} did not answer at {url} within {STARTUP_TIMEOUT_S:.0f} s")

    def _terminate(self, name: str) -> None:
        process = self._processes.pop(name, None)
        if process is not None:
            stop_process_group(process)


SOCKETIO_CHANNEL = "channels.socketio.SocketIOInput"


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _ends_with(launcher_pid: int) -> Optional[Callable[[], None]]:
    """For Popen's preexec_fn: the child gets SIGTERM when the launcher (the thread that
    started it: all starts happen in the main thread) dies. Linux only; elsewhere None."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)  # loaded before the fork
    except OSError:
        return None

    def die_with_launcher() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != launcher_pid:  # the launcher died before prctl took effect
            os._exit(1)

    return die_with_launcher


def stop_process_group(process: subprocess.Popen, timeout: float = limits.STOP_TIMEOUT_S) -> None:
    """SIGTERM to a process started in its own session, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _interrupt(*_) -> None:
    # Only the first one: a second Ctrl-C or `kill` while the children are being
    # stopped would break off the stop (a traceback, and children left running).
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Ctrl-C, `kill` and a closed terminal raise KeyboardInterrupt, so whatever was
    started is stopped. SIGINT is set explicitly: a shell starts background jobs with
    it ignored."""
    for signum in _STOP_SIGNALS:
        signal.signal(signum, _interrupt)


def serve_until_interrupted(stack) -> int:
    """Start again any child that dies, until one of those signals; then stop what the
    stack started."""
    stop_on_signals()
    try:
        while True:
            time.sleep(SUPERVISE_INTERVAL_S)
            for name in stack.restart_crashed():
                print(
                    f"{name} had stopped on its own; started it again "
                    f"(log: {stack.log_dir / (name + '.log')})",
                    flush=True,
                )
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
    finally:
        stack.stop()
    return 0
