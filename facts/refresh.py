"""`make refresh-facts FILE=epraccur.csv`: what changed for Islington's practices in the NHS file, applied on approval.

The NHS Organisation Data Service publishes every GP practice in England monthly as `epraccur.csv`: no header row,
one practice per row, in this column order (the published file specification; later files add empty columns):
Organisation Code, Name, National Grouping, High Level Health Geography, Address Lines 1 to 5, Postcode, Open Date,
Close Date, Status Code (A active, C closed, D dormant, P proposed), Organisation Sub-Type Code, Commissioner,
Join and Left Provider/Purchaser Date, Contact Telephone Number, … , Prescribing Setting (4 = GP practice).

The diff covers the practices in facts/data/practices.yml (closed, renamed, phone or address changed) and lists as
new any GP practice open in the file, under their commissioner, in the postcode districts they are in. Postcode
districts cross the borough boundary, so a new one is added only when the editor names it (--add CODE).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from facts.loader import DATA_DIR, load_records
from facts.records import Practice

ODS_SOURCE = "NHS Organisation Data Service (epraccur), Open Government Licence v3.0"
GP_PRACTICE = "4"  # prescribing setting
# Column positions in epraccur.csv.
CODE, NAME, ADDRESS, POSTCODE, CLOSE_DATE, STATUS, COMMISSIONER, PHONE = 0, 1, slice(4, 9), 9, 11, 12, 14, 17
# The prescribing setting is the last column the specification names: the 21st in the older 21-column files,
# the 26th in today's 27-column ones (which add empty "Null" columns).
PRESCRIBING = {21: 20, 27: 25}


@dataclass(frozen=True)
class Row:
    """A practice as the NHS file lists it."""

    code: str
    name: str
    address: tuple[str, ...]
    postcode: str
    status: str  # A, C, D or P
    closed_on: str | None
    commissioner: str
    phone: str
    prescribing: str

    @property
    def district(self) -> str:
        return self.postcode.split()[0]


def read_epraccur(path: Path) -> dict[str, Row]:
    rows = {}
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as file:
        for number, cells in enumerate(csv.reader(file), 1):
            if not cells or not cells[0].strip():
                continue
            setting = PRESCRIBING.get(len(cells), len(cells) - 2 if len(cells) > 21 else None)
            if setting is None or len(cells) < 18:
                raise ValueError(f"{path}: row {number} has {len(cells)} columns; an epraccur row has 21 or 27")
            close = cells[CLOSE_DATE].strip()
            rows[cells[CODE].strip()] = Row(
                code=cells[CODE].strip(),
                name=cells[NAME].strip(),
                address=tuple(line.strip() for line in cells[ADDRESS] if line.strip()),
                postcode=cells[POSTCODE].strip(),
                status=cells[STATUS].strip(),
                closed_on=f"{close[:4]}-{close[4:6]}-{close[6:8]}" if close else None,
                commissioner=cells[COMMISSIONER].strip(),
                phone=cells[PHONE].strip(),
                prescribing=cells[setting].strip(),
            )
    return rows


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def phone_format(raw: str) -> str:
    """ "020 72720111" -> "020 7272 0111"; "0345 0154033" -> "0345 015 4033"."""
    number = digits(raw)
    if number.startswith("02") and len(number) == 11:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    return f"{number[:4]} {number[4:7]} {number[7:]}" if len(number) == 11 else raw.strip()


def _numbers(lines) -> list[str]:
    # House and unit numbers: what an address change changes. Spelling ("RD", "Road", "H/C") doesn't count.
    return re.findall(r"\d+", " ".join(lines))


def _same_name(ours: str, theirs: str) -> bool:
    return re.sub(r"[^A-Z0-9&']", "", ours.upper()) == re.sub(r"[^A-Z0-9&']", "", theirs.upper())


@dataclass
class Change:
    code: str
    kind: str  # new, closed, reopened, renamed, phone, address, missing
    was: str
    now: str
    row: Row | None = None


@dataclass
class Diff:
    changes: list[Change] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)  # codes the file lists, changed or not

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


def diff(practices: tuple[Practice, ...], rows: dict[str, Row]) -> Diff:
    result = Diff()
    ours = {p.code: p for p in practices}
    for code, practice in ours.items():
        row = rows.get(code)
        if row is None:
            result.changes.append(Change(code, "missing", practice.name, "not in the file"))
            continue
        result.confirmed.append(code)
        closed = row.status == "C"
        if closed and practice.is_open:
            result.changes.append(Change(code, "closed", f"{practice.name}: open", f"closed on {row.closed_on}", row))
        elif not closed and not practice.is_open:
            result.changes.append(Change(code, "reopened", f"{practice.name}: closed", f"status {row.status}", row))
        if not _same_name(practice.name, row.name):
            result.changes.append(Change(code, "renamed", practice.name, row.name, row))
        if row.phone and digits(row.phone) != digits(practice.phone):
            result.changes.append(
                Change(code, "phone", f"{practice.name}: {practice.phone}", phone_format(row.phone), row)
            )
        if row.postcode != practice.postcode or _numbers(row.address) != _numbers(practice.address):
            was = ", ".join((*practice.address, practice.postcode))
            result.changes.append(
                Change(code, "address", f"{practice.name}: {was}", ", ".join((*row.address, row.postcode)), row)
            )
    commissioners = {rows[c].commissioner for c in result.confirmed if rows[c].status != "C"}
    districts = {p.district for p in practices}
    for code, row in sorted(rows.items()):
        if (
            code not in ours
            and row.prescribing == GP_PRACTICE
            and row.status == "A"
            and row.commissioner in commissioners
            and row.district in districts
        ):
            result.changes.append(
                Change(code, "new", "", f"{row.name}, {', '.join((*row.address, row.postcode))}", row)
            )
    return result


HEADINGS = {
    "new": (
        "New: open GP practices in the same postcode districts, not yet in the facts "
        "(check each is in Islington; add with --add CODE)"
    ),
    "closed": "Closed since the facts were written",
    "reopened": "Listed as closed in the facts, not closed in the file",
    "renamed": "Renamed",
    "phone": "Phone changed",
    "address": "Address changed",
    "missing": "In the facts but not in the file (is this the whole England file?)",
}


def render(result: Diff, as_at: str) -> str:
    lines = [f"Changes for Islington's practices in the NHS file as at {as_at}:"]
    if not result.changes:
        lines.append("  none: every practice matches the facts.")
    for kind, heading in HEADINGS.items():
        found = result.of_kind(kind)
        if found:
            lines.append(f"\n{heading}:")
            lines += [f"  {c.code}  {c.was + '  ->  ' if c.was else ''}{c.now}" for c in found]
    lines.append(f"\n{len(result.confirmed)} practices in the facts are in the file and will be dated {as_at}.")
    return "\n".join(lines)


def _title(name: str) -> str:
    titled = " ".join(w.capitalize() if not re.match(r"^\d", w) else w for w in name.split())
    return re.sub(r"\b(Dr|Drs|St)\b\.?", lambda m: m.group(1), re.sub(r"'S\b", "'s", titled))


def apply(path: Path, result: Diff, as_at: str, add: set[str], today: str) -> list[dict]:
    """Rewrites practices.yml with the file's changes; each record keeps its source and is dated `as_at`."""
    text = path.read_text(encoding="utf-8")
    header = "".join(_leading_comments(text))
    records = yaml.safe_load(text)["practices"]
    by_code = {r["code"]: r for r in records}
    for change in result.changes:
        record, row = by_code.get(change.code), change.row
        if change.kind == "closed":
            record.update(status="closed", closed_on=row.closed_on)
        elif change.kind == "reopened":
            record["status"] = "open"
            record.pop("closed_on", None)
        elif change.kind == "renamed":
            record.setdefault("former_names", [])
            if record["name"] not in record["former_names"]:
                record["former_names"].append(record["name"])
            record["name"] = _title(row.name)
        elif change.kind == "phone":
            record["phone"] = phone_format(row.phone)
        elif change.kind == "address":
            record.update(address=[_title(line) for line in row.address], postcode=row.postcode)
        elif change.kind == "new" and change.code in add:
            records.append(
                {
                    "code": row.code,
                    "name": _title(row.name),
                    "address": [_title(line) for line in row.address],
                    "postcode": row.postcode,
                    "phone": phone_format(row.phone),
                    "status": "open",
                    "source": ODS_SOURCE,
                    "as_at": as_at,
                    "checked": today,
                }
            )
    for code in result.confirmed:
        by_code[code].update(as_at=as_at, checked=today)
    body = yaml.safe_dump({"practices": records}, sort_keys=False, allow_unicode=True, width=115)
    path.write_text(header + body, encoding="utf-8")
    load_records(path.parent)  # the rewritten file must load, or the editor hears now rather than at start-up
    return records


def _leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make refresh-facts", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the NHS file, epraccur.csv")
    parser.add_argument("--as-at", help="the date of the NHS file, YYYY-MM-DD (default: the file's own date)")
    parser.add_argument("--add", default="", help="codes of new practices to add, comma-separated")
    parser.add_argument(
        "--apply", choices=("ask", "yes", "no"), default="ask", help="apply the changes (ask: on a terminal)"
    )
    parser.add_argument("--data", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    as_at = args.as_at or datetime.fromtimestamp(args.file.stat().st_mtime).date().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_at):
        parser.error(f"--as-at must be YYYY-MM-DD, got {as_at!r}")
    practices = load_records(args.data)["practices"]
    result = diff(practices, read_epraccur(args.file))
    print(render(result, as_at))
    add = {code.strip() for code in args.add.split(",") if code.strip()}
    unknown = add - {c.code for c in result.of_kind("new")}
    if unknown:
        print(f"\nNot new practices in this file, so not added: {', '.join(sorted(unknown))}")
        return 1
    approve = args.apply == "yes" or (args.apply == "ask" and sys.stdin.isatty() and _ask())
    if not approve:
        print("\nNothing changed. To apply: make refresh-facts FILE=… APPLY=yes [ADD=CODE,…]")
        return 0
    apply(args.data / "practices.yml", result, as_at, add, date.today().isoformat())
    print(f"\nApplied to {args.data / 'practices.yml'}. Review it with git diff, then commit it (make train retrains).")
    return 0


def _ask() -> bool:
    return input("\nApply these changes to facts/data/practices.yml? [y/N] ").strip().lower() in ("y", "yes")


if __name__ == "__main__":
    sys.exit(main())
