"""Issue 12 over REST, as a resident sees it: emergencies now get 999, past ones don't hijack the answer."""

import uuid

import pytest


def new_sender() -> str:
    return f"trust-{uuid.uuid4().hex[:8]}"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_which_practices_can_i_join_in_n19_lists_n19s_practices(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "Which practices can I join in N19?"))
    assert answer.startswith("Open GP practices in N19 on Islington's list:") and "Archway Medical Centre" in answer


def test_a_past_stroke_beside_a_question_gets_the_answer_then_one_safety_line(bot_servers):
    replies = bot_servers.say(
        new_sender(), "I had a stroke two years ago, what's the number for Archway Medical Centre?"
    )
    answer = texts(replies)
    assert "020 7272 0111" in answer and not answer.startswith("Call 999 now")
    assert answer.count("If this is happening now, call 999.") == 1


@pytest.mark.parametrize(
    "text", ["I'd like a cup of tea now", "I want to listen to an audiobook", "clear my to-do list"]
)
def test_harmless_requests_never_get_the_crisis_reply(bot_servers, text):
    answer = texts(bot_servers.say(new_sender(), text))
    assert "Call 999 now" not in answer and "Samaritans" not in answer


def test_the_crisis_reply_has_every_way_to_get_help(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "i cant see a way through this anymore i want to end it all"))
    for way in ("999", "A&E", "111 and choose option 2", "116 123", "SHOUT to 85258"):
        assert way in answer
