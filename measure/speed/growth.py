"""Per-turn cost as a conversation grows: turns 280-299 of one conversation beside turns 1-20 of a fresh one.

Usage: python -m measure.speed.growth (make bench-growth) starts servers as make run has them and prints the figures.
The goal (issue 9) is a ratio of at most 1.3; it is a figure to read, not a unit test, since a busy machine moves it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Cheap, fixed small talk, the same in both conversations, so that only the conversation's length differs.
SMALL_TALK = ("hello", "thanks", "hi there", "thank you")
LONG_TURNS = 300
COMPARED_TURNS = 20
GOAL_RATIO = 1.3


@dataclass
class Growth:
    late_ms: float  # p50 of turns 280-299
    early_ms: float  # p50 of turns 1-20
    follow_up: str  # the reply to "what's their phone number?" at turn 300

    @property
    def ratio(self) -> float:
        return self.late_ms / self.early_ms

    def summary(self) -> str:
        met = "met" if self.ratio <= GOAL_RATIO else "NOT met"
        return (
            f"p50 turns 280-299: {self.late_ms:.1f} ms, turns 1-20: {self.early_ms:.1f} ms, "
            f"ratio {self.ratio:.2f} (goal <= {GOAL_RATIO}: {met})"
        )


def measure(say: Callable[[str, str], list[dict]]) -> Growth:
    """Names a practice, makes small talk to turn 280, then times both conversations turn about."""

    def timed(sender: str, text: str) -> tuple[float, str]:
        began = time.perf_counter()
        replies = say(sender, text)
        return time.perf_counter() - began, "\n".join(r.get("text", "") for r in replies)

    old, new = f"long-{uuid.uuid4().hex[:8]}", f"fresh-{uuid.uuid4().hex[:8]}"
    say(old, "tell me about the Miller Practice")
    for n in range(LONG_TURNS - COMPARED_TURNS - 2):
        say(old, SMALL_TALK[n % len(SMALL_TALK)])
    # The two conversations take turns, so that whatever else the machine is doing slows both alike.
    late, early = [], []
    for n in range(COMPARED_TURNS):
        text = SMALL_TALK[n % len(SMALL_TALK)]
        late.append(timed(old, text)[0])
        early.append(timed(new, text)[0])
    _, answer = timed(old, "what's their phone number?")
    return Growth(statistics.median(late) * 1000, statistics.median(early) * 1000, answer)


def main() -> None:
    from ops.servers import BotServers
    from ops.settings import GROWTH_PORTS

    with tempfile.TemporaryDirectory(prefix="growth-") as tmp, BotServers(Path(tmp), ports=GROWTH_PORTS) as servers:
        print(f"make run's configuration (SQLite, bounded store): {measure(servers.say).summary()}")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
