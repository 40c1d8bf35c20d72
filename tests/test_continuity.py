"""A long conversation over REST: turn 300 is as quick as turn 1, and a follow-up still knows the practice."""

from __future__ import annotations

import statistics
import time
import uuid

# Cheap, fixed small talk, the same in both conversations, so that only the conversation's length differs.
SMALL_TALK = ("hello", "thanks", "hi there", "thank you")
LONG_TURNS = 300
COMPARED_TURNS = 20


def timed_say(bot_servers, sender: str, text: str) -> tuple[float, str]:
    began = time.perf_counter()
    replies = bot_servers.say(sender, text)
    return time.perf_counter() - began, "\n".join(r.get("text", "") for r in replies)


def test_turn_300_is_no_slower_than_turn_1_and_remembers_the_practice(bot_servers):
    old, new = f"long-{uuid.uuid4().hex[:8]}", f"fresh-{uuid.uuid4().hex[:8]}"
    bot_servers.say(old, "tell me about the Miller Practice")
    for n in range(LONG_TURNS - COMPARED_TURNS - 2):
        bot_servers.say(old, SMALL_TALK[n % len(SMALL_TALK)])
    # The two conversations take turns, so that whatever else the machine is doing slows both alike.
    late, early = [], []
    for n in range(COMPARED_TURNS):
        text = SMALL_TALK[n % len(SMALL_TALK)]
        late.append(timed_say(bot_servers, old, text)[0])
        early.append(timed_say(bot_servers, new, text)[0])
    _, answer = timed_say(bot_servers, old, "what's their phone number?")
    assert "020 7354 1972" in answer, "the follow-up at turn 300 forgot the practice named at turn 1"
    late_ms, early_ms = statistics.median(late) * 1000, statistics.median(early) * 1000
    print(f"p50 turns 280-299: {late_ms:.1f} ms, turns 1-20: {early_ms:.1f} ms")
    ratio = late_ms / early_ms
    assert ratio <= 1.3, f"turns 280-299 took {ratio:.2f} times as long as turns 1-20 (p50)"
