"""The redaction checks over REST again, with the conversations kept in PostgreSQL as `make run-cluster` keeps
them: afterwards every file of the database cluster (tables, write-ahead log, server log) and both servers' debug
logs are read as raw bytes, and no original is in any of them."""

from __future__ import annotations

import uuid

import pytest
import requests

from ops.servers import BotServers
from ops.settings import MODEL, PRIVACY_PG_TEST_PORTS
from tests.journeys.conftest import PG_PORT, as_postgres
from tests.journeys.test_privacy_rest import PERSONAL_MESSAGES, variants


@pytest.fixture(scope="module")
def servers_on_postgres(private_postgres, tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    url = private_postgres.database("redaction")
    bot = BotServers(tmp_path_factory.mktemp("privacy-pg"), ports=PRIVACY_PG_TEST_PORTS, database_url=url, debug=True)
    with bot:
        yield bot, url


def test_personal_details_leave_no_trace_in_postgresql_or_the_logs(servers_on_postgres, private_postgres):
    import sqlalchemy

    servers, url = servers_on_postgres
    sender = f"privacy-pg-{uuid.uuid4().hex[:8]}"
    for message, _ in PERSONAL_MESSAGES:
        reply = requests.post(servers.webhook, json={"sender": sender, "message": message}, timeout=30)
        assert reply.status_code == 200 and reply.json()
    servers.stop()  # every log line flushed
    # Rows reach the table files at a checkpoint; before it they are only in the write-ahead log. Both are read.
    assert (
        as_postgres("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-c", "CHECKPOINT").returncode == 0
    )
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        stored = "\n".join(row[0] for row in connection.execute(sqlalchemy.text("SELECT data FROM events")))
    engine.dispose()
    assert "<NHS number>" in stored and "GP practices near N19" in stored, "the conversation was stored, redacted"
    files = [path for path in private_postgres.data.rglob("*") if path.is_file()]
    files += list(servers.logs.glob("*.log"))
    kept = {str(path): path.read_bytes() for path in files}
    assert b'"parse_data_text"' in kept[str(servers.logs / "rasa.log")], "the debug log was written"
    for _, originals in PERSONAL_MESSAGES:
        for original in originals:
            for form in variants(original):
                leaks = [name for name, data in kept.items() if form.encode() in data]
                assert not leaks, f"{form!r} was kept in {leaks}"
