"""End to end over REST: the real Rasa server and action server, as a resident's browser talks to them."""

import sqlite3
import uuid

import pytest
import requests

from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_replies, fixed_reply


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def test_a_practice_phone_number(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "what's the phone number for Archway Medical Centre?"))
    assert "020 7272 0111" in answer and "Source:" in answer


def test_a_follow_up_answers_for_the_practice_already_named(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "tell me about the Miller Practice")
    assert "020 7354 1972" in texts(bot_servers.say(sender, "what's their phone number?"))


def test_an_emergency_is_told_to_call_999_first(bot_servers):
    replies = bot_servers.say(new_sender(), "my dad has chest pain")
    assert replies[0]["text"].startswith("Call 999 now")


def test_out_of_scope_is_refused_plainly_with_a_way_forward(bot_servers):
    replies = bot_servers.say(new_sender(), "what's the weather?")
    assert replies[0]["text"].startswith("Sorry, I don't have an answer to that")
    assert replies[0]["buttons"]


# What a resident gets when the bot can't understand a message: one of the fallback family of replies.
CANT_UNDERSTAND = ("utter_out_of_scope", "utter_default", "utter_did_you_mean")


@pytest.mark.parametrize(
    "message, responses",
    [
        ("", ["utter_empty_message"]),
        ("   \t  ", ["utter_empty_message"]),
        ("\x00\x07\u200b", ["utter_empty_message"]),  # nothing left once control characters are removed
        ("x" * 10_000, ["utter_message_too_long"]),
        ("😀😀😀", CANT_UNDERSTAND),
        ("<script>alert(1)</script>", CANT_UNDERSTAND),
        ("<b>hello</b><img src=x onerror=alert(1)>", CANT_UNDERSTAND + ("utter_greet",)),
        ("\x00\x07\x1b[31mhi\u202e", CANT_UNDERSTAND + ("utter_greet",)),
    ],
)
def test_bad_input_gets_the_reply_meant_for_it_and_never_a_server_error(bot_servers, message, responses):
    reply = requests.post(bot_servers.webhook, json={"sender": new_sender(), "message": message}, timeout=30)
    assert reply.status_code == 200
    first = reply.json()[0]["text"]
    assert first in [fixed_replies()[name] for name in responses], first


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'{"message": "hi"}', b'{"sender": "a b/../c", "message": "hi"}']
)
def test_a_malformed_request_gets_a_clear_client_error(bot_servers, body):
    reply = requests.post(bot_servers.webhook, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert reply.status_code == 400 and ("sender" in reply.text or "JSON" in reply.text)


def test_bad_input_loses_nothing_already_stored(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "tell me about the Miller Practice")
    for message in ("", "x" * 10_000, "\x00\x01"):
        bot_servers.say(sender, message)
    tracker = requests.get(f"{bot_servers.url}/conversations/{sender}/tracker", timeout=10)
    # The HTTP API is off (no --enable-api), so read what the tracker store kept on disk.
    assert tracker.status_code in (403, 404, 405)
    with sqlite3.connect(bot_servers.tracker_db) as db:
        stored = [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    assert any("Miller" in event for event in stored)
    assert "020 7354 1972" in texts(bot_servers.say(sender, "what's their phone number?"))


def test_with_the_action_server_down_the_resident_gets_an_apology_not_silence(bot_servers):
    bot_servers.stop_actions()
    try:
        replies = bot_servers.say(new_sender(), "what's the phone number for Archway Medical Centre?")
        apology = fixed_reply(CANNOT_ANSWER_NOW)
        assert texts(replies) == apology and "NHS 111" in apology and "nhs.uk" in apology
        # Fixed wording doesn't need the action server: emergencies are still answered.
        assert bot_servers.say(new_sender(), "my wife has collapsed")[0]["text"].startswith("Call 999 now")
    finally:
        bot_servers.start_actions()
    assert "020 7272 0111" in texts(bot_servers.say(new_sender(), "phone number for archway medical centre"))


def test_an_answer_asks_was_this_helpful_and_the_vote_is_kept_in_the_conversation(bot_servers):
    sender = new_sender()
    replies = bot_servers.say(sender, "what was the ccg's budget?")
    assert "Source:" in replies[0]["text"]
    vote = replies[-1]["custom"]["feedback"]
    assert vote["question"] == "Was this helpful?"
    assert [(o["title"], o["payload"]) for o in vote["options"]] == [
        ("Yes", "/feedback_helpful"),
        ("No", "/feedback_not_helpful"),
    ]
    sorry = texts(bot_servers.say(sender, "/feedback_not_helpful"))
    assert "other words" in sorry and "NHS 111" in sorry
    assert texts(bot_servers.say(sender, "/feedback_helpful")) == "Thanks for telling us."
    with sqlite3.connect(bot_servers.tracker_db) as db:
        votes = [row[0] for row in db.execute("SELECT intent_name FROM events WHERE sender_id = ?", (sender,))]
    assert "feedback_not_helpful" in votes and "feedback_helpful" in votes
