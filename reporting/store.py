"""Reading Rasa's SQL tracker store for the report, through the same endpoints file
as the Rasa server (SQLite for `make run`, PostgreSQL in production), opened the way
`make prune-conversations` opens it (launcher.retention.tracker_store_url)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, Optional, Set

from assistant.safety_replies import SAFETY_INTENTS, SAFETY_REPLY_KINDS, safety_reply_kind
from launcher.retention import tracker_store_url

# Only these events' JSON is read: the rest is told by type_name and action_name.
_TYPES_WITH_DATA = ("user", "bot", "slot")
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class StoredEvent:
    sender_id: str
    type_name: str
    timestamp: float
    intent_name: Optional[str]
    action_name: Optional[str]
    data: Dict[str, Any]


def open_engine(endpoints: Path) -> Any:
    import sqlalchemy as sa

    url = tracker_store_url(endpoints)
    return sa.create_engine(url, hide_parameters=True)


def _has_events(engine: Any) -> bool:
    import sqlalchemy as sa

    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or not Path(database).is_file():
            return False  # nothing recorded yet: do not create the file
    with engine.connect() as connection:
        return sa.inspect(connection).has_table("events")


def flagged_senders(engine: Any) -> Set[str]:
    """Senders who were ever given a safety reply or said something with a safety
    intent, at any time: none of their words appear in the report."""
    import sqlalchemy as sa

    if not _has_events(engine):
        return set()
    likes = " OR ".join(f"action_name LIKE :p{i}" for i in range(len(SAFETY_REPLY_KINDS)))
    params: Dict[str, Any] = {f"p{i}": prefix + "%" for i, (prefix, _) in enumerate(SAFETY_REPLY_KINDS)}
    intents = ", ".join(f":i{i}" for i in range(len(SAFETY_INTENTS)))
    params.update({f"i{i}": name for i, name in enumerate(sorted(SAFETY_INTENTS))})
    query = sa.text(
        f"SELECT DISTINCT sender_id, action_name FROM events WHERE ({likes}) OR intent_name IN ({intents})"
    )
    with engine.connect() as connection:
        rows = connection.execute(query, params).fetchall()
    # LIKE's "_" matches any character: check each name exactly.
    return {sender for sender, action in rows if action is None or safety_reply_kind(action) is not None}


def read_events(
    engine: Any, since: float, until: float, progress: Optional[ProgressCallback] = None
) -> Iterator[StoredEvent]:
    """The events recorded in [since, until), conversation by conversation, in order."""
    import sqlalchemy as sa

    if not _has_events(engine):
        return
    params = {"since": since, "until": until}
    where = "timestamp >= :since AND timestamp < :until"
    with engine.connect() as connection:
        total = (
            connection.execute(sa.text(f"SELECT COUNT(*) FROM events WHERE {where}"), params).scalar() or 0
        )
        if progress:
            progress(0, total)
        rows = connection.execution_options(stream_results=True).execute(
            sa.text(
                "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                f"FROM events WHERE {where} ORDER BY sender_id, id"
            ),
            params,
        )
        done = 0
        for sender, type_name, timestamp, intent, action, data in rows:
            done += 1
            if progress and (done % 5000 == 0 or done == total):
                progress(done, total)
            parsed = _parse(data) if type_name in _TYPES_WITH_DATA else {}
            yield StoredEvent(sender, type_name, float(timestamp or 0.0), intent, action, parsed)


def _parse(data: Optional[str]) -> Dict[str, Any]:
    try:
        value = json.loads(data or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
