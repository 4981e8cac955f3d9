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
step. Waiting servers look again every 50 ms instead of every second.

A ticket lives `lock_lifetime` seconds (default 5, not Rasa's 60), and the server
that holds it, or waits with it, renews it every `lock_lifetime / 5` seconds while
the message is in hand. So a message that takes longer than the lifetime keeps its
turn, and a server that dies (SIGKILL, the out-of-memory killer) frees the
conversation within `lock_lifetime` seconds: with Rasa's 60 s, the conversation's
next messages each waited for the 15 s response timeout and got a 503.

    lock_store:
      type: scaling.lock_store.AtomicRedisLockStore
      url: ...   # and the same keys as `type: redis`: port, db, password, key_prefix, use_ssl
      lock_lifetime: 5   # optional, seconds
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore

from settings.limits import LOCK_KEY_GRACE_S, LOCK_LIFETIME_S, LOCK_POLL_INTERVAL_S

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_POLL_INTERVAL_SECONDS = LOCK_POLL_INTERVAL_S
DEFAULT_LOCK_LIFETIME_SECONDS = LOCK_LIFETIME_S
RENEWALS_PER_LIFETIME = 5  # a ticket is renewed this often within its lifetime
MAX_TRANSACTION_ATTEMPTS = 200
KEY_GRACE_SECONDS = LOCK_KEY_GRACE_S


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose changes are atomic across processes and machines."""

    def __init__(
        self, endpoint_config: Any = None, poll_interval: Any = None, lock_lifetime: Any = None, **kwargs: Any
    ) -> None:
        if endpoint_config is not None:  # created from endpoints.yml (`type: <this class>`)
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
            poll_interval = kwargs.pop("poll_interval", poll_interval)
            lock_lifetime = kwargs.pop("lock_lifetime", lock_lifetime)
        self.lock_lifetime = float(lock_lifetime or DEFAULT_LOCK_LIFETIME_SECONDS)
        if "use_ssl" in kwargs:  # values from ${VAR}s are strings
            kwargs["use_ssl"] = _as_bool(kwargs["use_ssl"])
        if kwargs.get("password") == "":
            kwargs["password"] = None
        if kwargs.get("username") == "":
            kwargs["username"] = None
        self.poll_interval = float(poll_interval or DEFAULT_POLL_INTERVAL_SECONDS)
        super().__init__(**kwargs)

    # --- one atomic read-change-write ---------------------------------------------
    def _transaction(
        self,
        conversation_id: Text,
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
        raise LockError(
            f"Could not update the lock of conversation '{conversation_id}': "
            f"{MAX_TRANSACTION_ATTEMPTS} concurrent changes in a row."
        )

    # --- the lock store operations, each one transaction ---------------------------------
    def issue_ticket(self, conversation_id: Text, lock_lifetime: Optional[float] = None) -> int:
        lifetime = self.lock_lifetime if lock_lifetime is None else lock_lifetime

        def change(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lifetime)

        try:
            return self._transaction(conversation_id, change)
        except LockError:
            raise
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def renew_ticket(self, conversation_id: Text, ticket_number: int, lifetime: float) -> bool:
        """Push the ticket's expiry to `lifetime` seconds from now; False if it is gone."""

        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], bool]:
            ticket = lock._ticket_for_ticket_number(ticket_number) if lock else None
            if ticket is not None:
                ticket.expires = max(ticket.expires, time.time() + lifetime)
            return lock, ticket is not None

        return self._transaction(conversation_id, change)

    async def _keep_renewing(self, conversation_id: Text, ticket_number: int, lifetime: float) -> None:
        while True:
            await asyncio.sleep(lifetime / RENEWALS_PER_LIFETIME)
            try:
                renewed = self.renew_ticket(conversation_id, ticket_number, lifetime)
            except Exception as error:  # noqa: BLE001 - Redis away: the next try may work
                logger.warning("Could not renew a conversation lock: %s", type(error).__name__)
                continue
            if not renewed:  # this server stalled for longer than the whole lifetime
                logger.warning(
                    "A conversation lock ticket expired while its message was "
                    "in hand (lock_lifetime %.0f s is too short here)",
                    lifetime,
                )
                return

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
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: Optional[float] = None,
        wait_time_in_seconds: Optional[float] = None,
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's ticket lock, polling every `poll_interval` (50 ms) by default, with
        the ticket renewed until the message is done (Rasa passes no lifetime)."""
        wait = self.poll_interval if wait_time_in_seconds is None else wait_time_in_seconds
        lifetime = self.lock_lifetime if lock_lifetime is None else lock_lifetime
        ticket = self.issue_ticket(conversation_id, lifetime)
        renewing = asyncio.create_task(self._keep_renewing(conversation_id, ticket, lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait)
        finally:
            renewing.cancel()
            self.cleanup(conversation_id, ticket)
