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
        started = subprocess.run(["bash", script, "start"], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
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
    return AtomicRedisLockStore(host="127.0.0.1", port=port, db=1, key_prefix="atomic",
                                poll_interval=0.005)


def _worker(kind: str, port: int, start_at: float, rounds: int, stop_at_first_failure: bool,
            queue) -> None:
    import redis

    from rasa.core.lock_store import LockError

    store = _make_store(kind, port)
    red = redis.Redis(host="127.0.0.1", port=port, db=2)
    result = {"done": 0, "overlaps": 0, "lock_errors": 0, "stuck": 0}

    async def one_round() -> None:
        # a short ticket lifetime, so a lost ticket cannot block the others for long
        async with store.lock(f"{kind}-conversation", lock_lifetime=3,
                              wait_time_in_seconds=0.005):
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
    workers = [context.Process(target=_worker, args=(kind, port, start_at, rounds,
                                                                 stop_at_first_failure, queue))
               for _ in range(PROCESSES)]
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

    config = EndpointConfig.from_dict({
        "type": "scaling.lock_store.AtomicRedisLockStore", "url": "127.0.0.1",
        "port": str(redis_port), "db": "3", "password": "", "key_prefix": "jtpd",
        "use_ssl": "false"})
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

    servers = [AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="fifo",
                                    poll_interval=0.005) for _ in range(2)]
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
