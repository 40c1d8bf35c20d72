"""The 30-day purge, export and erasure work on PostgreSQL too (cluster mode), on the tests' private server."""

from __future__ import annotations

import time

from ops.retention import RETENTION_DAYS, purge_url


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


def test_one_conversation_is_exported_and_erased_on_postgresql(postgres_url):
    import json

    import sqlalchemy

    from ops.subject_requests import erase, export

    admin = sqlalchemy.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text("CREATE DATABASE subject_requests"))
    admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/subject_requests"
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id TEXT, timestamp FLOAT, data TEXT)")
        )
        rows = [("resident", "my number is 07700 900123"), ("resident", "thanks"), ("someone-else", "hello")]
        connection.execute(
            sqlalchemy.text("INSERT INTO events (sender_id, timestamp, data) VALUES (:s, 0, :d)"),
            [{"s": s, "d": json.dumps({"event": "user", "text": text})} for s, text in rows],
        )
    exported = export(url, "resident")
    assert [event["text"] for event in exported][1] == "thanks"
    assert "07700 900123" not in json.dumps(exported)  # redacted again on the way out
    assert erase(url, "resident") == 2
    with engine.connect() as connection:
        left = [row[0] for row in connection.execute(sqlalchemy.text("SELECT sender_id FROM events"))]
    engine.dispose()
    assert left == ["someone-else"]
