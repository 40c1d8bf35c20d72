"""`make review`: reads the stored conversations and writes the editors' report under var/review/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import sqlalchemy as sa

from ops.settings import TRACKER_DB, VAR
from review.conversations import database_url, load_turns
from review.report import Review, write_review
from review.translations import write_unchecked

REVIEW_DIR = VAR / "review"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make review", description=__doc__)
    parser.add_argument(
        "--db",
        default=os.environ.get("REVIEW_DB") or str(TRACKER_DB),
        help="the tracker store: a SQLite file, or a SQLAlchemy URL such as postgresql://user@host/rasa "
        "(default: $REVIEW_DB, else var/tracker.db)",
    )
    parser.add_argument("--out", type=Path, default=REVIEW_DIR, help="folder for the report (default: var/review)")
    args = parser.parse_args(argv)
    unchecked = write_unchecked(args.out)
    print(f"Safety cards awaiting a translator's check: {unchecked.resolve()}")
    # Messages and the page name where the conversations came from, without a password a PostgreSQL URL may carry.
    source = sa.engine.make_url(database_url(args.db)).render_as_string(hide_password=True)
    if "://" not in args.db and not Path(args.db).exists():
        print(f"No conversations yet: {args.db} does not exist. Chat with the assistant (make run) first.")
        return 1
    try:
        turns = load_turns(args.db)
    except sa.exc.NoSuchTableError:
        print(f"{source} has no `events` table, so it is not a Rasa tracker store (see endpoints.yml).")
        return 1
    except sa.exc.SQLAlchemyError as error:
        print(f"Couldn't read the conversations from {source}: {str(error).splitlines()[0]}")
        return 1
    review = Review.of(turns, source)
    paths = write_review(review, args.out)
    summary = review.summary()
    print(
        f"{summary['conversations']} conversations, {summary['messages']} typed messages, "
        f"{summary['unanswered']} without an answer in {len(review.clusters)} groups."
    )
    print(f"Open {paths['html'].resolve()} in a browser (the CSV is beside it). It quotes residents: keep it private.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
