"""Holds off a flood of messages: a limit per conversation and per client address, and who the client is.

In-process, so each Sanic worker counts on its own (with N workers a client gets up to N times the limit);
HAProxy's stick table limits across the cluster. The `limits` library was the first choice, but every release
of it needs packaging>=21 and Rasa 3.6 pins packaging<21, so this small sliding-window log is written here.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections import deque

WINDOW_S = 60.0
# A resident types a message every few seconds at most; 30 a minute is a script, not a person.
PER_CONVERSATION = int(os.environ.get("RATE_LIMIT_PER_CONVERSATION", 30))
# Higher per address: a library, a GP surgery's waiting room or a mobile network puts many residents behind one.
PER_ADDRESS = int(os.environ.get("RATE_LIMIT_PER_ADDRESS", 120))


class SlidingWindowLimiter:
    """At most `limit` events per key in any `window_s` seconds; memory is bounded by the keys seen lately."""

    def __init__(self, limit: int, window_s: float = WINDOW_S, clock=time.monotonic):
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self.times: dict[str, deque[float]] = {}
        self.next_sweep = clock() + window_s

    def would_allow(self, key: str) -> bool:
        if self.limit <= 0:  # 0 turns the limit off (the eval and bench harnesses send as fast as they can)
            return True
        times = self.times.get(key)
        return not times or len(times) < self.limit or self.clock() - times[0] >= self.window_s

    def record(self, key: str) -> None:
        if self.limit <= 0:
            return
        now = self.clock()
        self.times.setdefault(key, deque(maxlen=self.limit)).append(now)
        if now >= self.next_sweep:  # forget keys that have been quiet for a whole window
            self.times = {k: t for k, t in self.times.items() if now - t[-1] < self.window_s}
            self.next_sweep = now + self.window_s


class RateLimits:
    """The per-conversation and per-address limits, checked together so a refused message counts against neither."""

    def __init__(self, per_conversation: int = PER_CONVERSATION, per_address: int = PER_ADDRESS, clock=time.monotonic):
        self.conversations = SlidingWindowLimiter(per_conversation, clock=clock)
        self.addresses = SlidingWindowLimiter(per_address, clock=clock)

    def allow(self, sender: str, address: str) -> bool:
        if not (self.conversations.would_allow(sender) and self.addresses.would_allow(address)):
            return False
        self.conversations.record(sender)
        self.addresses.record(address)
        return True


def trusted_proxies(setting: str | None = None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """TRUSTED_PROXIES: addresses or networks (e.g. "10.0.0.5 10.1.0.0/16") whose X-Forwarded-For is believed."""
    text = os.environ.get("TRUSTED_PROXIES", "") if setting is None else setting
    return [ipaddress.ip_network(part, strict=False) for part in text.replace(",", " ").split()]


def _is_trusted(address: str, proxies: list) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(peer: str, forwarded_for: str | None, proxies: list) -> str:
    """The client's address: the peer's own, unless the peer is a trusted proxy.

    Behind trusted proxies, X-Forwarded-For is read from the right, skipping the proxies' own addresses; the
    first one that isn't a proxy is the client. Anything left of it was written by the client and could be forged.
    """
    if not forwarded_for or not _is_trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            return hop
    return hops[0] if hops else peer
