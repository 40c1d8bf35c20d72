"""The numbers the safety replies give, from facts/data/safety.yml, each with its source and "as at" date.

The replies themselves are fixed wording in domain.yml (utter_emergency, utter_self_harm, utter_danger_from_others,
the safety lines and the language cards), so that they are given even when the action server is down;
tests/facts/test_safety_contacts.py holds every number in them to a record here.
"""

from __future__ import annotations

from functools import cache

from facts.loader import DATA_DIR, load_file
from facts.records import SafetyContact

SAFETY_FILE = DATA_DIR / "safety.yml"


@cache
def safety_contacts() -> tuple[SafetyContact, ...]:
    return load_file(SAFETY_FILE, "contacts", SafetyContact, "key")
