"""Deletes stored conversations older than the retention period that the widget's privacy note promises.

Usage: python -m ops.retention [--db var/tracker.db] [--days 30]
       python -m ops.retention --url postgresql://user@host:port/db [--days 30]   (cluster mode)
       python -m ops.retention --every 3600 [...]   keep purging, once an hour, until stopped

`make run` and `make run-cluster` run it with --every under supervisord, beside the servers, so the promise holds
however long the service stays up; supervisord restarts it if it dies.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

from ops.settings import TRACKER_DB

RETENTION_DAYS = 30  # the privacy note in widget/src/view.js says "for up to 30 days"
# How often the running service purges: hourly, so nothing is kept more than an hour past the 30 days.
PURGE_EVERY_S = 3600


def purge(db: Path, days: int = RETENTION_DAYS, now: float | None = None) -> int:
    """Deletes events older than `days` from Rasa's SQL tracker store; returns how many went."""
    if not db.exists():
        return 0
    cutoff = (now or time.time()) - days * 86400
    with sqlite3.connect(db) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone():
            return 0
        return connection.execute("DELETE FROM events WHERE timestamp < ?", (cutoff,)).rowcount


def purge_url(url: str, days: int = RETENTION_DAYS, now: float | None = None) -> int:
    """The same, for a tracker store at a SQLAlchemy URL (PostgreSQL in cluster mode)."""
    import sqlalchemy  # Rasa's SQL tracker store's own library; imported here, so the SQLite path stays light

    cutoff = (now or time.time()) - days * 86400
    engine = sqlalchemy.create_engine(url)
    try:
        if not sqlalchemy.inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            deleted = connection.execute(
                sqlalchemy.text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff}
            )
            return deleted.rowcount
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=TRACKER_DB)
    parser.add_argument("--url", help="a SQLAlchemy URL instead of --db, e.g. postgresql://bot@127.0.0.1/rasa")
    parser.add_argument("--days", type=int, default=RETENTION_DAYS)
    parser.add_argument("--every", type=float, help="keep running, purging every this many seconds")
    args = parser.parse_args()
    if args.url and args.url.startswith("env:"):  # "env:DATABASE_URL": the URL, read from the environment
        args.url = os.environ[args.url.removeprefix("env:")]
    # The URL may hold a password, so it isn't printed.
    where = "the database" if args.url else args.db
    while True:
        try:
            deleted = purge_url(args.url, args.days) if args.url else purge(args.db, args.days)
            print(f"Deleted {deleted} conversation events older than {args.days} days from {where}", flush=True)
        except Exception as error:  # a busy or restarting database: try again next time, rather than stop purging
            if not args.every:
                raise
            print(f"Purge failed, will retry: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        if not args.every:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
