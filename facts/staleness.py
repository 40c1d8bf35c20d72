"""How old each fact may get before a reply hedges it and the editors' report lists it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from facts.queries import Facts

# Months after its "as at" date that a fact of each kind is still shown without a warning. Opening hours and
# practice records change often (the NHS practice file is republished monthly); who runs a service, and NHS
# guidance, less often. History is what was true of the CCG at its date: it is told in the past tense with that
# date, so it never goes stale.
LIMIT_MONTHS = {"practice": 12, "hours": 12, "organisation": 24, "guidance": 24, "history": None}


def _start(iso: str) -> date:
    """The earliest day an "as at" can mean: "2019" is 1 January 2019, so a year-only date ages soonest."""
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return date(*parts[:3])


def months_old(as_at: str, today: date) -> int:
    start = _start(as_at)
    return (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)


def is_stale(record, today: date | None = None) -> bool:
    """Past its limit: later than the same day `limit` months after its "as at" (25 May 2025 + 12 = 25 May 2026).

    A fact whose record says what couldn't be confirmed (`unconfirmed`) is stale whatever its age or kind: it may
    already be out of date, and nobody can say from its source.
    """
    if record.unconfirmed:
        return True
    limit = LIMIT_MONTHS[record.kind]
    if limit is None:
        return False
    start = _start(record.as_at)
    year, month = divmod(start.month - 1 + limit, 12)
    last_good = date(start.year + year, month + 1, min(start.day, 28))
    return (today or date.today()) > last_good


@dataclass(frozen=True)
class StaleFact:
    file: str
    key: str
    name: str
    kind: str
    as_at: str
    checked: str
    months: int
    limit: int | None
    source: str
    unconfirmed: str | None


def stale_facts(facts: Facts, today: date | None = None) -> list[StaleFact]:
    """Every fact past its kind's limit or unconfirmed, oldest first: what editors should re-check first."""
    today = today or date.today()
    groups = (
        ("practices.yml", facts.practices, "code"),
        ("services.yml", facts.services, "key"),
        ("partners.yml", facts.partners, "key"),
        ("topics.yml", facts.topics, "key"),
    )
    found = [
        StaleFact(
            file=file,
            key=getattr(record, id_field),
            name=getattr(record, "name", None) or record.title,
            kind=record.kind,
            as_at=record.as_at,
            checked=record.checked,
            months=months_old(record.as_at, today),
            limit=LIMIT_MONTHS[record.kind],
            source=record.source,
            unconfirmed=record.unconfirmed,
        )
        for file, records, id_field in groups
        for record in records
        if is_stale(record, today)
    ]
    return sorted(found, key=lambda fact: (_start(fact.as_at), fact.file, fact.key))


def stale_report(facts: Facts, today: date | None = None) -> str:
    """The editors' list of stale facts, as Markdown."""
    today = today or date.today()
    stale = stale_facts(facts, today)
    lines = [
        f"# Stale facts, {today.isoformat()}",
        "",
        f"{len(stale)} facts are older than their kind's limit ({_limits()}), or say what couldn't be confirmed "
        '("to check"). Residents are told to check them before relying on them. Oldest first: re-check each '
        "against its source, then update `as_at` (the date the source vouches for) and `checked` (today) in "
        "`facts/data/`, and delete `unconfirmed` once it is confirmed. Practices: `make refresh-facts FILE=…`.",
        "",
        "| as at | months old | limit | kind | file | record | name | last checked | source | to check |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {f.as_at} | {f.months} | {f.limit or '-'} | {f.kind} | {f.file} | {f.key} | {f.name} | {f.checked} "
        f"| {f.source} | {f.unconfirmed or ''} |"
        for f in stale
    ]
    return "\n".join(lines) + "\n"


def _limits() -> str:
    return ", ".join(f"{kind} {months} months" for kind, months in LIMIT_MONTHS.items() if months)
