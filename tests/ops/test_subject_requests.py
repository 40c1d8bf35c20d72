"""One conversation can be exported or erased with one command, as docs/privacy.md says."""

import json
import sqlite3
import subprocess

from ops.settings import ROOT


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def tracker_db(tmp_path):
    db = tmp_path / "tracker.db"
    events = [
        ("ann", {"event": "user", "text": "practices in N7", "timestamp": 1.0}),
        # A row from before redaction existed: the export must not hand it out as it is.
        ("ann", {"event": "user", "text": "my number is 07911 123456", "timestamp": 2.0}),
        ("bob", {"event": "user", "text": "hello", "timestamp": 3.0}),
    ]
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)")
        connection.executemany(
            "INSERT INTO events (sender_id, timestamp, data) VALUES (?, ?, ?)",
            [(sender, event["timestamp"], json.dumps(event)) for sender, event in events],
        )
    return db


def test_make_export_prints_one_conversation_redacted(tmp_path):
    result = make("export", "SENDER=ann", f"TRACKER_DB={tracker_db(tmp_path)}")
    assert result.returncode == 0, result.stderr
    exported = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["text"] for e in exported] == ["practices in N7", "my number is <phone>"]


def test_make_erase_deletes_one_conversation_and_keeps_the_others(tmp_path):
    db = tracker_db(tmp_path)
    assert make("erase", "SENDER=ann", f"TRACKER_DB={db}").returncode == 0
    with sqlite3.connect(db) as connection:
        assert [row[0] for row in connection.execute("SELECT sender_id FROM events")] == ["bob"]
    assert make("export", "SENDER=ann", f"TRACKER_DB={db}").stdout == ""


def test_a_sender_with_shell_syntax_is_only_ever_a_name(tmp_path):
    db = tracker_db(tmp_path)
    result = make("erase", "SENDER=ann; touch pwned", f"TRACKER_DB={db}")
    assert result.returncode == 0 and not (ROOT / "pwned").exists()
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 3
