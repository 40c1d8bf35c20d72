"""`make fuzz`: thousands of generated messages and malformed bodies over REST, against the real servers.

Requires: no server error (5xx), every well-formed request answered within 1 s (only a body over the
REQUEST_MAX_BYTES cap may be refused, with 413), no growth in the Rasa server's memory across the run, and
every event stored before the run still there, unchanged. It runs beside `make test-unit` (not inside it)
because it starts servers of its own with the rate limits off.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ops.servers import BotServers
from ops.settings import FUZZ_PORTS, MODEL, REQUEST_MAX_BYTES

pytestmark = pytest.mark.skipif(
    not os.environ.get("RUN_FUZZ"), reason="ten thousand messages against servers of its own: make fuzz"
)

BATCHES = int(os.environ.get("FUZZ_BATCHES", 100))
BATCH_SIZE = 100  # so BATCHES * BATCH_SIZE messages: 10,000 by default
MALFORMED = int(os.environ.get("FUZZ_MALFORMED", 20))  # batches of malformed bodies, BATCH_SIZE each
# One at a time: the 1 s bound is on answering a request, not on queueing behind others in one CPU-bound server
# (at 2 or 4 at once the slowest waited over 2 s on this shared machine while single answers took < 0.3 s).
CONCURRENCY = 1
ANSWER_WITHIN_S = 1.0
# Allowed growth in the Rasa server's resident memory between a warmed-up start and the end. The server is about
# 670 MB and grew 7 MB over a 10,000-message run: spaCy's vocabulary keeps every new string it sees, and random
# text is all new strings. A leak of even 10 KB a request would be 100 MB, well over this.
RSS_TOLERANCE_MB = 64

# Pieces a message is built from, each kind the brief names.
RTL = st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x08FF) | st.sampled_from("\u200f\u202b\u202e\u2067"))
ZERO_WIDTH = st.text(st.sampled_from("\u200b\u200c\u200d\u2060\ufeff"), max_size=5)
COMBINING = st.text(st.characters(whitelist_categories=("Mn", "Me")), max_size=8)
EMOJI = st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF) | st.sampled_from("\u200d\ufe0f"))
CONTROL = st.text(st.characters(whitelist_categories=("Cc", "Cf")), max_size=8)
ANY_UNICODE = st.text(st.characters(blacklist_categories=()), max_size=30)  # surrogates and private use too
STRUCTURED = st.sampled_from(
    [
        '{"sender": "x", "message": "hi"}',
        '[{"a": [1, 2, {"b": null}]}]',
        "<script>alert(1)</script>",
        '<img src=x onerror="fetch(`/x`)">',
        "'; DROP TABLE events; --",
        "1 OR 1=1 UNION SELECT * FROM events",
        "/restart",
        '/ask_practices_in_area{"postcode": "N7"}',
        '/greet{"practice": "\\u0000"}',
        "${jndi:ldap://x}",
        "{{7*7}}",
        "%00%0d%0a",
    ]
)
QUESTIONS = st.sampled_from(
    ["what's the phone number for Archway Medical Centre?", "practices in N19", "hello", "where is the nearest A&E"]
)
LONG = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(100, 3000))
PIECE = st.one_of(RTL, ZERO_WIDTH, COMBINING, EMOJI, CONTROL, ANY_UNICODE, STRUCTURED, QUESTIONS)
MESSAGE = st.one_of(st.lists(PIECE, min_size=1, max_size=4).map("".join), LONG)

MALFORMED_BODY = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    st.sampled_from([b"", b"{", b"null", b"[]", b'"text"', b"{'sender': 'x'}", b'{"sender": "x", "message": "\xff"}']),
    st.builds(
        lambda sender, message: json.dumps({"sender": sender, "message": message}).encode(),
        st.one_of(st.none(), st.integers(), st.text(max_size=200), st.lists(st.integers(), max_size=3)),
        st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.dictionaries(st.text(), st.text())),
    ),
)
FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


class Tally:
    def __init__(self):
        self.sent = self.server_errors = self.slow = self.refused = 0
        self.statuses: dict[int, int] = {}
        self.slowest_s = 0.0
        self.slowest: list[tuple[float, bytes]] = []

    def add(self, status: int, seconds: float, well_formed: bool, body: bytes = b"") -> None:
        self.sent += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.server_errors += status >= 500
        if well_formed:
            # A well-formed message is answered; only a body over the cap may be refused, with 413.
            self.refused += status != 200 and not (status == 413 and len(body) > REQUEST_MAX_BYTES)
            self.slow += seconds > ANSWER_WITHIN_S
            self.slowest_s = max(self.slowest_s, seconds)
            self.slowest = sorted([*self.slowest, (seconds, body[:80])], reverse=True)[:5]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stored_events(db: Path, sender: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT id, type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first")
    with BotServers(tmp_path_factory.mktemp("fuzz"), ports=FUZZ_PORTS) as bot:
        yield bot


def post(servers: BotServers, body: bytes, tally: Tally, well_formed: bool) -> None:
    began = time.monotonic()
    try:
        reply = requests.post(servers.webhook, data=body, headers={"Content-Type": "application/json"}, timeout=30)
        status = reply.status_code
        if well_formed and status == 200:
            assert isinstance(reply.json(), list) and reply.json(), "a well-formed message got an empty reply"
    except requests.RequestException:
        status = 599  # no answer at all counts as a server error
    tally.add(status, time.monotonic() - began, well_formed, body)


def test_generated_messages_and_malformed_bodies_never_break_the_server(servers):
    before_sender = f"fuzz-before-{uuid.uuid4().hex[:8]}"
    for message in ("hello", "what's the phone number for Archway Medical Centre?", "practices in N7"):
        servers.say(before_sender, message)
    kept_before = stored_events(servers.tracker_db, before_sender)
    tally, malformed = Tally(), Tally()
    rss: dict[str, float] = {}
    batches = 0

    @settings(FUZZ_SETTINGS, max_examples=BATCHES)
    @given(st.lists(MESSAGE, min_size=BATCH_SIZE, max_size=BATCH_SIZE))
    def send_messages(messages):
        nonlocal batches
        batches += 1
        if batches == min(3, BATCHES):  # warmed up: every code path has run and the caches are filled
            rss["start"] = rss_mb(servers.rasa.pid)
        # Conversations of ten messages, longer than most residents'.
        senders = [f"fuzz-{uuid.uuid4().hex[:12]}" for _ in range(len(messages) // 10 + 1)]
        bodies = [json.dumps({"sender": senders[i // 10], "message": m}).encode() for i, m in enumerate(messages)]
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(lambda body: post(servers, body, tally, True), bodies))

    @settings(FUZZ_SETTINGS, max_examples=MALFORMED)
    @given(st.lists(MALFORMED_BODY, min_size=BATCH_SIZE, max_size=BATCH_SIZE))
    def send_malformed(bodies):
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(lambda body: post(servers, body, malformed, False), bodies))

    began = time.monotonic()
    send_messages()
    send_malformed()
    rss["end"] = rss_mb(servers.rasa.pid)
    print(
        f"\nfuzz: {tally.sent} messages in {time.monotonic() - began:.0f} s, statuses {tally.statuses}, "
        f"slowest {tally.slowest_s:.2f} s, over {ANSWER_WITHIN_S} s: {tally.slow}; "
        f"{malformed.sent} malformed bodies, statuses {malformed.statuses}; "
        f"Rasa RSS {rss['start']:.0f} -> {rss['end']:.0f} MB"
    )
    print("slowest:", *tally.slowest, sep="\n  ")
    problems = [
        f"{tally.sent} messages sent, fewer than {BATCHES * BATCH_SIZE}" if tally.sent < BATCHES * BATCH_SIZE else "",
        f"{tally.server_errors + malformed.server_errors} server errors"
        if tally.server_errors + malformed.server_errors
        else "",
        f"{tally.slow} well-formed messages took over {ANSWER_WITHIN_S} s" if tally.slow else "",
        f"{tally.refused} well-formed messages under {REQUEST_MAX_BYTES} bytes got no answer" if tally.refused else "",
        f"the Rasa server grew {rss['end'] - rss['start']:.0f} MB"
        if rss["end"] - rss["start"] > RSS_TOLERANCE_MB
        else "",
        "events stored before the run changed"
        if stored_events(servers.tracker_db, before_sender) != kept_before
        else "",
    ]
    assert not any(problems), "; ".join(p for p in problems if p)
