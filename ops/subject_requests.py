"""Exports or erases one resident's conversation, for a subject access or erasure request (docs/privacy.md).

Usage: python -m ops.subject_requests export SENDER [--db var/tracker.db | --db postgresql://...]   (JSON lines)
       python -m ops.subject_requests erase SENDER [--db var/tracker.db | --db postgresql://...]
The sender is the random ID the widget keeps in the resident's browser tab; they can read it from the widget.
--db is the SQLite file of `make run`, or a SQLAlchemy URL such as the cluster's PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlalchemy

from ops.settings import TRACKER_DB
from server.redacting_store import redact_value


def _engine(db: Path | str) -> sqlalchemy.engine.Engine | None:
    """The store's database: a SQLite file, or any SQLAlchemy URL; None when it holds no conversations yet."""
    if "://" not in str(db):
        if not Path(db).exists():
            return None
        db = f"sqlite:///{Path(db).resolve()}"
    engine = sqlalchemy.create_engine(str(db))
    if not sqlalchemy.inspect(engine).has_table("events"):
        engine.dispose()
        return None
    return engine


def export(db: Path | str, sender: str) -> list[dict]:
    """Every stored event of the conversation, oldest first, as Rasa stored it (already redacted).

    Redacted again on the way out, so that rows written before redaction existed don't leave in an export.
    """
    engine = _engine(db)
    if engine is None:
        return []
    with engine.connect() as connection:
        query = sqlalchemy.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id")
        rows = connection.execute(query, {"sender": sender}).fetchall()
    engine.dispose()
    return [redact_value(json.loads(data)) for (data,) in rows]


def erase(db: Path | str, sender: str) -> int:
    """Deletes every stored event of the conversation; returns how many went."""
    engine = _engine(db)
    if engine is None:
        return 0
    with engine.begin() as connection:
        deleted = connection.execute(
            sqlalchemy.text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender}
        ).rowcount
    engine.dispose()
    return deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["export", "erase"])
    parser.add_argument("sender")
    parser.add_argument("--db", default=str(TRACKER_DB), help="a SQLite file or a SQLAlchemy URL")
    args = parser.parse_args()
    if args.command == "export":
        for event in export(args.db, args.sender):
            print(json.dumps(event, ensure_ascii=False))
    else:
        print(
            f"Deleted {erase(args.db, args.sender)} events of conversation {args.sender} from {args.db}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
