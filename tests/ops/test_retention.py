"""Conversations are kept no longer than the privacy note says."""

import sqlite3
import subprocess
import sys
import time

from ops.launch import make_run_launch
from ops.plan import programs
from ops.retention import RETENTION_DAYS, purge
from ops.settings import ROOT


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


def _store_with_one_recent_event(db, now):
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)")
        connection.executemany(
            "INSERT INTO events (sender_id, timestamp, data) VALUES (?, ?, ?)",
            [("recent", now - 86400, "{}")],
        )


def _senders(db):
    with sqlite3.connect(db) as connection:
        return sorted(row[0] for row in connection.execute("SELECT sender_id FROM events"))


def test_a_conversation_past_the_limit_disappears_while_the_service_runs_without_a_restart(tmp_path):
    # The purge as make run supervises it (--every), left running: a conversation that passes the limit
    # while it runs is deleted on its next round, with no restart of anything.
    db = tmp_path / "tracker.db"
    _store_with_one_recent_event(db, time.time())
    purger = subprocess.Popen(
        [sys.executable, "-m", "ops.retention", "--db", str(db), "--every", "0.5"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)  # it has purged at least once, with nothing to delete
        assert purger.poll() is None and _senders(db) == ["recent"]
        with sqlite3.connect(db) as connection:  # a conversation now past the limit
            connection.execute(
                "INSERT INTO events (sender_id, timestamp, data) VALUES ('old', ?, '{}')",
                (time.time() - (RETENTION_DAYS + 1) * 86400,),
            )
        deadline = time.monotonic() + 10
        while "old" in _senders(db) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _senders(db) == ["recent"]
        assert purger.poll() is None  # the same process, still running
    finally:
        purger.terminate()
        purger.wait(10)


def test_make_run_supervises_the_purge_beside_the_servers_at_least_daily(tmp_path):
    run_dir = tmp_path / "var"
    plan = {p.name: p for p in programs(make_run_launch({"RUN_DIR": str(run_dir)}))}
    purge = plan["retention"].command
    assert purge[purge.index("--db") + 1] == str((run_dir / "tracker.db").resolve())
    assert float(purge[purge.index("--every") + 1]) <= 86400
