"""A Redis lock store that is safe with several Rasa servers: every change is atomic.

Rasa runs each message of a conversation under a ticket lock kept in the lock store
(rasa.core.lock_store): take a ticket, wait until it is served, process the message,
give the ticket back. Rasa Open Source 3.6's `RedisLockStore` (`type: redis`) keeps
the lock as one JSON value and changes it with a GET, a change in Python and a SET.
Two servers doing that for the same conversation at the same moment overwrite each
other: both get the same ticket and process at once (so one's events overwrite the
other's in the tracker store), or one's ticket vanishes and its message fails with
"Could not acquire lock". This is RasaHQ/rasa#9213; the fix (a "concurrent" Redis lock
store) was reverted from Open Source and ships only in Rasa Pro. We saw it here:
6 messages of one conversation sent at once to two servers lost one to four
messages in 7 of 15 tries, each answered HTTP 200 (tests/scale/test_lock_store.py
reproduces it without Rasa servers).

`AtomicRedisLockStore` is the same store, same keys, same JSON, same ticket logic
(Rasa's own `TicketLock`), with each read-change-write done as a Redis transaction
(WATCH/MULTI/EXEC, retried when another server changed the lock in between), and
the release ("finish my ticket, delete the lock when nobody waits") done as one
step. Waiting servers look again every 50 ms instead of every second, and a lock
left by a crashed server expires with its tickets.

    lock_store:
      type: scaling.lock_store.AtomicRedisLockStore
      url: ...   # and the same keys as `type: redis`: port, db, password, key_prefix, use_ssl
"""
from __future__ import annotations

import json
import logging
import math
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_POLL_INTERVAL_SECONDS = 0.05
MAX_TRANSACTION_ATTEMPTS = 200
KEY_GRACE_SECONDS = 60  # a lock key outlives its last ticket by this much


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose changes are atomic across processes and machines."""

    def __init__(self, endpoint_config: Any = None, poll_interval: Any = None,
                 **kwargs: Any) -> None:
        if endpoint_config is not None:  # created from endpoints.yml (`type: <this class>`)
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
            poll_interval = kwargs.pop("poll_interval", poll_interval)
        if "use_ssl" in kwargs:  # values from ${VAR}s are strings
            kwargs["use_ssl"] = _as_bool(kwargs["use_ssl"])
        if kwargs.get("password") == "":
            kwargs["password"] = None
        if kwargs.get("username") == "":
            kwargs["username"] = None
        self.poll_interval = float(poll_interval or DEFAULT_POLL_INTERVAL_SECONDS)
        super().__init__(**kwargs)

    # --- one atomic read-change-write ---------------------------------------------
    def _transaction(self, conversation_id: Text,
                     change: Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]],
                     ) -> T:
        """Apply `change` to the stored lock atomically.

        `change` gets the current lock (None when there is none) and returns the lock
        to store (None: delete it) and a result. If another client changes the key
        between our read and our write, Redis refuses the write and we start over.
        """
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_TRANSACTION_ATTEMPTS):
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None or not new_lock.tickets:
                        pipe.delete(key)
                    else:
                        last_expiry = max(ticket.expires for ticket in new_lock.tickets)
                        ttl = max(1, math.ceil(last_expiry - time.time())) + KEY_GRACE_SECONDS
                        pipe.set(key, new_lock.dumps(), ex=ttl)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue
        raise LockError(f"Could not update the lock of conversation '{conversation_id}': "
                        f"{MAX_TRANSACTION_ATTEMPTS} concurrent changes in a row.")

    # --- the lock store operations, each one transaction ---------------------------------
    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._transaction(conversation_id, change)
        except LockError:
            raise
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._transaction(conversation_id, change)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._transaction(conversation_id, change)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Give the ticket back and delete the lock if nobody waits: one step.

        (Two steps, as in Rasa's `LockStore.cleanup`, could delete a ticket another
        server took in between.)
        """
        self.finish_serving(conversation_id, ticket_number)  # deletes the key when empty

    def save_lock(self, lock: TicketLock) -> None:
        # Only used by Rasa code paths we do not override; keep the key's expiry.
        def change(_: Optional[TicketLock]) -> Tuple[TicketLock, None]:
            return lock, None

        self._transaction(lock.conversation_id, change)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: Optional[float] = None,
                   ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's ticket lock, polling every `poll_interval` (50 ms) by default."""
        wait = self.poll_interval if wait_time_in_seconds is None else wait_time_in_seconds
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait)
        finally:
            self.cleanup(conversation_id, ticket)
