"""Delete conversations older than N days from the tracker store.

    make prune-conversations                       # 30 days, endpoints.yml (SQLite)
    make prune-conversations DAYS=7
    python -m launcher.retention --days 30 [--endpoints endpoints.yml] [--dry-run]

Residents type addresses, names and medical details; the assistant keeps them only
as long as needed. This reads the tracker store from the same endpoints file the
Rasa server reads (so it works for the SQLite file of `make run` and for PostgreSQL
in production mode: `--endpoints endpoints.prod.yml` with its DB_* variables set),
and deletes every event recorded before the cutoff from Rasa's `events` table (one
row per event: sender_id, type_name, timestamp, intent_name, action_name, data).

A conversation whose every event is older is gone entirely; a resident who wrote
both before and after the cutoff keeps only the later part (a session ends after
60 minutes without a message, so the part that is deleted belongs to sessions that
ended long ago; Rasa reads only the current session). It is safe to run while the
assistant runs (one short transaction). With SQLite, deleted rows are overwritten
with zeros (PRAGMA secure_delete), so the text does not linger in free pages of the
file; PostgreSQL's autovacuum reclaims the rows, which no query can see once deleted.

Run it daily (cron, systemd timer). Exit status 0 on success, 2 on a bad setting.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DAYS = 30
DEFAULT_ENDPOINTS = PROJECT_ROOT / "endpoints.yml"
SECONDS_PER_DAY = 86_400


class RetentionError(RuntimeError):
    pass


@dataclass
class PruneResult:
    cutoff: float  # Unix time: events before it were deleted
    events_deleted: int
    conversations_deleted: int  # senders with no event left
    conversations_kept: int

    def summary(self, dry_run: bool = False) -> str:
        verb = "would delete" if dry_run else "deleted"
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.cutoff))
        return (
            f"{verb} {self.events_deleted} events recorded before {when} "
            f"({self.conversations_deleted} conversations entirely); "
            f"{self.conversations_kept} conversations have later events"
        )


def tracker_store_section(text: str) -> str:
    """The top-level `tracker_store:` block of an endpoints file, as written (so its
    ${VAR}s stay unquoted): read alone, it needs the DB_* variables and no others."""
    lines, inside = [], False
    for line in text.splitlines():
        if line[:1] not in ("", " ", "\t", "#"):  # a top-level key
            inside = line.split(":", 1)[0].strip() == "tracker_store"
        if inside:
            lines.append(line)
    return "\n".join(lines) + "\n"


def tracker_store_url(endpoints_path: Path) -> Any:
    """The SQLAlchemy URL of the SQL tracker store configured in `endpoints_path`,
    built as Rasa's SQLTrackerStore.get_db_url builds it (${VAR}s filled in from the
    environment by Rasa's reader, for the tracker_store block only)."""
    import tempfile

    import sqlalchemy as sa
    from rasa.utils.endpoints import read_endpoint_config

    endpoints_path = Path(endpoints_path)
    if not endpoints_path.is_file():
        raise RetentionError(f"{endpoints_path}: no such endpoints file")
    try:
        with tempfile.TemporaryDirectory() as folder:
            part = Path(folder) / "endpoints.yml"
            part.write_text(
                tracker_store_section(endpoints_path.read_text(encoding="utf-8")), encoding="utf-8"
            )
            config = read_endpoint_config(str(part), "tracker_store")
    except Exception as error:  # noqa: BLE001 - YAML or ${VAR} problems, named below
        raise RetentionError(f"{endpoints_path}: cannot read 'tracker_store': {error}") from error
    if config is None or str(config.type or "").lower() != "sql":
        raise RetentionError(
            f"{endpoints_path}: 'tracker_store' is not `type: SQL`; only "
            "the SQL tracker store (SQLite, PostgreSQL) can be pruned"
        )
    options = dict(config.kwargs)
    dialect = options.get("dialect", "sqlite")
    db = str(options.get("db", "rasa.db"))
    if dialect == "sqlite" and not Path(db).is_absolute():
        db = str(PROJECT_ROOT / db)  # the servers run in the project folder
    host, port = config.url, options.get("port")
    if host and "://" in host:  # a whole database URL, as Rasa allows
        return host
    if host:  # "host" or "host:port", as Rasa allows
        parts = urlsplit(f"scheme://{host}")
        host, port = parts.hostname or host, parts.port or port
    return sa.engine.URL.create(
        dialect,
        username=options.get("username"),
        password=options.get("password"),
        host=host,
        port=int(port) if port else None,
        database=db,
        query=options.get("query") or {},
    )


def prune(url: Any, days: float, now: Optional[float] = None, dry_run: bool = False) -> PruneResult:
    """Delete the events recorded more than `days` days before `now`."""
    import sqlalchemy as sa

    if days < 0:
        raise RetentionError("--days must be 0 or more")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    engine = sa.create_engine(url, hide_parameters=True)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        database = engine.url.database
        if not database or not Path(database).is_file():  # nothing recorded yet
            engine.dispose()
            return PruneResult(cutoff, 0, 0, 0)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):  # nothing recorded yet
                return PruneResult(cutoff, 0, 0, 0)
            if sqlite:
                connection.exec_driver_sql("PRAGMA secure_delete = ON")
            params = {"cutoff": cutoff}
            old = connection.execute(
                sa.text("SELECT COUNT(*) FROM events WHERE timestamp < :cutoff"), params
            ).scalar()
            gone = connection.execute(
                sa.text(
                    "SELECT COUNT(DISTINCT sender_id) FROM events WHERE timestamp < :cutoff "
                    "AND sender_id NOT IN (SELECT sender_id FROM events "
                    "WHERE timestamp >= :cutoff OR timestamp IS NULL)"
                ),
                params,
            ).scalar()
            kept = connection.execute(
                sa.text(
                    "SELECT COUNT(DISTINCT sender_id) FROM events "
                    "WHERE timestamp >= :cutoff OR timestamp IS NULL"
                ),
                params,
            ).scalar()
            if not dry_run:
                connection.execute(sa.text("DELETE FROM events WHERE timestamp < :cutoff"), params)
    finally:
        engine.dispose()
    return PruneResult(cutoff, int(old or 0), int(gone or 0), int(kept or 0))


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m launcher.retention",
        description="Delete conversations older than N days from the tracker store.",
    )
    parser.add_argument(
        "--days", type=float, default=DEFAULT_DAYS, help=f"keep this many days (default {DEFAULT_DAYS})"
    )
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=DEFAULT_ENDPOINTS,
        help="the endpoints file the Rasa server reads (default endpoints.yml)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # Rasa's and SQLAlchemy's deprecation notices
    try:
        result = prune(tracker_store_url(args.endpoints), args.days, dry_run=args.dry_run)
    except RetentionError as error:
        print(f"prune-conversations: {error}", file=sys.stderr)
        return 2
    print(f"prune-conversations: {result.summary(args.dry_run)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
