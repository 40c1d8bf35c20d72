"""Load for the cluster tests and bench: residents' conversations over REST, each from its own loopback address.

Every conversation names a practice and later asks for "their" phone number, so a reply that belongs to
another conversation, or a conversation that forgot its practice, is caught, not just slow replies. Each
conversation connects from its own 127.x.y.z address, as residents do from their own, so HAProxy's
per-address rate limit applies to each as it would in service. Every run is bounded in requests and time.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import aiohttp
import numpy as np

from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from facts.queries import load_facts
from facts.records import Practice

SMALL_TALK = ("hello", "what did islington ccg do", "what happened to the ccg", "thanks")


@lru_cache(maxsize=1)
def practices() -> tuple[Practice, ...]:
    """Open practices that their own name finds unambiguously, with a phone number no other practice has."""
    facts = load_facts()
    phones = [p.phone for p in facts.practices]
    return tuple(
        p
        for p in facts.practices
        if p.is_open and phones.count(p.phone) == 1 and facts.find_practices(p.name)[:1] == [p]
    )


def address(n: int) -> str:
    """The n-th loopback address after 127.0.1.0: one per conversation, so one per "resident"."""
    n += 256
    return f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds, turns answered by the bot
    apologies: int = 0  # turns answered with the channel's apology (the bot could not answer)
    errors: int = 0  # failed requests: refused, reset, timed out or not HTTP 200
    error_kinds: Counter = field(default_factory=Counter)  # what went wrong, e.g. "HTTP 503", "TimeoutError"
    wrong: list[str] = field(default_factory=list)  # follow-ups that didn't carry their own practice's number
    started: float = field(default_factory=time.monotonic)
    wall_s: float = 0.0
    events: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, outcome) per turn

    @property
    def turns(self) -> int:
        return len(self.latencies) + self.apologies + self.errors

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies, q) * 1000) if self.latencies else float("nan")

    def summary(self) -> str:
        return (
            f"{self.turns} turns in {self.wall_s:.0f} s: p50 {self.percentile(50):.0f} ms, p95 "
            f"{self.percentile(95):.0f} ms, p99 {self.percentile(99):.0f} ms; {self.apologies} apologies, "
            f"{self.errors} errors {dict(self.error_kinds)}, {len(self.wrong)} wrong follow-ups"
        )


async def say(session: aiohttp.ClientSession, url: str, sender: str, text: str, result: Result) -> str | None:
    """One turn; its outcome goes into result. Returns the reply's text, or None when the request failed."""
    began = time.monotonic()
    body, kind = None, ""
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as reply:
            body = await reply.json() if reply.status == 200 else None
            kind = f"HTTP {reply.status}"
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        kind = type(error).__name__
    when = began - result.started
    if not isinstance(body, list):
        result.errors += 1
        result.error_kinds[kind] += 1
        result.events.append((when, "error"))
        return None
    said = "\n".join(str(message.get("text", "")) for message in body)
    if said == fixed_reply(CANNOT_ANSWER_NOW):
        result.apologies += 1
        result.events.append((when, "apology"))
    else:
        result.latencies.append(time.monotonic() - began)
        result.events.append((when, "answer"))
    return said


async def conversation(
    url: str, n: int, result: Result, small_talk: int = 0, think: tuple[float, float] = (0, 0), deadline: float = 0
) -> None:
    """Conversation n: names a practice, some small talk, then asks for "their" phone number."""
    practice = practices()[n % len(practices())]
    sender = f"load-{n}-{uuid.uuid4().hex[:8]}"
    script = [f"tell me about {practice.name}"] + [SMALL_TALK[i % len(SMALL_TALK)] for i in range(small_talk)]
    script.append("what's their phone number?")
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(local_addr=(address(n), 0), limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        named = False
        for turn, text in enumerate(script):
            if turn and think[1]:
                await asyncio.sleep(random.uniform(*think))
            if deadline and time.monotonic() > deadline:
                return
            said = await say(session, url, sender, text, result)
            answered = said is not None and said != fixed_reply(CANNOT_ANSWER_NOW)
            named = named or (turn == 0 and answered)
            # Only a conversation whose practice was answered can be judged on "their" number.
            if turn == len(script) - 1 and named and answered and practice.phone not in said:
                result.wrong.append(f"{sender} ({practice.name}) got: {said[:120]}")


async def _run(url: str, count: int, spread_s: float, time_bound_s: float, **kwargs) -> Result:
    result = Result()
    deadline = time.monotonic() + time_bound_s

    async def start(n: int) -> None:
        await asyncio.sleep(spread_s * n / count)
        await conversation(url, n, result, deadline=deadline, **kwargs)

    tasks = [asyncio.ensure_future(start(n)) for n in range(count)]
    await asyncio.wait(tasks, timeout=time_bound_s + 35)
    for task in tasks:
        task.cancel()
    result.wall_s = time.monotonic() - result.started
    return result


def run(url: str, count: int, spread_s: float = 0, time_bound_s: float = 300, **kwargs) -> Result:
    """`count` conversations starting evenly over spread_s seconds; nothing runs past time_bound_s (+30 s)."""
    return asyncio.run(_run(url, count, spread_s, time_bound_s, **kwargs))


def offered_rate(url: str, turns_per_s: float, duration_s: float, turns_each: int = 4) -> Result:
    """Open-loop load: new conversations arrive at a steady rate so that turns arrive at about turns_per_s."""
    count = max(1, int(turns_per_s * duration_s / turns_each))
    # Each conversation's turns are spread over duration_s / 2 of think time, so the rate stays steady.
    think = (0.25 * duration_s / turns_each, 0.75 * duration_s / turns_each)
    return run(url, count, spread_s=duration_s / 2, time_bound_s=duration_s * 2, small_talk=turns_each - 2, think=think)
