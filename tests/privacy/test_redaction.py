"""Redaction, rate limits and client addresses, without servers (tests/journeys/test_privacy_rest.py runs them)."""

import logging
import re
import subprocess
import sys

import pytest

from privacy.logs import WITHHELD, install_log_redaction
from privacy.redact import redact
from server.rate_limit import RateLimits, client_address, trusted_proxies


@pytest.mark.parametrize(
    ("text", "original", "kept"),
    [
        ("my NHS number is 943 476 5919", "943 476 5919", "my NHS number is"),
        ("nhs no 943-476-5919 thanks", "943-476-5919", "thanks"),
        ("it's 9434765919", "9434765919", "it's"),
        ("ring me on 07911 123456", "07911 123456", "ring me on"),
        ("ring me on +44 7911 123456", "7911 123456", "ring me on"),
        ("landline 020 7946 0958 please", "7946 0958", "please"),
        ("email ann.smith+gp@example.co.uk now", "ann.smith", "now"),
        ("my date of birth is 03/04/1985", "03/04/1985", "my date of birth is"),
        ("I was born on 3rd April 1985", "3rd April 1985", "I was born on"),
        ("I live at 12a Marlow Gardens near the park", "Marlow Gardens", "I live at"),
        ("my name is Zanzibar Quillfeather and I need a GP", "Quillfeather", "and I need a GP"),
        ("i'm called jo", "jo", "i'm called"),
        # A phone's keyboard types a curly apostrophe.
        ("I\u2019m called Zanzibar Quill", "Zanzibar", "I\u2019m called"),
        ("my name\u2019s Zanzibar and I need a GP", "Zanzibar", "and I need a GP"),
        ("I live at 12 St John\u2019s Road", "John\u2019s Road", "I live at"),
    ],
)
def test_each_kind_of_personal_detail_is_replaced_and_the_rest_kept(text, original, kept):
    redacted = redact(text)
    assert original not in redacted and kept in redacted


@pytest.mark.parametrize(("text", "district"), [("practices near N19 3QX", "N19"), ("gp near n12de?", "N1")])
def test_a_full_postcode_is_cut_to_its_district(text, district):
    redacted = redact(text)
    assert district in redacted and "3QX" not in redacted and "2DE" not in redacted.upper()


@pytest.mark.parametrize(
    "text",
    [
        "what's the phone number for Archway Medical Centre?",
        "practices in N7",
        "call 111 or 999",
        "I have 2 children aged 3 and 5",
        "model_id='20261124-172245-A9B12345' at http://0.0.0.0:5055 sender privacy-1234567890ab",
    ],
)
def test_ordinary_questions_are_left_alone(text):
    assert redact(text) == text


def test_the_widgets_privacy_note_promises_no_more_than_redaction_does():
    # Fact-check rows 117 and 118: the note said "addresses removed" and "what you type" only.
    from pathlib import Path

    view = Path(__file__).parents[2] / "widget" / "src" / "view.js"
    note = " ".join(re.findall(r'"([^"]*)"', view.read_text().split("const PRIVACY_TEXT =")[1].split(";")[0]))
    assert "what you type and the assistant's replies" in note and "addresses removed" not in note
    assert "house numbers with their street" in note and "a street without a number" in note
    assert "<address>" in redact("I live at 12 Holloway Road") and "Holloway Road" in redact("I live on Holloway Road")


def test_redacting_twice_changes_nothing():
    once = redact("my name is Ann, 943 476 5919, 07911 123456, ann@example.com, 12 Marlow Road, N19 3QX")
    assert redact(once) == once


def test_log_records_at_every_level_are_redacted(caplog):
    install_log_redaction()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("rasa.core.processor").debug("Received user message '%s'", "my nhs no is 9434765919")
        try:
            raise ValueError("bad phone 07911 123456")
        except ValueError:
            logging.getLogger("anything").exception("failed on %s", "ann@example.com")
    logged = caplog.text
    assert "9434765919" not in logged and "07911 123456" not in logged and "ann@example.com" not in logged
    assert "Received user message" in logged and "ValueError" in logged


def test_warnings_quoting_a_message_are_redacted_too():
    # In a process of its own: pytest catches warnings in its tests before they could reach the log.
    script = (
        "import logging, warnings; from privacy.logs import install_log_redaction; logging.basicConfig(); "
        "install_log_redaction(); warnings.warn(\"Failed to parse arguments in line '/greet 07911 123456'\")"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "Failed to parse arguments" in result.stderr and "07911 123456" not in result.stderr


def test_presidio_loads_only_for_a_number_long_enough_to_need_it():
    # In a process of its own, where nothing has loaded Presidio yet; the action server builds its actions at start.
    script = (
        "import logging, sys; logging.basicConfig(); from actions.actions import ActionOutOfScope; ActionOutOfScope(); "
        "from privacy.redact import redact; logging.getLogger('x').warning('up on http://0.0.0.0:5055'); "
        "print(redact('reach me at 0.0.0.0:5055'), 'presidio_analyzer' in sys.modules); "
        "print(redact('call 07911 123456'), 'presidio_analyzer' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == ["reach me at 0.0.0.0:5055 False", "call <phone> True"], result.stderr


def test_a_record_made_where_presidio_cannot_load_is_withheld_not_raised(monkeypatch, caplog):
    # As when spaCy's own import raises a warning quoting a long number, before Presidio (which needs spaCy) is loaded.
    import privacy.redact

    def half_imported():
        raise ImportError("cannot import name 'Language' from partially initialized module 'spacy'")

    install_log_redaction()
    monkeypatch.setattr(privacy.redact, "recognisers", half_imported)
    privacy.redact._redact_details.cache_clear()
    with caplog.at_level(logging.INFO):
        logging.getLogger("spacy").warning("loaded at 2026-12-06 12:36:11.132379")
    assert caplog.messages == [WITHHELD]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_conversation_gets_30_messages_a_minute_then_waits():
    clock = Clock()
    limits = RateLimits(per_conversation=30, per_address=120, clock=clock)
    assert all(limits.allow("ann", "10.0.0.1") for _ in range(30))
    assert not limits.allow("ann", "10.0.0.1")
    assert limits.allow("bob", "10.0.0.1"), "another resident at the same address is still answered"
    clock.now += 60
    assert limits.allow("ann", "10.0.0.1")


def test_one_address_is_limited_across_conversations_without_limiting_others():
    limits = RateLimits(per_conversation=30, per_address=5, clock=Clock())
    assert all(limits.allow(f"s{i}", "10.0.0.1") for i in range(5))
    assert not limits.allow("s-new", "10.0.0.1")
    assert limits.allow("s-new", "10.0.0.2")


def test_a_limit_of_zero_is_no_limit():
    limits = RateLimits(per_conversation=0, per_address=0, clock=Clock())
    assert all(limits.allow("ann", "10.0.0.1") for _ in range(1000))


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy():
    proxies = trusted_proxies("10.0.0.5, 10.1.0.0/16")
    assert client_address("10.0.0.5", "203.0.113.7", proxies) == "203.0.113.7"
    # A client can write its own X-Forwarded-For; the proxy appends the address it saw, which is what counts.
    assert client_address("10.0.0.5", "1.2.3.4, 203.0.113.7", proxies) == "203.0.113.7"
    assert client_address("10.1.2.3", "203.0.113.7, 10.0.0.5", proxies) == "203.0.113.7"
    assert client_address("198.51.100.9", "203.0.113.7", proxies) == "198.51.100.9"
    assert client_address("198.51.100.9", "203.0.113.7", trusted_proxies("")) == "198.51.100.9"
