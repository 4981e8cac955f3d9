"""The bounded LRU + TTL cache of message ids (channels/dedup.py)."""

import threading

import pytest

from channels.dedup import RecentIds


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_id_is_new_once_then_seen():
    ids = RecentIds()
    assert ids.seen_before("mid:1") is False
    assert ids.seen_before("mid:1") is True
    assert ids.seen_before("mid:2") is False
    assert "mid:1" in ids and len(ids) == 2


def test_ids_expire_after_the_ttl():
    clock = Clock()
    ids = RecentIds(ttl=60, clock=clock)
    ids.seen_before("a")
    clock.now += 59
    assert ids.seen_before("a") is True  # and refreshed
    clock.now += 59
    assert ids.seen_before("a") is True
    clock.now += 60
    assert ids.seen_before("a") is False


def test_the_cache_is_bounded_and_evicts_the_least_recently_used():
    ids = RecentIds(max_size=3)
    for key in "abc":
        ids.seen_before(key)
    ids.seen_before("a")  # a is now the most recent
    ids.seen_before("d")  # evicts b
    assert len(ids) == 3
    assert "b" not in ids
    assert ids.seen_before("a") is True
    assert ids.seen_before("b") is False


def test_size_stays_bounded_under_heavy_traffic():
    ids = RecentIds(max_size=100)
    for n in range(10_000):
        ids.seen_before(f"mid:{n}")
    assert len(ids) == 100
    assert ids.seen_before("mid:9999") is True
    assert ids.seen_before("mid:0") is False


def test_concurrent_deliveries_of_one_id_count_as_new_exactly_once():
    ids = RecentIds()
    results = []
    barrier = threading.Barrier(8)

    def deliver() -> None:
        barrier.wait()
        results.append(ids.seen_before("mid:same"))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(False) == 1


@pytest.mark.parametrize("kwargs", [{"max_size": 0}, {"ttl": 0}, {"ttl": -1}])
def test_nonsense_limits_are_refused(kwargs):
    with pytest.raises(ValueError):
        RecentIds(**kwargs)


def test_the_channel_remembers_the_last_10000_ids_for_24_hours():
    """README: "The channel remembers the ids of the last 10,000 messages for 24 hours"."""
    from channels.messenger import MessengerInput

    channel = MessengerInput.from_credentials(
        {
            "verify_token": "v",
            "app_secret": "s",
            "page_access_token": "t",
            "graph_url": "http://127.0.0.1:9/v25.0",
        }
    )
    ids = channel.recent_ids
    clock = Clock()
    ids._clock = clock  # the channel's own cache, on a clock the test moves
    ids.seen_before("first")
    for n in range(9_999):
        ids.seen_before(f"mid:{n}")
    assert "first" in ids  # 10,000 ids: all remembered
    ids.seen_before("one more")
    assert "first" not in ids and len(ids) == 10_000
    clock.now += 24 * 3600 - 1
    assert "one more" in ids
    clock.now += 1
    assert "one more" not in ids and len(ids) == 0
