"""Remember recently handled message ids, so a message Meta delivers twice is answered once.

Meta redelivers a webhook event when it did not get a timely 200, so the same
message id (mid) can arrive again. `RecentIds` is an in-memory LRU cache with a
time-to-live: bounded in size whatever the traffic, and it forgets an id `ttl`
seconds after it was last seen. It is per process: with several Rasa instances
behind a load balancer a redelivery may reach another instance (README.md, "Facebook Messenger").
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable

DEFAULT_MAX_SIZE = 10_000
DEFAULT_TTL_SECONDS = 24 * 60 * 60


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
