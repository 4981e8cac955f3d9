"""Production mode: several Rasa servers sharing conversations, behind nginx.

`make run-prod` (`python -m launcher run-prod`) starts, on loopback:

- PostgreSQL, the tracker store, and Redis, the lock store, as private instances in
  .run/prod/ (scripts/prod/pg.sh, scripts/prod/redis.sh), unless DB_HOST / REDIS_HOST
  name another machine (a managed service): then they are only used;
- the action server (one process: it is stateless and light);
- RASA_INSTANCES Rasa servers (default 2) on RASA_PORT, RASA_PORT+1, ... all reading
  endpoints.prod.yml, whose values are ${VAR}s that Rasa fills in from the
  environment; this module sets every one of them (defaults: settings/__init__.py);
- nginx (Debian's package) with a config in .run/prod/nginx/ made from
  launcher/nginx.conf.template: it serves the chat page and widget (a copy of
  web/site and web/widget in a temporary folder its workers can read: they run as
  `nobody`, who cannot enter a checkout in a private folder) and balances
  /webhooks/ (REST, Messenger) over the Rasa servers, retrying a request on the
  other server when one refuses or drops the connection; any
  error reaches the resident as channels/rest.py's JSON (911 and the non-emergency
  line); /socket.io/ is balanced with client-address affinity.

`ProdStack` reuses `Stack`'s process handling (start, wait until it answers, stop);
tests and the benchmark use it on free ports with private folders
(`ProdSettings.for_tests`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import settings
from launcher import stack as _stack
from launcher.ports import free_port
from launcher.stack import (
    MODEL_PATH,
    PROJECT_ROOT,
    Stack,
    StackSettings,
    rasa_server_command,
    serve_until_interrupted,
    stop_on_signals,
)
from settings import limits
from web.serving import ASSISTANT_URL_PLACEHOLDER, COMMON_HEADERS, origin, page_headers

PROD_ENDPOINTS = PROJECT_ROOT / "endpoints.prod.yml"
SCRIPTS = PROJECT_ROOT / "scripts" / "prod"
WEB_ROOT = PROJECT_ROOT / "web"
NGINX_TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class ProdSettings:
    """Where everything listens. `from_env()` reads the documented variables."""

    instances: int = 2
    rasa_ports: List[int] = field(default_factory=lambda: [5005, 5006])
    action_port: int = 5055
    web_port: int = 8080  # nginx: the chat page and the channels
    interface: str = "127.0.0.1"  # nginx's listening address
    public_url: Optional[str] = None  # the address residents use; default http://localhost:<web_port>
    run_dir: Path = settings.JTPD_PROD_RUN_DIR.default
    pg_dir: Optional[Path] = None  # default <run_dir>/pg
    redis_dir: Optional[Path] = None  # default <run_dir>/redis
    model_path: Path = MODEL_PATH
    endpoints_path: Path = PROD_ENDPOINTS
    env: Dict[str, str] = field(default_factory=dict)  # overrides of the environment
    manage_services: Optional[bool] = None  # None: start PostgreSQL/Redis when their host is loopback
    stop_services: bool = True  # stop the local PostgreSQL/Redis with the stack

    @classmethod
    def from_env(cls, environ: Optional[Dict[str, str]] = None) -> "ProdSettings":
        """The settings of settings/__init__.py, from `environ` (default: this process's)."""
        instances = settings.RASA_INSTANCES.read(environ)
        if instances < 1:
            raise ValueError(f"{settings.RASA_INSTANCES.name} must be at least 1")
        base = settings.RASA_PORT.read(environ)
        return cls(
            instances=instances,
            rasa_ports=[base + i for i in range(instances)],
            action_port=settings.ACTION_PORT.read(environ),
            web_port=settings.WEB_PORT.read(environ),
            interface=settings.WEB_INTERFACE.read(environ),
            public_url=settings.PUBLIC_URL.read(environ),
            run_dir=settings.JTPD_PROD_RUN_DIR.read(environ),
        )

    @classmethod
    def for_tests(cls, run_dir: Path, services_dir: Path, instances: int = 2, **overrides) -> "ProdSettings":
        """Free ports, a private run folder and private PostgreSQL/Redis folders.

        `services_dir` must be reachable by the `postgres` user when running as root
        (pytest's tmp_path is not: its parents are mode 0700).
        """
        env = {"DB_PORT": str(free_port()), "REDIS_PORT": str(free_port())}
        env.update(overrides.pop("env", {}))
        settings = cls(
            instances=instances,
            rasa_ports=[free_port() for _ in range(instances)],
            action_port=free_port(),
            web_port=free_port(),
            run_dir=Path(run_dir),
            pg_dir=Path(services_dir) / "pg",
            redis_dir=Path(services_dir) / "redis",
            env=env,
        )
        for key, value in overrides.items():
            setattr(settings, key, value)
        return settings


class ProdStack(Stack):
    """PostgreSQL + Redis + action server + N Rasa servers + nginx."""

    def __init__(self, settings: Optional[ProdSettings] = None) -> None:
        self.prod = settings or ProdSettings.from_env()
        if len(self.prod.rasa_ports) != self.prod.instances:
            raise ValueError("one port per Rasa server is needed")
        super().__init__(
            StackSettings(
                rasa_port=self.prod.rasa_ports[0],
                action_port=self.prod.action_port,
                web_port=None,
                start_web=False,
                interface="127.0.0.1",
                model_path=self.prod.model_path,
                run_dir=self.prod.run_dir,
                endpoints_path=self.prod.endpoints_path,
                env={},
            )
        )
        self.nginx_dir = self.prod.run_dir / "nginx"
        self._service_env = self._resolve_service_env()
        self.services_started = False
        self.published_web: Optional[Path] = None  # what nginx serves; see publish_web()

    # --- addresses -------------------------------------------------------------
    @property
    def pg_dir(self) -> Path:
        return self.prod.pg_dir or self.prod.run_dir / "pg"

    @property
    def redis_dir(self) -> Path:
        return self.prod.redis_dir or self.prod.run_dir / "redis"

    @property
    def lb_url(self) -> str:
        host = self.prod.interface if self.prod.interface not in ("0.0.0.0", "::") else "127.0.0.1"
        return f"http://{host}:{self.prod.web_port}"

    @property
    def lb_rest_url(self) -> str:
        return f"{self.lb_url}/webhooks/rest/webhook"

    @property
    def public_url(self) -> str:
        return (self.prod.public_url or f"http://localhost:{self.prod.web_port}").rstrip("/")

    @property
    def web_url(self) -> Optional[str]:
        return self.public_url

    def instance_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.prod.rasa_ports[index]}"

    def instance_rest_url(self, index: int) -> str:
        return f"{self.instance_url(index)}/webhooks/rest/webhook"

    @property
    def instance_names(self) -> List[str]:
        return [f"rasa-{i + 1}" for i in range(self.prod.instances)]

    # --- environment -------------------------------------------------------------
    def _resolve_service_env(self) -> Dict[str, str]:
        """What endpoints.prod.yml and the Rasa servers read: set, else the default.
        DB_PASSWORD, when unset, is read from the local cluster's file at start."""
        environ = settings.environment(self.prod.env)
        values: Dict[str, str] = {}
        for setting in settings.ENDPOINTS_PROD + settings.RASA_SERVER:
            value = setting.text(environ)
            if value is not None:
                values[setting.name] = value
        values.setdefault(settings.ACTION_SERVER_URL.name, f"{self.action_url}/webhook")
        # where scripts/prod/*.sh keep PostgreSQL's and Redis's data
        values["PG_DIR"] = str(self.pg_dir)
        values["REDIS_DIR"] = str(self.redis_dir)
        return values

    def _manages(self, host_var: str) -> bool:
        if self.prod.manage_services is not None:
            return self.prod.manage_services
        return self._service_env[host_var] in LOOPBACK_HOSTS

    def environment(self) -> Dict[str, str]:
        return {**super().environment(), **self.prod.env, **self._service_env}

    def check_endpoints(self) -> None:
        """Every ${VAR} of endpoints.prod.yml has a value: Rasa refuses to start otherwise."""
        lines = self.prod.endpoints_path.read_text().splitlines()
        text = "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in lines)  # not the comments
        names = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", text))
        missing = sorted(name for name in names if name not in self.environment())
        if missing:
            raise RuntimeError(
                f"{self.prod.endpoints_path.name} needs {', '.join(missing)}: set them in the environment"
            )

    # --- processes -------------------------------------------------------------
    def start(self) -> "ProdStack":
        if not self.prod.model_path.exists():
            raise RuntimeError(f"no trained model at {self.prod.model_path}: run `make train`")
        self.check_ports()
        preflight = getattr(self, "preflight", None)  # launcher/preflight.py's file checks
        if preflight is not None:
            preflight()
        try:
            self.start_services()
            self.check_endpoints()
            self.start_action_server()
            self.start_instances()
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        super().stop()
        if self.published_web is not None:
            shutil.rmtree(self.published_web, ignore_errors=True)
            self.published_web = None
        if self.services_started and self.prod.stop_services:
            self.stop_services()

    def _script(self, name: str, command: str) -> None:
        result = subprocess.run(
            ["bash", str(SCRIPTS / name), command],
            env=self.environment(),
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        with open(self.log_dir / "services.log", "a", encoding="utf-8") as log:
            log.write(result.stdout)
        if result.returncode != 0:
            raise RuntimeError(f"scripts/prod/{name} {command} failed:\n{result.stdout}")

    def start_services(self) -> None:
        """Start the local PostgreSQL and Redis (when their hosts are loopback)."""
        if self._manages("DB_HOST"):
            self._script("pg.sh", "start")
            self.services_started = True
            if "DB_PASSWORD" not in self._service_env:
                password_file = self.pg_dir / "db.password"
                self._service_env["DB_PASSWORD"] = password_file.read_text().strip()
        if self._manages("REDIS_HOST"):
            self._script("redis.sh", "start")
            self.services_started = True

    def stop_services(self) -> None:
        errors = []
        for name, host_var in (("redis.sh", "REDIS_HOST"), ("pg.sh", "DB_HOST")):
            if self._manages(host_var):
                try:
                    self._script(name, "stop")
                except RuntimeError as error:
                    errors.append(str(error))
        self.services_started = False
        if errors:
            raise RuntimeError("\n".join(errors))

    def rasa_cors_origins(self) -> List[str]:
        """The Rasa servers' CORS origins: the chat page's as residents reach it, and
        nginx's own on this machine (socket.io keeps Stack.cors_origins: the first)."""
        return sorted(
            {
                origin(self.public_url),
                f"http://localhost:{self.prod.web_port}",
                f"http://127.0.0.1:{self.prod.web_port}",
            }
        )

    def start_instances(self, indexes: Optional[List[int]] = None) -> None:
        """Start Rasa servers (all by default) side by side, then wait for each."""
        indexes = list(range(self.prod.instances)) if indexes is None else indexes
        credentials = self._write_credentials()
        for i in indexes:
            self._spawn(
                self.instance_names[i],
                rasa_server_command(
                    model=self.prod.model_path,
                    endpoints=self.prod.endpoints_path,
                    credentials=credentials,
                    port=self.prod.rasa_ports[i],
                    cors=self.rasa_cors_origins(),
                ),
            )
        for i in indexes:
            self._wait_until(self.instance_names[i], f"{self.instance_url(i)}/webhooks/rest/")

    def start_instance(self, index: int) -> None:
        self.start_instances([index])

    def stop_instance(self, index: int) -> None:
        """A graceful stop (SIGTERM): requests in flight are finished first."""
        self._terminate(self.instance_names[index])

    def ports(self) -> Dict[str, int]:
        rasa, web = settings.RASA_PORT.name, settings.WEB_PORT.name
        ports = {f"{rasa}+{i}" if i else rasa: port for i, port in enumerate(self.prod.rasa_ports)}
        return {**ports, settings.ACTION_PORT.name: self.prod.action_port, web: self.prod.web_port}

    def check_ports(self) -> None:
        from launcher.ports import busy_ports_message

        web = settings.WEB_PORT.name
        loopback = {name: port for name, port in self.ports().items() if name != web}
        message = busy_ports_message(loopback) or busy_ports_message(
            {web: self.prod.web_port}, self.prod.interface
        )
        if message:
            raise RuntimeError(message)

    def instance_answers(self, index: int) -> bool:
        return _stack._http_ok(f"{self.instance_url(index)}/webhooks/rest/")

    def process_ids(self) -> Dict[str, int]:
        return {name: p.pid for name, p in self._processes.items() if p.poll() is None}

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx not installed: run scripts/prod/install.sh")
        conf = self.write_nginx_conf()
        self._spawn(
            "nginx",
            [nginx, "-p", str(self.nginx_dir), "-c", str(conf), "-e", str(self.nginx_dir / "error.log")],
        )
        self._wait_until("nginx", f"{self.lb_url}/healthz")
        self._wait_until("nginx", f"{self.lb_url}/webhooks/rest/")

    def publish_web(self) -> Path:
        """The chat page, the widget and the error body, copied into a new folder that
        nginx's workers can read wherever the checkout is (they run as `nobody` when
        nginx starts as root; a clone in `mktemp -d` or a 0700 home is closed to them)."""
        if self.published_web is not None:
            shutil.rmtree(self.published_web, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix="jtpd-web-"))
        self.published_web = folder
        for part in ("site", "widget"):
            shutil.copytree(
                WEB_ROOT / part, folder / part, ignore=shutil.ignore_patterns("node_modules", ".*")
            )
        (folder / "errors").mkdir()
        (folder / "errors" / UNAVAILABLE_BODY).write_text(unavailable_body())
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return folder

    def write_nginx_conf(self) -> Path:
        self.nginx_dir.mkdir(parents=True, exist_ok=True)
        (self.nginx_dir / "tmp").mkdir(exist_ok=True)
        path = self.nginx_dir / "nginx.conf"
        try:
            text = render_nginx_conf(
                run_dir=self.nginx_dir,
                listen=f"{self.prod.interface}:{self.prod.web_port}",
                rasa_ports=self.prod.rasa_ports,
                web_root=self.publish_web(),
                public_url=self.public_url,
            )
        except ValueError as error:
            raise RuntimeError(str(error)) from error
        path.write_text(text)
        return path


UNAVAILABLE_BODY = "unavailable.json"


def unavailable_body() -> str:
    """What the REST channel answers when it cannot handle a message (channels/rest.py):
    nginx answers the same when no Rasa server can."""
    from channels.rest import UNAVAILABLE_TEXT

    return json.dumps({"error": UNAVAILABLE_TEXT})


def _add_headers(headers: Dict[str, str]) -> str:
    return "\n            ".join(f'add_header {name} "{value}" always;' for name, value in headers.items())


def render_template(template: str, values: Dict[str, object]) -> str:
    """`template` with each {{name}} replaced by values[name]; every name must be given
    and every value used, so a renamed placeholder cannot pass unnoticed."""
    used = set(re.findall(r"\{\{(\w+)\}\}", template))
    if used != set(values):
        raise KeyError(f"template names {sorted(used)} differ from the values {sorted(values)}")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: str(values[match.group(1)]), template)


def render_nginx_conf(
    run_dir: Path, listen: str, rasa_ports: List[int], web_root: Path, public_url: str
) -> str:
    """nginx.conf from launcher/nginx.conf.template; `web_root` holds site/, widget/ and
    errors/ (ProdStack.publish_web)."""
    if any(c in public_url for c in "'\"\\;{}$ \n"):
        raise ValueError(f"PUBLIC_URL {public_url!r} has characters nginx would misread")
    mime = (
        "include /etc/nginx/mime.types;"
        if Path("/etc/nginx/mime.types").exists()
        else ("types { text/html html; text/css css; application/javascript js; image/svg+xml svg; }")
    )
    return render_template(
        NGINX_TEMPLATE.read_text(encoding="utf-8"),
        {
            "run_dir": run_dir,
            "listen": listen,
            "web_root": web_root,
            "mime": mime,
            "public_url": public_url,
            "servers": "\n".join(
                f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={limits.UPSTREAM_FAIL_S}s;"
                for port in rasa_ports
            ),
            "sticky": "\n".join(f"        server 127.0.0.1:{port};" for port in rasa_ports),
            "unavailable_body": UNAVAILABLE_BODY,
            "assistant_url_placeholder": ASSISTANT_URL_PLACEHOLDER,
            "file_headers": _add_headers(COMMON_HEADERS),
            "page_headers": _add_headers(page_headers(public_url)),
            "max_body_bytes": limits.NGINX_MAX_BODY_BYTES,
            "retry_after_s": limits.RETRY_AFTER_S,
            "proxy_connect_timeout_s": limits.PROXY_CONNECT_TIMEOUT_S,
            "proxy_read_timeout_s": limits.PROXY_READ_TIMEOUT_S,
            "proxy_retry_timeout_s": limits.PROXY_RETRY_TIMEOUT_S,
            "socketio_read_timeout_s": limits.SOCKETIO_READ_TIMEOUT_S,
        },
    )


def run_prod() -> int:
    try:
        stack = ProdStack(ProdSettings.from_env())
    except ValueError as error:
        print(f"Could not start the production mode: {error}", file=sys.stderr)
        return 2
    _stack.warnings_to_log(stack.log_dir)
    print(
        f"Starting PostgreSQL, Redis, the action server, {stack.prod.instances} Rasa servers and nginx ...",
        flush=True,
    )
    started = time.monotonic()
    stop_on_signals()  # from here on, Ctrl-C stops PostgreSQL and Redis too
    try:
        stack.start()
    except RuntimeError as error:
        print(f"Could not start the production mode: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # start() has stopped what it had started
        print("\nStopped.", flush=True)
        return 130
    env = stack.environment()
    print(stack.messenger_status())
    print(
        f"Tracker store: PostgreSQL {env['DB_USER']}@{env['DB_HOST']}:{env['DB_PORT']}/{env['DB_DATABASE']}; "
        f"lock store: Redis {env['REDIS_HOST']}:{env['REDIS_PORT']} db {env['REDIS_DB']}"
    )
    print("Rasa servers: " + ", ".join(stack.instance_url(i) for i in range(stack.prod.instances)))
    print(f"Logs: {stack.log_dir} and {stack.nginx_dir}")
    print(
        f"Ready in {time.monotonic() - started:.0f} s. Chat page at {stack.public_url}/ ; "
        f"REST at {stack.public_url}/webhooks/rest/webhook (nginx, {stack.lb_url}). "
        "Press Ctrl-C to stop.",
        flush=True,
    )
    return serve_until_interrupted(stack)
