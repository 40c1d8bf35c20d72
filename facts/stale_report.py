"""`make stale-facts` (and `make review`): the editors' list of facts past their kind's limit, oldest first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facts.queries import load_facts
from facts.staleness import stale_facts, stale_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make stale-facts", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the list here as Markdown, as well as a summary")
    args = parser.parse_args(argv)
    facts = load_facts()
    report = stale_report(facts)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
        oldest = stale_facts(facts)[:1]
        first = f"; the oldest is {oldest[0].file} {oldest[0].key}, as at {oldest[0].as_at}" if oldest else ""
        print(f"{len(stale_facts(facts))} stale facts listed in {args.out}{first}.")
    else:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
