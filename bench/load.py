"""A bounded load generator for Rasa's REST channel (aiohttp, loopback only).

`run_load` runs `conversations` conversations at once; each sends its messages one
after the other (the next when the reply has come, as a resident does), so the
number of conversations is the number of requests in flight.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence

import aiohttp

from bench.conversations import Turn

REQUEST_TIMEOUT_S = 60.0


@dataclass
class Sample:
    sender: str
    index: int
    text: str
    status: int
    latency: float  # seconds
    replies: List[dict]
    ok: bool
    error: str = ""
    url: str = ""
    finished: float = 0.0  # time.monotonic() at the reply


@dataclass
class LoadResult:
    conversations: int
    samples: List[Sample] = field(default_factory=list)
    wall: float = 0.0

    @property
    def ok(self) -> List[Sample]:
        return [s for s in self.samples if s.ok]

    @property
    def failures(self) -> List[Sample]:
        return [s for s in self.samples if not s.ok]

    @property
    def throughput(self) -> float:
        return len(self.ok) / self.wall if self.wall else 0.0

    def percentile(self, p: float) -> float:
        return percentile([s.latency for s in self.samples], p)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def reply_text(replies: List[dict]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies if isinstance(r, dict))


async def send(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    text: str,
    check: Optional[str] = None,
    index: int = 0,
    require_reply: bool = True,
) -> Sample:
    """One message; ok when answered 200 with the expected reply (some reply, unless
    require_reply is False: the stock assistant has turns it answers with nothing)."""
    started = time.perf_counter()
    status, replies, error = 0, [], ""
    try:
        async with session.post(
            url,
            json={"sender": sender, "message": text},
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
        ) as response:
            status = response.status
            if status == 200:
                body = await response.json(content_type=None)
                replies = body if isinstance(body, list) else []
            else:
                error = (await response.text())[:200]
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    latency = time.perf_counter() - started
    ok = (
        status == 200
        and (bool(replies) or not require_reply)
        and (check is None or check in reply_text(replies))
    )
    if status == 200 and not ok and not error:
        error = f"unexpected reply {reply_text(replies)[:120]!r} (wanted {check!r})"
    return Sample(sender, index, text, status, latency, replies, ok, error, url, time.monotonic())


async def run_conversation(
    session: aiohttp.ClientSession,
    url_for: Callable[[int], str],
    sender: str,
    turns: Sequence[Turn],
    out: List[Sample],
    before_each: Optional[Callable[[], "asyncio.Future"]] = None,
    require_reply: bool = True,
) -> None:
    for index, (text, check) in enumerate(turns):
        if before_each is not None:
            await before_each()
        out.append(await send(session, url_for(index), sender, text, check, index, require_reply))


async def run_load(
    url: str,
    conversations: int,
    turns_for: Callable[[int], Sequence[Turn]],
    prefix: str,
    require_reply: bool = True,
) -> LoadResult:
    """`conversations` conversations at once against `url`; turns_for(i) gives the i-th's turns."""
    result = LoadResult(conversations)
    connector = aiohttp.TCPConnector(limit=max(1, conversations))
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *[
                run_conversation(
                    session,
                    lambda _i: url,
                    f"{prefix}-{c}",
                    turns_for(c),
                    result.samples,
                    require_reply=require_reply,
                )
                for c in range(conversations)
            ]
        )
        result.wall = time.perf_counter() - started
    return result
