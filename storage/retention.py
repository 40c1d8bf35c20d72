"""Deletes stored conversations older than the retention period that the widget's privacy note promises.

Usage: python -m storage.retention [--db var/tracker.db] [--days 30]
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

RETENTION_DAYS = 30  # the privacy note in widget/src/view.js says "for up to 30 days"


def purge(db: Path, days: int = RETENTION_DAYS, now: float | None = None) -> int:
    """Deletes events older than `days` from Rasa's SQL tracker store; returns how many went."""
    if not db.exists():
        return 0
    cutoff = (now or time.time()) - days * 86400
    with sqlite3.connect(db) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone():
            return 0
        return connection.execute("DELETE FROM events WHERE timestamp < ?", (cutoff,)).rowcount


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("var/tracker.db"))
    parser.add_argument("--days", type=int, default=RETENTION_DAYS)
    args = parser.parse_args()
    print(f"Deleted {purge(args.db, args.days)} conversation events older than {args.days} days from {args.db}")


if __name__ == "__main__":
    main()
