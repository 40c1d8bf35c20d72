"""The 30-day purge works on PostgreSQL too (cluster mode), against a private server started for this test."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from service.paths import VAR
from storage.retention import RETENTION_DAYS, purge_url

PORT = int(os.environ.get("PRIVACY_PG_PORT", 6190))


def as_postgres(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def postgres_url():
    if not (shutil.which("initdb") and shutil.which("pg_ctl") and shutil.which("runuser")):
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    data = VAR / f"pg-retention-{os.getpid()}"
    data.mkdir(parents=True)
    shutil.chown(data, "postgres", "postgres")
    try:
        assert as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres").returncode == 0
        options = f"-p {PORT} -c listen_addresses=127.0.0.1 -k {data}"
        started = as_postgres("pg_ctl", "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start")
        assert started.returncode == 0, started.stdout + started.stderr
        yield f"postgresql://postgres@127.0.0.1:{PORT}/postgres"
    finally:
        as_postgres("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)


def test_events_older_than_the_retention_period_are_deleted_on_postgresql(postgres_url):
    import sqlalchemy

    now = time.time()
    engine = sqlalchemy.create_engine(postgres_url)
    with engine.begin() as connection:
        # The columns Rasa's SQL tracker store makes that the purge reads.
        connection.execute(
            sqlalchemy.text("CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id TEXT, timestamp FLOAT, data TEXT)")
        )
        connection.execute(
            sqlalchemy.text("INSERT INTO events (sender_id, timestamp, data) VALUES (:s, :t, '{}')"),
            [{"s": "old", "t": now - (RETENTION_DAYS + 1) * 86400}, {"s": "recent", "t": now - 86400}],
        )
    assert purge_url(postgres_url, now=now) == 1
    with engine.connect() as connection:
        assert [row[0] for row in connection.execute(sqlalchemy.text("SELECT sender_id FROM events"))] == ["recent"]
    engine.dispose()


def test_a_database_without_conversations_is_not_an_error(postgres_url):
    import sqlalchemy

    engine = sqlalchemy.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text("CREATE DATABASE no_conversations"))
    engine.dispose()
    assert purge_url(postgres_url.rsplit("/", 1)[0] + "/no_conversations") == 0
