"""A bounded asyncio load client: a fixed number of multi-turn REST conversations, with a time bound."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field

import aiohttp
import numpy as np

# Realistic residents' conversations; each has at least one answer from a custom action (the facts).
SCRIPTS = (
    ("hello", "what's the phone number for Archway Medical Centre", "and where is it?", "thanks", "bye"),
    ("hi", "which GP practices are in N19", "is the miller practice still open", "thank you"),
    ("what did islington ccg do", "what happened to the ccg", "where is the nearest a and e", "cheers"),
    ("hiya", "how do i register with a gp", "phone number for river place please", "ok bye"),
)


@dataclass
class LoadResult:
    name: str
    users: int
    conversations: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, one per turn the server answered (HTTP 200)
    errors: int = 0  # failed requests
    empty: int = 0  # turns answered with no bot message (the rasa init bot does this for what it can't handle)
    wall_s: float = 0.0
    timed_out: bool = False

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def throughput(self) -> float:
        """Answered turns per second over the whole run."""
        return len(self.latencies) / self.wall_s if self.wall_s else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        return float(np.percentile(self.latencies, q) * 1000) if self.latencies else float("nan")


async def _conversation(
    session: aiohttp.ClientSession, webhook: str, script: tuple[str, ...], result: LoadResult
) -> None:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    for message in script:
        began = time.perf_counter()
        try:
            async with session.post(webhook, json={"sender": sender, "message": message}) as reply:
                answered = reply.status == 200
                result.empty += answered and not await reply.json()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            answered = False
        if answered:
            result.latencies.append(time.perf_counter() - began)
        else:
            result.errors += 1
    result.conversations += 1


async def _run(url: str, result: LoadResult, conversations: int, time_bound_s: float) -> LoadResult:
    webhook = f"{url}/webhooks/rest/webhook"
    scripts = itertools.islice(itertools.cycle(SCRIPTS), conversations)  # shared: each user takes the next one
    connector = aiohttp.TCPConnector(limit=result.users)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:

        async def user() -> None:
            for script in scripts:
                await _conversation(session, webhook, script, result)

        began = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*(user() for _ in range(result.users))), time_bound_s)
        except asyncio.TimeoutError:
            result.timed_out = True
        result.wall_s = time.perf_counter() - began
    return result


def run_load(url: str, name: str, users: int, conversations: int, time_bound_s: float = 180) -> LoadResult:
    """`users` concurrent users share `conversations` scripted conversations; stops at `time_bound_s`."""
    return asyncio.run(_run(url, LoadResult(name, users), conversations, time_bound_s))


def warm_up(url: str) -> None:
    """One pass over every script, so each answer path is loaded before anything is measured."""
    run_load(url, "warm-up", users=1, conversations=len(SCRIPTS))


def parse_latency_ms(url: str, rounds: int = 5) -> float:
    """p50 of the NLU alone (POST /model/parse, no dialogue, no action server): the floor under a turn."""
    import requests

    texts = [text for script in SCRIPTS for text in script] * rounds
    times = []
    for text in texts:
        began = time.perf_counter()
        requests.post(f"{url}/model/parse", json={"text": text}, timeout=30).raise_for_status()
        times.append(time.perf_counter() - began)
    return float(np.percentile(times, 50) * 1000)
