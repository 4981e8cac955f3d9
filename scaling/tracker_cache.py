"""The SQL tracker store, keeping each conversation's tracker between its messages.

Rasa 3.6's `SQLTrackerStore` reads every event of the conversation's session back
from the database for each message and rebuilds the tracker from them (`retrieve`),
then counts them again to find which events are new (`save`): both grow with the
length of the conversation. This store keeps the tracker it handed out and saved, and
for the next message checks it against the database with one small query instead:

    SELECT count(id), max(id) FROM events WHERE sender_id = ? AND id >= <its first id>

The tracker is used again only if the answer is the one recorded when it was loaded
or saved. When another process only added events after it (the other Rasa server of
the production mode, to which nginx sent the previous message), those rows alone are
read and applied to it, as Rasa's retrieve applies every event. Anything else (rows
deleted by `make prune-conversations`, a new session begun) and the tracker is read
from the database as before. So it is safe with several
servers behind a load balancer that sends any conversation to any of them (the lock
store still makes them take turns on one conversation), and the same code serves
`make run` (SQLite) and the production mode (PostgreSQL). Event ids only grow
(SQLite reuses the largest id only after it is deleted, which the count shows).

- A tracker handed out is not handed out again until it is saved: if handling the
  message fails, the next one reads the database, as before.
- `save` writes the events after those it knows are stored, without counting them,
  when the tracker is the one it handed out (checked then; Rasa's lock store keeps
  others off the conversation until the save); otherwise it counts as Rasa does. The
  rows are the ones Rasa writes (same columns, same JSON). If another process wrote
  the conversation meanwhile anyway, the next check sees it (Rasa's own count would
  skip that many of the new events instead).
- A tracker whose new events start a session is not kept (the database returns only
  the latest session); nor is one whose save failed.
- At most MAX_CONVERSATIONS trackers are kept, least recently used dropped first.
- A SQLite file's connection is kept open between messages.

Used for `type: SQL` in the endpoints file by the servers the launcher starts:
rasa_patches/sql_tracker_store.py puts it in place of
`rasa.core.tracker_store.SQLTrackerStore` (Rasa 3.6.21), the class
`_create_from_endpoint_config` builds for `type: SQL`.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from settings.limits import TRACKER_CACHE_CONVERSATIONS

logger = logging.getLogger(__name__)

MAX_CONVERSATIONS = TRACKER_CACHE_CONVERSATIONS
Mark = Tuple[int, int, Optional[int]]  # first id, count of rows from it, largest id
_EVENTS = SQLTrackerStore.SQLEvent.__table__
# built once (SQLAlchemy caches its compiled form); the same table the ORM queries
_MARK_QUERY = sa.select(sa.func.count(_EVENTS.c.id), sa.func.max(_EVENTS.c.id)).where(
    _EVENTS.c.sender_id == sa.bindparam("sender_id"), _EVENTS.c.id >= sa.bindparam("first_id")
)
_INSERT = _EVENTS.insert()
_NEWER_QUERY = (
    sa.select(_EVENTS.c.id, _EVENTS.c.data)
    .where(_EVENTS.c.sender_id == sa.bindparam("sender_id"), _EVENTS.c.id > sa.bindparam("after"))
    .order_by(_EVENTS.c.id)
)


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    stored: int  # tracker.events[:stored] are in the database
    mark: Mark
    handed_out: bool = False


class CachingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with the tracker kept between messages (module docstring)."""

    def __init__(self, *args: Any, max_conversations: int = MAX_CONVERSATIONS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens and closes a SQLite file for every session (NullPool):
            # twice per message. One kept connection (the server has one thread) does not.
            # The journal stays SQLite's rollback journal: a write-ahead log would keep
            # pruned conversations' words in its file (README: retention).
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=10
            )
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._kept: "OrderedDict[Text, _Kept]" = OrderedDict()
        self._max_conversations = max(1, int(max_conversations))

    # --- the check ---------------------------------------------------------------------
    def _current_mark(self, session: Any, sender_id: Text, first_id: int) -> Mark:
        count, largest = session.execute(_MARK_QUERY, {"sender_id": sender_id, "first_id": first_id}).one()
        return first_id, int(count or 0), largest

    def _keep(self, sender_id: Text, kept: Optional[_Kept]) -> None:
        self._kept.pop(sender_id, None)
        if kept is None:
            return
        self._kept[sender_id] = kept
        while len(self._kept) > self._max_conversations:
            self._kept.popitem(last=False)

    # --- reading ---------------------------------------------------------------------
    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        kept = self._kept.get(sender_id)
        try:
            # handed out and not saved, or changed after its save: read it afresh
            if kept is not None and not kept.handed_out and len(kept.tracker.events) == kept.stored:
                with self.session_scope() as session:
                    mark = self._current_mark(session, sender_id, kept.mark[0])
                    if mark == kept.mark or self._catch_up(session, kept, sender_id, mark):
                        kept.handed_out = True
                        self._kept.move_to_end(sender_id)
                        return kept.tracker
            return self._load(sender_id)
        except Exception:
            self._kept.pop(sender_id, None)
            raise

    def _catch_up(self, session: Any, kept: _Kept, sender_id: Text, mark: Mark) -> bool:
        """Another server added events after the kept ones (nginx sends a conversation's
        messages to either server): apply them to the kept tracker, as Rasa's retrieve
        applies every event (`DialogueStateTracker.from_dict` updates with each one).
        False if anything else changed: rows deleted, or a new session started (Rasa
        would then return only the new session's events)."""
        first, count, largest = kept.mark
        if largest is None or mark[2] is None or mark[2] <= largest:
            return False
        rows = session.execute(_NEWER_QUERY, {"sender_id": sender_id, "after": largest}).all()
        if count + len(rows) != mark[1]:
            return False  # some rows went too
        events = deserialise_events([json.loads(data) for _, data in rows])
        if len(events) != len(rows) or any(isinstance(e, SessionStarted) for e in events):
            return False
        for event in events:
            kept.tracker.update(event)
        kept.stored = len(kept.tracker.events)
        kept.mark = mark
        return True

    def _load(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """SQLTrackerStore._retrieve (latest session), remembering the rows' ids."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            events = [json.loads(row.data) for row in rows]
            if not (self.domain and events):
                self._kept.pop(sender_id, None)
                return None
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            mark = (rows[0].id, len(rows), rows[-1].id)
            self._keep(sender_id, _Kept(tracker, len(tracker.events), mark, handed_out=True))
            return tracker

    # --- writing ---------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        kept = self._kept.get(sender_id)
        # the tracker this store handed out, checked then: its events after `stored`
        # are new. (Under the lock store nobody else writes the conversation meanwhile;
        # if someone did, the next check sees it, and the tracker is read afresh.)
        known = kept is not None and kept.tracker is tracker and kept.handed_out
        try:
            with self.session_scope() as session:
                if known:
                    new = list(itertools.islice(tracker.events, kept.stored, None))
                else:
                    new = list(self._additional_events(session, tracker))
                ids = self._add_rows(session, sender_id, new)
                session.commit()
        except Exception:
            self._kept.pop(sender_id, None)
            raise
        logger.debug(f"Tracker with sender_id '{sender_id}' stored to database")
        if known and not any(isinstance(e, SessionStarted) for e in new):
            first, count, largest = kept.mark
            self._keep(
                sender_id,
                _Kept(tracker, len(tracker.events), (first, count + len(ids), max(ids) if ids else largest)),
            )
        else:
            self._kept.pop(sender_id, None)  # read from the database next time

    def _add_rows(self, session: Any, sender_id: Text, events: List[Event]) -> List[int]:
        """Adds the rows SQLTrackerStore.save adds for `events` (an INSERT each, without
        the ORM's unit of work); returns their ids."""
        ids = []
        for event in events:
            data = event.as_dict()
            intent = data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY)
            result = session.execute(
                _INSERT,
                {
                    "sender_id": sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": intent,
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                },
            )
            ids.append(result.inserted_primary_key[0])
        return ids
