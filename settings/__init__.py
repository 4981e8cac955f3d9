"""Every environment variable the project reads: its name, type, default and meaning.

One declaration each, below; README.md ("Settings") lists the same variables, and
tests/unit/test_settings.py checks that the two agree and that no other module
reads os.environ. Plain Python, no Rasa: the launcher, the servers, the chat page's
server and the benchmark all import it. The limits that are not settings (bytes,
characters, time bounds) are in settings/limits.py.

A variable that is unset or blank takes its default. `RASA_PORT.read()` is the typed
value (None when unset without a default); `text()` is the same as the text a child
process is given; `environment()` is the environment to start a child process with.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Generic, Mapping, Optional, TypeVar

from settings import limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")


def flag(text: str) -> bool:
    """On unless it is 0 or false."""
    return text.strip().lower() not in ("0", "false")


@dataclass(frozen=True)
class Setting(Generic[T]):
    name: str
    parse: Callable[[str], T]
    default: Optional[T]  # None: unset, or worked out at start (see `shown_default`)
    meaning: str
    shown_default: str = ""  # what README shows as the default when it is worked out

    def read(self, environ: Optional[Mapping[str, str]] = None) -> Optional[T]:
        """The value in `environ` (default: this process's environment), else the default."""
        raw = (os.environ if environ is None else environ).get(self.name)
        if raw is None or not raw.strip():
            return self.default
        try:
            return self.parse(raw)
        except ValueError:
            raise ValueError(f"{self.name} must be {self.parse.__name__}, not {raw!r}") from None

    def text(self, environ: Optional[Mapping[str, str]] = None) -> Optional[str]:
        value = self.read(environ)
        return None if value is None else str(value)

    @property
    def documented_default(self) -> Optional[str]:
        """The default as README writes it; None when unset."""
        default = self.default
        if self.shown_default or default is None:
            return self.shown_default or None
        if isinstance(default, bool):
            return "1" if default else "0"
        if isinstance(default, float) and default.is_integer():
            return str(int(default))
        if isinstance(default, Path) and default.is_relative_to(PROJECT_ROOT):
            return default.relative_to(PROJECT_ROOT).as_posix()
        return str(default)


ALL: Dict[str, Setting] = {}


def _declare(
    name: str, parse: Callable[[str], T], default: Optional[T], meaning: str, shown_default: str = ""
) -> Setting[T]:
    if name in ALL:
        raise ValueError(f"{name} is declared twice")
    setting = Setting(name, parse, default, meaning, shown_default)
    ALL[name] = setting
    return setting


def environment(overrides: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """A copy of this process's environment with `overrides` on top: for a child process,
    or to read settings as a child given `overrides` will see them."""
    return {**os.environ, **(overrides or {})}


# --- make run, make shell (launcher/stack.py) and the chat page (web/serve.py) -------
RASA_PORT = _declare(
    "RASA_PORT", int, 5005, "the Rasa server's port; in production mode the first one's, the next ones follow"
)
ACTION_PORT = _declare("ACTION_PORT", int, 5055, "the action server's port")
WEB_PORT = _declare(
    "WEB_PORT", int, 8080, "the chat page's port (`make run`: web/serve.py; production mode: nginx)"
)
WEB_INTERFACE = _declare(
    "WEB_INTERFACE",
    str,
    "127.0.0.1",
    "the address the chat page listens on: nginx in production mode, "
    "`python -m web.serve` run by hand (`make run` keeps it on 127.0.0.1)",
)
JTPD_ASSISTANT_URL = _declare(
    "JTPD_ASSISTANT_URL",
    str,
    "http://localhost:5005",
    "the Rasa server the chat page talks to, when `python -m web.serve` "
    "runs by hand (`make run` gives it its own)",
)
JTPD_RUN_DIR = _declare(
    "JTPD_RUN_DIR",
    Path,
    PROJECT_ROOT / ".run",
    "`make run` and `make shell`: logs, the SQLite conversations, the generated endpoints and credentials",
)
JTPD_DIRECTORY_PATH = _declare(
    "JTPD_DIRECTORY_PATH",
    Path,
    PROJECT_ROOT / "directory" / "phone-numbers.yml",
    "the phone directory file (tests start servers on a broken one)",
)
# The department's 911 page: beside the checkout (../shared/source/), or the workplace's
# copy when the checkout is elsewhere (a fresh clone in a private temporary folder).
_PAGE_NAME = Path("shared") / "source" / "jeffersontown-911-page.txt"
_PAGE_BESIDE = PROJECT_ROOT.parent / _PAGE_NAME
JTPD_SOURCE_PAGE = _declare(
    "JTPD_SOURCE_PAGE",
    Path,
    _PAGE_BESIDE if _PAGE_BESIDE.exists() else Path("/work") / _PAGE_NAME,
    "the department's 911 page, the one source of facts: the tests check the directory and the answers "
    "against it (when it is not beside the checkout: /work/shared/source/)",
    shown_default="../shared/source/jeffersontown-911-page.txt",
)
JTPD_ACTION_TIMEOUT_S = _declare(
    "JTPD_ACTION_TIMEOUT_S",
    float,
    float(limits.ACTION_TIMEOUT_S),
    "seconds the Rasa server waits for the action server per lookup (Rasa's own: 5 minutes)",
)
JTPD_VERIFY_RECENT_HISTORY = _declare(
    "JTPD_VERIFY_RECENT_HISTORY",
    flag,
    False,
    "`1`: predict from the recent history and the whole one, "
    "and log any difference (scaling/recent_history.py)",
)
RASA_API_TOKEN = _declare(
    "RASA_API_TOKEN",
    str,
    None,
    "the token of Rasa's HTTP API, needed only when a test turns the API "
    "on (`StackSettings(enable_api=True)`); off otherwise",
)

# --- Messenger (channels/messenger.py): on when all three secrets are set -----------
FACEBOOK_VERIFY_TOKEN = _declare(
    "FACEBOOK_VERIFY_TOKEN", str, None, "a random string also typed in Meta's webhook settings"
)
FACEBOOK_APP_SECRET = _declare(
    "FACEBOOK_APP_SECRET", str, None, "the Meta app's secret: checks every webhook POST"
)
FACEBOOK_PAGE_ACCESS_TOKEN = _declare(
    "FACEBOOK_PAGE_ACCESS_TOKEN", str, None, "the Page access token replies are sent with"
)
FACEBOOK_GRAPH_URL = _declare(
    "FACEBOOK_GRAPH_URL",
    str,
    "https://graph.facebook.com/v25.0",
    "the Graph API (another version; the tests' local fake)",
)

# --- production mode (launcher/prod.py, endpoints.prod.yml) ------------------------
RASA_INSTANCES = _declare("RASA_INSTANCES", int, 2, "how many Rasa servers")
JTPD_PROD_RUN_DIR = _declare(
    "JTPD_PROD_RUN_DIR",
    Path,
    PROJECT_ROOT / ".run" / "prod",
    "production mode's logs, nginx config, PostgreSQL and Redis data",
)
PUBLIC_URL = _declare(
    "PUBLIC_URL",
    str,
    None,
    "the address residents use; written into the chat page",
    shown_default="http://localhost:$WEB_PORT",
)
DB_HOST = _declare(
    "DB_HOST", str, "127.0.0.1", "PostgreSQL; a host that is not loopback is used as it is, not started"
)
DB_PORT = _declare("DB_PORT", int, 5433, "PostgreSQL's port")
DB_USER = _declare("DB_USER", str, "rasa", "PostgreSQL role")
DB_DATABASE = _declare("DB_DATABASE", str, "rasa", "PostgreSQL database")
DB_PASSWORD = _declare(
    "DB_PASSWORD",
    str,
    None,
    "must be set for another host; no word in it may start with `$`; locally it is generated",
    shown_default=".run/prod/pg/db.password",
)
REDIS_HOST = _declare(
    "REDIS_HOST", str, "127.0.0.1", "Redis, the lock store; not started when the host is not loopback"
)
REDIS_PORT = _declare("REDIS_PORT", int, 6380, "Redis's port")
REDIS_DB = _declare("REDIS_DB", int, 1, "Redis database number")
REDIS_PASSWORD = _declare("REDIS_PASSWORD", str, "", "empty: no AUTH")
REDIS_KEY_PREFIX = _declare("REDIS_KEY_PREFIX", str, "jtpd", "letters and digits")
ACTION_SERVER_URL = _declare(
    "ACTION_SERVER_URL",
    str,
    None,
    "the action server the Rasa servers call",
    shown_default="http://127.0.0.1:$ACTION_PORT/webhook",
)
# SQLAlchemy's pool per Rasa server: Rasa's defaults (50 + 100) are sized for one big
# server; two small ones need far fewer of PostgreSQL's 200 connections.
SQL_POOL_SIZE = _declare("SQL_POOL_SIZE", int, 10, "PostgreSQL connections kept per Rasa server")
SQL_MAX_OVERFLOW = _declare("SQL_MAX_OVERFLOW", int, 20, "more connections a Rasa server may open when busy")
SANIC_GRACEFUL_SHUTDOWN_TIMEOUT = _declare(
    "SANIC_GRACEFUL_SHUTDOWN_TIMEOUT",
    int,
    limits.GRACEFUL_SHUTDOWN_S,
    "seconds a stopping Rasa server has to finish what it does",
)

# --- make bench ------------------------------------------------------------------
PY_SPY = _declare(
    "PY_SPY", Path, None, "py-spy for `python -m bench.profile` (default: on PATH; not a requirement)"
)

# What endpoints.prod.yml reads as ${VARIABLE}s: the launcher gives the Rasa servers each.
ENDPOINTS_PROD = (
    DB_HOST,
    DB_PORT,
    DB_USER,
    DB_DATABASE,
    DB_PASSWORD,
    REDIS_HOST,
    REDIS_PORT,
    REDIS_DB,
    REDIS_PASSWORD,
    REDIS_KEY_PREFIX,
    ACTION_SERVER_URL,
)
# Read by the Rasa servers themselves (Rasa's SQL tracker store, Sanic).
RASA_SERVER = (SQL_POOL_SIZE, SQL_MAX_OVERFLOW, SANIC_GRACEFUL_SHUTDOWN_TIMEOUT)
MESSENGER_SECRETS = (FACEBOOK_VERIFY_TOKEN, FACEBOOK_APP_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN)
