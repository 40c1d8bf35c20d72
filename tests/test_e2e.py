"""End to end over REST: the real Rasa server and action server, as a resident's browser talks to them."""

import sqlite3
import uuid

import pytest
import requests

from channels.rest import APOLOGY


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
    assert replies[0]["text"].startswith("Sorry, I can only answer questions about")
    assert replies[0]["buttons"]


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \t  ",
        "x" * 10_000,
        "😀😀😀",
        "<script>alert(1)</script>",
        "<b>hello</b><img src=x onerror=alert(1)>",
        "\x00\x07\x1b[31mhi\u202e",
        "¿Dónde está el hospital más cercano?",
        "我需要看医生",
    ],
)
def test_bad_input_gets_a_reply_and_never_a_server_error(bot_servers, message):
    reply = requests.post(bot_servers.webhook, json={"sender": new_sender(), "message": message}, timeout=30)
    assert reply.status_code == 200
    # Every item is a text, or the custom "Was this helpful?" that follows an answer; never an empty item.
    assert any(r.get("text") for r in reply.json()) and all(r.get("text") or r.get("custom") for r in reply.json())


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
        assert texts(replies) == APOLOGY and "NHS 111" in APOLOGY and "nhs.uk" in APOLOGY
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
