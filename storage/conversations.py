"""Exports or erases one resident's conversation, for a subject access or erasure request (docs/privacy.md).

Usage: python -m storage.conversations export SENDER [--db var/tracker.db]   (JSON lines on stdout)
       python -m storage.conversations erase SENDER [--db var/tracker.db]
The sender is the random ID the widget keeps in the resident's browser tab; they can read it from the widget.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from privacy.tracker_store import redact_value


def _connect(db: Path) -> sqlite3.Connection | None:
    if not db.exists():
        return None
    connection = sqlite3.connect(db)
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone():
        connection.close()
        return None
    return connection


def export(db: Path, sender: str) -> list[dict]:
    """Every stored event of the conversation, oldest first, as Rasa stored it (already redacted).

    Redacted again on the way out, so that rows written before redaction existed don't leave in an export.
    """
    connection = _connect(db)
    if connection is None:
        return []
    with connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    connection.close()
    return [redact_value(json.loads(data)) for (data,) in rows]


def erase(db: Path, sender: str) -> int:
    """Deletes every stored event of the conversation; returns how many went."""
    connection = _connect(db)
    if connection is None:
        return 0
    with connection:
        deleted = connection.execute("DELETE FROM events WHERE sender_id = ?", (sender,)).rowcount
    connection.close()
    return deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["export", "erase"])
    parser.add_argument("sender")
    parser.add_argument("--db", type=Path, default=Path("var/tracker.db"))
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
