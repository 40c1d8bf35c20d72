"""Conversations are kept no longer than the privacy note says."""

import sqlite3
import time

from storage.retention import RETENTION_DAYS, purge


def test_events_older_than_the_retention_period_are_deleted_and_newer_ones_kept(tmp_path):
    db = tmp_path / "tracker.db"
    now = time.time()
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)")
        connection.executemany(
            "INSERT INTO events (sender_id, timestamp, data) VALUES (?, ?, ?)",
            [("old", now - (RETENTION_DAYS + 1) * 86400, "{}"), ("recent", now - 86400, "{}")],
        )
    assert purge(db, now=now) == 1
    with sqlite3.connect(db) as connection:
        assert [row[0] for row in connection.execute("SELECT sender_id FROM events")] == ["recent"]


def test_a_missing_database_is_not_an_error(tmp_path):
    assert purge(tmp_path / "none.db") == 0
