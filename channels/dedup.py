"""Remember recently handled message ids, so a message Meta delivers twice is answered once.

Meta redelivers a webhook event when it did not get a timely 200, so the same
message id (mid) can arrive again. `RecentIds` is an in-memory LRU cache with a
time-to-live: bounded in size whatever the traffic, and it forgets an id `ttl`
seconds after it was last seen. It is per process: enough for one server.

With several Rasa servers behind a load balancer a redelivery may reach another
server. When the lock store is Redis (production mode), `SharedRecentIds` records
the ids there instead (SET NX with the same time-to-live): the first server to see an
id answers it, whichever it is. If Redis cannot be reached, the server's own
`RecentIds` decides (a message may then be answered twice, never not at all).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Optional

from settings.limits import MESSENGER_SEEN_IDS, MESSENGER_SEEN_IDS_S

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = MESSENGER_SEEN_IDS
DEFAULT_TTL_SECONDS = MESSENGER_SEEN_IDS_S


class RecentIds:
    def __init__(
        self,
        max_size: int = DEFAULT_MAX_SIZE,
        ttl: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.max_size = max_size
        self.ttl = ttl
        self._clock = clock
        self._seen: "OrderedDict[str, float]" = OrderedDict()  # id -> when last seen
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._seen)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            self._expire(self._clock())
            return key in self._seen

    def seen_before(self, key: str) -> bool:
        """Record `key`; True if it was already recorded and has not expired.

        A hit refreshes the entry (least recently used is evicted first, and the
        time-to-live counts from the last delivery).
        """
        with self._lock:
            now = self._clock()
            self._expire(now)
            hit = key in self._seen
            self._seen[key] = now
            self._seen.move_to_end(key)
            while len(self._seen) > self.max_size:
                self._seen.popitem(last=False)
            return hit

    def _expire(self, now: float) -> None:
        # Entries are kept in order of last use, so the expired ones are in front.
        while self._seen:
            key, last_seen = next(iter(self._seen.items()))
            if now - last_seen < self.ttl:
                return
            del self._seen[key]


class SharedRecentIds:
    """Message ids recorded in Redis, shared by every server using the same Redis."""

    def __init__(
        self,
        redis_client: Any,
        key_prefix: str,
        ttl: float = DEFAULT_TTL_SECONDS,
        fallback: Optional[RecentIds] = None,
    ) -> None:
        self.red = redis_client
        self.key_prefix = key_prefix
        self.ttl = int(ttl)
        self.fallback = fallback if fallback is not None else RecentIds(ttl=ttl)

    @classmethod
    def for_lock_store(
        cls,
        lock_store: Any,
        fallback: Optional[RecentIds] = None,
    ) -> Optional["SharedRecentIds"]:
        """Ids kept beside the conversation locks when the lock store is Redis
        (`jtpd:lock:` -> `jtpd:messenger:seen:`); None for any other lock store."""
        from rasa.core.lock_store import RedisLockStore

        if not isinstance(lock_store, RedisLockStore):
            return None
        prefix = lock_store.key_prefix
        base = prefix[: -len("lock:")] if prefix.endswith("lock:") else prefix
        return cls(lock_store.red, f"{base}messenger:seen:", fallback=fallback)

    def seen_before(self, key: str) -> bool:
        """Record `key`; True if some server recorded it within the time-to-live."""
        local_hit = self.fallback.seen_before(key)
        try:
            return not self.red.set(self.key_prefix + key, 1, nx=True, ex=self.ttl)
        except Exception as error:  # noqa: BLE001 - Redis away: this server's memory decides
            logger.warning(
                "Messenger: message ids not shared (%s); this server's own record decides",
                type(error).__name__,
            )
            return local_hit
