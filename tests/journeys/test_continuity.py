"""A long conversation over REST: a follow-up at turn 300 still knows the practice named at turn 1.

How long turn 300 takes beside turn 1 is a figure, printed here and by `make bench-growth` (measure/speed/growth.py).
"""

from __future__ import annotations

from measure.speed import growth


def test_a_follow_up_at_turn_300_still_knows_the_practice_named_at_turn_1(bot_servers):
    measured = growth.measure(bot_servers.say)
    print(f"\n{measured.summary()}")
    assert "020 7354 1972" in measured.follow_up, "the follow-up at turn 300 forgot the practice named at turn 1"
