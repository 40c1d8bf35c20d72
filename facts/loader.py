"""Reads the facts' YAML files into records, failing loudly on anything malformed."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import yaml

from facts.records import Partner, Practice, Service, Topic

DATA_DIR = Path(__file__).parent / "data"

# file name -> (top-level key, record type, field that names a record in error messages)
FILES = {
    "practices.yml": ("practices", Practice, "code"),
    "partners.yml": ("partners", Partner, "key"),
    "services.yml": ("services", Service, "key"),
    "topics.yml": ("topics", Topic, "key"),
}

AS_AT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")
CHECKED = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How long each kind of fact stays trustworthy is in facts/staleness.py; a kind it doesn't know is a typo.
KINDS = ("practice", "hours", "organisation", "guidance", "history")
PHONE = re.compile(r"^(0\d{2,4} \d{3,4} \d{4}|\d{3})$")


class FactsError(ValueError):
    """A facts file is malformed. The message names the file, the record and the field."""

    def __init__(self, file: str, record: str, field: str, problem: str):
        super().__init__(f"{file}: record {record!r}: field {field!r}: {problem}")
        self.file, self.record, self.field = file, record, field


def load_records(data_dir: Path = DATA_DIR) -> dict[str, tuple]:
    """Every file's records, keyed by top-level key ("practices", "topics", ...)."""
    return {key: load_file(data_dir / name, key, cls, id_field) for name, (key, cls, id_field) in FILES.items()}


def load_file(path: Path, key: str, cls: type, id_field: str) -> tuple:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FactsError(path.name, "-", "-", f"cannot be read as YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise FactsError(path.name, "-", key, "expected a top-level list under this key")
    records, seen = [], set()
    for index, raw in enumerate(document[key]):
        name = str(raw.get(id_field, f"#{index + 1}")) if isinstance(raw, dict) else f"#{index + 1}"
        record = _build(cls, raw, path.name, name)
        if name in seen:
            raise FactsError(path.name, name, id_field, "duplicate")
        seen.add(name)
        records.append(record)
    return tuple(records)


def _build(cls: type, raw: object, file: str, name: str):
    if not isinstance(raw, dict):
        raise FactsError(file, name, "-", "expected a mapping of field: value")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(raw) - set(fields)
    if unknown:
        raise FactsError(file, name, sorted(unknown)[0], "unknown field")
    values = {}
    for field_name, field in fields.items():
        required = field.default is dataclasses.MISSING
        if field_name not in raw or raw[field_name] is None:
            if required:
                raise FactsError(file, name, field_name, "missing")
            continue
        values[field_name] = _coerce(raw[field_name], hints[field_name], file, name, field_name)
    _check(values, file, name)
    return cls(**values)


def _coerce(value, hint, file: str, name: str, field: str):
    if typing.get_origin(hint) is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise FactsError(file, name, field, "expected a list of text")
        return tuple(i.strip() for i in items)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise FactsError(file, name, field, f"expected text, got {value!r}")
    return str(value).strip()


def _check(values: dict, file: str, name: str) -> None:
    rules = {
        "as_at": (AS_AT, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        "postcode": (POSTCODE, "expected a full UK postcode such as N19 3NU"),
        "phone": (PHONE, "expected a phone number such as 020 7272 0111"),
        "closed_on": (AS_AT, "expected a date as YYYY-MM-DD"),
        "checked": (CHECKED, "expected the date it was last checked, as YYYY-MM-DD"),
        "successor_since": (AS_AT, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    }
    for field, (pattern, problem) in rules.items():
        if field in values and not pattern.match(values[field]):
            raise FactsError(file, name, field, f"{problem}, got {values[field]!r}")
    if "kind" in values and values["kind"] not in KINDS:
        raise FactsError(file, name, "kind", f"expected one of {', '.join(KINDS)}, got {values['kind']!r}")
    if ("successor" in values) != ("successor_since" in values):
        raise FactsError(file, name, "successor_since", "a successor and the date it took over go together")
    if "status" in values and values["status"] not in ("open", "closed"):
        raise FactsError(file, name, "status", f"expected open or closed, got {values['status']!r}")
    if values.get("status") == "closed" and "closed_on" not in values:
        raise FactsError(file, name, "closed_on", "a closed practice needs its closing date")
