"""The lock store several Rasa servers share, on a real Redis, without Rasa servers.

Several processes (standing for Rasa servers) take the lock of ONE conversation at
the same moment, again and again, and check inside that nobody else holds it.
Rasa Open Source's `RedisLockStore` (`type: redis`) breaks that: its read-change-write
of the lock is not atomic (RasaHQ/rasa#9213); shown by forcing the interleaving, not
by waiting for it to happen. `AtomicRedisLockStore` (scaling/lock_store.py) keeps it.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import subprocess
import time
from pathlib import Path

import pytest

from launcher.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
ROUNDS = 25

pytestmark = pytest.mark.e2e


@pytest.fixture
def redis_port(prod_installed, services_dir):
    script = str(ROOT / "scripts" / "prod" / "redis.sh")
    for _ in range(5):  # a port picked free may be taken before Redis binds it
        port = free_port()
        env = {**os.environ, "REDIS_DIR": str(services_dir / "redis"), "REDIS_PORT": str(port)}
        started = subprocess.run(
            ["bash", script, "start"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        if started.returncode == 0:
            break
    else:
        pytest.fail(f"Redis did not start in 5 tries:\n{started.stderr[-2000:]}")
    yield port
    subprocess.run(["bash", script, "stop"], env=env, check=True, stdout=subprocess.DEVNULL)


def _make_store(kind: str, port: int):
    if kind == "stock":
        from rasa.core.lock_store import RedisLockStore

        return RedisLockStore(host="127.0.0.1", port=port, db=1, key_prefix="stock")
    from scaling.lock_store import AtomicRedisLockStore

    return AtomicRedisLockStore(host="127.0.0.1", port=port, db=1, key_prefix="atomic", poll_interval=0.005)


def _worker(kind: str, port: int, start_at: float, rounds: int, stop_at_first_failure: bool, queue) -> None:
    import redis
    from rasa.core.lock_store import LockError

    store = _make_store(kind, port)
    red = redis.Redis(host="127.0.0.1", port=port, db=2)
    result = {"done": 0, "overlaps": 0, "lock_errors": 0, "stuck": 0}

    async def one_round() -> None:
        # a short ticket lifetime, so a lost ticket cannot block the others for long
        async with store.lock(f"{kind}-conversation", lock_lifetime=3, wait_time_in_seconds=0.005):
            if red.incr(f"{kind}:inside") != 1:
                result["overlaps"] += 1
            await asyncio.sleep(0.002)
            red.decr(f"{kind}:inside")
            result["done"] += 1

    async def main() -> None:
        await asyncio.sleep(max(0.0, start_at - time.time()))
        deadline = time.monotonic() + 40
        for _ in range(rounds):
            if time.monotonic() > deadline:
                break
            if stop_at_first_failure and red.exists(f"{kind}:failed"):
                break
            overlaps = result["overlaps"]
            try:
                await asyncio.wait_for(one_round(), timeout=5)
            except LockError:
                result["lock_errors"] += 1
            except asyncio.TimeoutError:  # waited 5 s for a lock held by nobody
                result["stuck"] += 1
            if result["overlaps"] > overlaps or result["lock_errors"] or result["stuck"]:
                red.set(f"{kind}:failed", 1)  # the others stop too

    asyncio.run(main())
    queue.put(json.dumps(result))


def _hammer(kind: str, port: int, rounds: int = ROUNDS, stop_at_first_failure: bool = False) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start_at = time.time() + 3.0  # every process imports Rasa first, then all go at once
    workers = [
        context.Process(target=_worker, args=(kind, port, start_at, rounds, stop_at_first_failure, queue))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    results = [json.loads(queue.get(timeout=120)) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return {key: sum(r[key] for r in results) for key in results[0]}


def test_atomic_lock_store_holds_under_contention_from_several_processes(redis_port):
    totals = _hammer("atomic", redis_port)
    print("AtomicRedisLockStore:", totals)
    assert totals == {"done": PROCESSES * ROUNDS, "overlaps": 0, "lock_errors": 0, "stuck": 0}


def _tickets_when_asking_at_once(kind: str, port: int, monkeypatch) -> tuple:
    """Two servers ask for the same conversation's lock; the second asks while the first
    is between reading the lock and writing it back. Forced here, so that the outcome
    does not depend on whether the race happens by chance."""
    from rasa.core.lock_store import TicketLock

    first, second = (_make_store(kind, port) for _ in range(2))
    original = TicketLock.issue_ticket
    asked = {}

    def issue(lock, lifetime):
        if "second" not in asked:  # once: the first server has read the lock
            asked["second"] = None
            asked["second"] = second.issue_ticket(f"{kind}-at-once", 30)
        return original(lock, lifetime)

    monkeypatch.setattr(TicketLock, "issue_ticket", issue)
    ticket = first.issue_ticket(f"{kind}-at-once", 30)
    monkeypatch.undo()
    return ticket, asked["second"], first.get_lock(f"{kind}-at-once")


def test_stock_redis_lock_store_gives_two_servers_the_same_ticket(redis_port, monkeypatch):
    """Why endpoints.prod.yml does not use `type: redis`: both servers get the same
    ticket, and both are served at once."""
    first, second, lock = _tickets_when_asking_at_once("stock", redis_port, monkeypatch)
    assert first == second and lock.now_serving == first


def test_atomic_lock_store_gives_two_servers_their_own_tickets(redis_port, monkeypatch):
    first, second, lock = _tickets_when_asking_at_once("atomic", redis_port, monkeypatch)
    assert first != second and {t.number for t in lock.tickets} == {first, second}
    assert lock.now_serving == second  # the one that wrote first is served first


def test_atomic_lock_store_reads_endpoint_config_values_as_strings(redis_port):
    from rasa.utils.endpoints import EndpointConfig

    from scaling.lock_store import AtomicRedisLockStore

    config = EndpointConfig.from_dict(
        {
            "type": "scaling.lock_store.AtomicRedisLockStore",
            "url": "127.0.0.1",
            "port": str(redis_port),
            "db": "3",
            "password": "",
            "key_prefix": "jtpd",
            "use_ssl": "false",
        }
    )
    store = AtomicRedisLockStore(endpoint_config=config)
    assert store.key_prefix == "jtpd:lock:"
    ticket = store.issue_ticket("c1")
    assert store.get_lock("c1").now_serving == ticket
    assert store.red.ttl(store.key_prefix + "c1") > 60  # a crashed server's lock expires
    store.cleanup("c1", ticket)
    assert store.get_lock("c1") is None


def test_atomic_lock_store_serves_tickets_first_come_first_served(redis_port):
    """Two stores (two servers' connections): waiters queued while the lock is held get
    it in the order they asked, whichever server they asked through."""
    from scaling.lock_store import AtomicRedisLockStore

    servers = [
        AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="fifo", poll_interval=0.005)
        for _ in range(2)
    ]
    order = []

    async def waiter(k: int) -> None:
        await asyncio.sleep(0.02 * (k + 1))
        async with servers[k % 2].lock("fifo-conversation"):
            order.append(k)
            await asyncio.sleep(0.005)

    async def main() -> None:
        async with servers[0].lock("fifo-conversation"):
            tasks = [asyncio.create_task(waiter(k)) for k in range(8)]
            await asyncio.sleep(0.3)  # everybody is queued by now
            assert order == []
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert order == list(range(8))


# --- a server that dies holding a lock; a server that holds one for long --------------------
def _hold_forever(port: int) -> None:
    """A Rasa server's part: take the conversation's lock the way Rasa does (no
    lifetime given), say so, and never give it back (the test kills this process)."""
    import redis

    from scaling.lock_store import AtomicRedisLockStore

    store = AtomicRedisLockStore(host="127.0.0.1", port=port, key_prefix="crash")

    async def main() -> None:
        async with store.lock("crash-conversation"):
            redis.Redis(host="127.0.0.1", port=port, db=2).set("crash:inside", 1)
            await asyncio.sleep(3600)

    asyncio.run(main())


def test_a_lock_whose_holder_was_killed_is_free_again_within_seconds(redis_port):
    """A server killed (SIGKILL, out of memory) while processing a message: the next
    message of that conversation must not wait for Rasa's 60 s lock lifetime (it would
    get the 15 s response timeout's 503, and so would each one after it)."""
    import redis

    from scaling.lock_store import AtomicRedisLockStore

    red = redis.Redis(host="127.0.0.1", port=redis_port, db=2)
    red.delete("crash:inside")
    holder = multiprocessing.get_context("spawn").Process(target=_hold_forever, args=(redis_port,))
    holder.start()
    try:
        deadline = time.monotonic() + 60
        while not red.exists("crash:inside") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert red.exists("crash:inside")
        time.sleep(1.5)  # it has been holding it for a while, alive
        os.kill(holder.pid, 9)
        holder.join(10)
    finally:
        if holder.is_alive():
            holder.kill()
    store = AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="crash")

    async def next_message() -> float:
        started = time.monotonic()
        async with store.lock("crash-conversation"):
            return time.monotonic() - started

    waited = asyncio.run(asyncio.wait_for(next_message(), timeout=12))
    print(f"waited {waited:.1f} s for the dead server's lock")
    assert waited <= 7


def test_a_live_holder_and_its_waiters_keep_their_tickets_past_the_lifetime(redis_port):
    """The lifetime is short so that a dead server's lock frees quickly; a live server
    renews its tickets, so one message taking longer than the lifetime is never
    overtaken, and the messages waiting behind it keep their places."""
    from scaling.lock_store import AtomicRedisLockStore

    servers = [
        AtomicRedisLockStore(
            host="127.0.0.1", port=redis_port, key_prefix="long", lock_lifetime=1, poll_interval=0.01
        )
        for _ in range(2)
    ]
    log = []

    async def message(k: int, delay: float, hold: float) -> None:
        await asyncio.sleep(delay)
        async with servers[k % 2].lock("long-conversation"):
            log.append(("in", k, time.monotonic()))
            await asyncio.sleep(hold)
            log.append(("out", k, time.monotonic()))

    async def main() -> None:
        await asyncio.gather(message(0, 0, 3.5), message(1, 0.2, 0.1), message(2, 0.4, 0.1))

    asyncio.run(main())
    assert [(event, k) for event, k, _ in log] == [
        ("in", 0),
        ("out", 0),
        ("in", 1),
        ("out", 1),
        ("in", 2),
        ("out", 2),
    ], log


# --- Messenger message ids kept beside the locks ------------------------------------------
def test_message_ids_are_shared_by_every_server_using_the_redis_lock_store(redis_port):
    """channels/dedup.py: a Messenger message delivered to two servers is new once."""
    from rasa.core.lock_store import InMemoryLockStore

    from channels.dedup import SharedRecentIds
    from scaling.lock_store import AtomicRedisLockStore

    servers = [
        SharedRecentIds.for_lock_store(
            AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="jtpd")
        )
        for _ in range(2)
    ]
    assert servers[0].key_prefix == "jtpd:messenger:seen:"
    assert [s.seen_before("mid:m_1") for s in servers] == [False, True]
    assert servers[0].seen_before("mid:m_2") is False
    assert 0 < servers[0].red.ttl("jtpd:messenger:seen:mid:m_1") <= 24 * 3600
    assert SharedRecentIds.for_lock_store(InMemoryLockStore()) is None  # one server: memory


def test_message_ids_fall_back_to_memory_when_redis_is_away():
    import redis

    from channels.dedup import SharedRecentIds

    away = SharedRecentIds(
        redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5), "jtpd:messenger:seen:"
    )
    assert away.seen_before("mid:m_1") is False
    assert away.seen_before("mid:m_1") is True  # this server's own record
