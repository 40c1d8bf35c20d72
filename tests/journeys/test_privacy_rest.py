"""Over REST, against real servers: personal details leave no trace on disk or in the logs, floods are slowed.

These servers run with --debug (so logs at every level are checked), believe X-Forwarded-For from 127.0.0.1
(so each test can be its own client address) and have small rate limits.
"""

from __future__ import annotations

import itertools
import re
import uuid

import pytest
import requests

from ops.servers import BotServers
from ops.settings import MODEL, PRIVACY_TEST_PORTS

PER_CONVERSATION, PER_ADDRESS = 5, 12

# (message, the originals that must not be kept anywhere)
PERSONAL_MESSAGES = [
    ("my NHS number is 943 476 5919", ["943 476 5919"]),
    ("can you call me on 07911 123456 or +44 7700 900982", ["07911 123456", "7700 900982"]),
    ("my email is zanzibar.quill@example.com", ["zanzibar.quill@example.com", "zanzibar.quill"]),
    ("my date of birth is 03/04/1985", ["03/04/1985"]),
    ("I live at 42 Marlow Gardens, what's my GP?", ["42 Marlow Gardens", "Marlow Gardens"]),
    ("my name is Zanzibar Quillfeather", ["Quillfeather"]),
    ("GP practices near N19 3QX", ["N19 3QX", "3QX"]),
    ("nhs 943-476-5919, 9434765919, dob 3rd April 1985", ["943-476-5919", "9434765919", "3rd April 1985"]),
]


def variants(original: str) -> set[str]:
    """The original, and its digits run together (as a store might normalise them)."""
    digits = re.sub(r"\D", "", original)
    return {original, original.replace(" ", "")} | ({digits} if len(digits) >= 6 else set())


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    env = {
        "TRUSTED_PROXIES": "127.0.0.1",
        "RATE_LIMIT_PER_CONVERSATION": str(PER_CONVERSATION),
        "RATE_LIMIT_PER_ADDRESS": str(PER_ADDRESS),
    }
    bot = BotServers(tmp_path_factory.mktemp("privacy"), ports=PRIVACY_TEST_PORTS, env=env, debug=True)
    with bot:
        yield bot


def new_sender() -> str:
    return f"privacy-{uuid.uuid4().hex[:12]}"


ADDRESSES = itertools.count()


def new_address() -> str:
    """An address no other test here has used: a random one could be the flooded one, and share its limit."""
    n = next(ADDRESSES)
    return f"198.18.{n // 250}.{n % 250 + 1}"


def say(servers: BotServers, sender: str, message: str, address: str, **kwargs) -> requests.Response:
    return requests.post(
        servers.webhook,
        json={"sender": sender, "message": message},
        headers={"X-Forwarded-For": address},
        timeout=30,
        **kwargs,
    )


def texts(reply: requests.Response) -> str:
    return "\n".join(message.get("text", "") for message in reply.json())


def test_personal_details_leave_no_trace_in_the_database_or_the_logs(servers):
    for message, _ in PERSONAL_MESSAGES:
        reply = say(servers, new_sender(), message, new_address())
        assert reply.status_code == 200 and reply.json()
    servers.stop()  # so every log line is flushed and the database closed
    # The database with its write-ahead log, if the server left one (server/bounded_store.py), and every log.
    database = sorted(servers.tracker_db.parent.glob(servers.tracker_db.name + "*"))
    kept = {path.name: path.read_bytes() for path in [*database, *servers.logs.glob("*.log")]}
    stored = b"".join(kept[path.name] for path in database)
    assert stored and b'"parse_data_text"' in kept["rasa.log"], "the debug log was written"
    for _, originals in PERSONAL_MESSAGES:
        for original in originals:
            for form in variants(original):
                for name, data in kept.items():
                    assert form.encode() not in data, f"{form!r} was kept in {name}"
    # What is kept instead says what was there, and keeps the district.
    assert b"<NHS number>" in stored and b"GP practices near N19" in stored
    servers.start()


def test_a_full_postcode_still_answers_for_its_district(servers):
    answer = texts(say(servers, new_sender(), "GP practices near N19 3QX", new_address()))
    assert "N19" in answer and "Source:" in answer


def test_a_flood_from_one_conversation_is_slowed_politely_while_others_are_answered(servers):
    sender, address = new_sender(), new_address()
    replies = [say(servers, sender, "hello", address) for _ in range(PER_CONVERSATION + 1)]
    assert all(reply.status_code == 200 for reply in replies)
    assert all("faster than I can answer" not in texts(reply) for reply in replies[:PER_CONVERSATION])
    assert "faster than I can answer" in texts(replies[-1]) and "999" in texts(replies[-1])
    assert replies[-1].headers["Retry-After"] == "60"
    other = texts(say(servers, new_sender(), "what's the phone number for Archway Medical Centre?", new_address()))
    assert "020 7272 0111" in other


def test_a_flood_from_one_address_is_slowed_without_slowing_other_addresses(servers):
    address = new_address()
    replies = [texts(say(servers, new_sender(), "hello", address)) for _ in range(PER_ADDRESS + 1)]
    assert "faster than I can answer" not in replies[0] and "faster than I can answer" in replies[-1]
    assert "faster than I can answer" not in texts(say(servers, new_sender(), "hello", new_address()))


def test_a_body_over_the_cap_is_refused_without_a_server_error(servers):
    reply = say(servers, new_sender(), "x" * 200_000, new_address())
    assert reply.status_code == 413


def test_cross_origin_callers_are_not_allowed_by_default(servers):
    reply = requests.post(
        servers.webhook, json={"sender": new_sender(), "message": "hi"}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in reply.headers


def test_the_widget_pages_carry_the_security_headers(servers):
    headers = requests.get(f"{servers.url}/widget/", timeout=30).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
