"""Answers questions over the loaded facts: practices by name or postcode, partners, topics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from facts.loader import DATA_DIR, FactsError, load_records
from facts.records import Partner, Practice, Service, Topic

# Words that say "a GP practice" rather than which one; a resident's "Miller surgery" is The Miller Practice.
GENERIC_WORDS = frozenset(
    "the a my dr drs doctor doctors doctor's gp gps medical centre practice surgery group health "
    "primary care clinic".split()
)
SPELLINGS = {
    "practise": "practice",
    "center": "centre",
    "surgey": "surgery",
    "sugery": "surgery",
    "saint": "st",
    "&": "and",
    "centr": "centre",
    "ctr": "centre",
}
MATCH_CUTOFF = 80  # below this a name is not the practice the resident meant
TIE_MARGIN = 3  # names scoring this close to the best are equally likely: offer them all
OUTWARD_CODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})?$")
# "…number for Zebra Clinic?": the words after the last "for/of/at/about/called" may name a practice.
NAMED_AFTER = re.compile(r"\b(?:for|of|at|about|called|named)\s+([^?.!]+)[?.!]*\s*$", re.IGNORECASE)
NOT_NAMES = frozenset(
    "them they their theirs it its this that one me my our your here there please weekend weekends "
    "night nights moment now today tomorrow christmas".split()
)


def normalise(text: str) -> str:
    """Lower case, no punctuation, one spelling for each generic word."""
    text = re.sub(r"['’`]", "", text.lower()).replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(SPELLINGS.get(w, w) for w in words)


def core_of(text: str) -> str:
    """The distinctive part of a practice name: "the miller practice" -> "miller"."""
    return " ".join(w for w in normalise(text).split() if w not in GENERIC_WORDS)


def name_in_question(text: str) -> str | None:
    """A practice name the entity patterns didn't know, as the resident wrote it; None if there's none."""
    match = NAMED_AFTER.search(text or "")
    if not match:
        return None
    name = match.group(1).strip()
    words = set(normalise(name).split())
    return name if words - GENERIC_WORDS - NOT_NAMES else None


def outward_code(text: str) -> str | None:
    """The postcode district in a district or full postcode: "n1 2de" -> "N1"."""
    match = OUTWARD_CODE.match(re.sub(r"\s+", "", text.upper()))
    return match.group(1) if match else None


class PracticeNames:
    """Every name each practice has had, in full and distinctive form, built once; finds practices by name, with typos.

    No cache: a fuzzy search over these few hundred forms takes microseconds, less than hashing a cache key would.
    """

    def __init__(self, practices: tuple[Practice, ...]):
        self.forms: dict[str, list[Practice]] = {}
        for practice in practices:
            for name in (practice.name, *practice.former_names):
                for form in {normalise(name), core_of(name)} - {""}:
                    self.forms.setdefault(form, []).append(practice)
        self.choices = list(self.forms)

    def find(self, name: str) -> list[Practice]:
        query_full, query_core = normalise(name), core_of(name)
        if query_full in self.forms:
            return list(self.forms[query_full])
        if len(query_core) < 2:
            return []
        scored = process.extract(
            query_core, self.choices, scorer=fuzz.token_set_ratio, score_cutoff=MATCH_CUTOFF, limit=None
        )
        if not scored:
            return []
        best = scored[0][1]
        found: list[Practice] = []
        for form, score, _ in scored:
            for practice in self.forms[form]:
                if score >= best - TIE_MARGIN and practice not in found:
                    found.append(practice)
        return found


@dataclass(frozen=True)
class Facts:
    practices: tuple[Practice, ...]
    partners: tuple[Partner, ...]
    services: tuple[Service, ...]
    topics: tuple[Topic, ...]
    # Indexes, built once when the facts are loaded (the records are frozen, so they never go stale).
    _practice_names: PracticeNames = field(init=False, repr=False, compare=False)
    _partner_names: dict = field(init=False, repr=False, compare=False)
    _by_key: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        indexes = {
            "_practice_names": PracticeNames(self.practices),
            "_partner_names": {
                normalise(alias): partner for partner in self.partners for alias in (partner.name, *partner.aliases)
            },
            "_by_key": {
                kind: {record.key: record for record in records}
                for kind, records in (("topic", self.topics), ("service", self.services), ("partner", self.partners))
            },
        }
        for name, index in indexes.items():
            object.__setattr__(self, name, index)
        self._check_references()

    def _check_references(self) -> None:
        services = {s.key for s in self.services}
        partners = {p.key for p in self.partners}
        for topic in self.topics:
            for field_name, keys, known in (
                ("services", topic.services, services),
                ("partners", topic.partners, partners),
            ):
                for key in set(keys) - known:
                    raise FactsError("topics.yml", topic.key, field_name, f"no record with key {key!r}")
        for partner in self.partners:
            if partner.successor and partner.successor not in partners:
                raise FactsError("partners.yml", partner.key, "successor", f"no record with key {partner.successor!r}")

    def find_practices(self, name: str) -> list[Practice]:
        """Practices a resident may mean by `name`, best first; several when it is ambiguous."""
        return self._practice_names.find(name)

    def practices_in(self, postcode: str) -> tuple[str | None, list[Practice]]:
        """The district of a district or full postcode, and its open practices."""
        district = outward_code(postcode)
        found = [p for p in self.practices if p.is_open and p.district == district]
        return district, sorted(found, key=lambda p: p.name)

    def open_at_same_address(self, practice: Practice) -> list[Practice]:
        """Open practices at a closed practice's address: where a resident can go instead, in the same building."""
        if practice.is_open:
            return []
        street = _street_line(practice)
        return [
            other
            for other in self.practices
            if other.is_open and other.postcode == practice.postcode and street and _street_line(other) == street
        ]

    def former_name_meant(self, practice: Practice, name: str) -> str | None:
        """The former name a resident used ("Dr Haffiz"), if they didn't use the current one."""
        query = core_of(name)
        scores = {former: fuzz.token_set_ratio(query, core_of(former)) for former in practice.former_names}
        best = max(scores, key=scores.get, default=None)
        if best and scores[best] > fuzz.token_set_ratio(query, core_of(practice.name)):
            return best
        return None

    def find_partner(self, name: str) -> Partner | None:
        best = process.extractOne(
            normalise(name), list(self._partner_names), scorer=fuzz.WRatio, score_cutoff=MATCH_CUTOFF
        )
        return self._partner_names[best[0]] if best else None

    def topic(self, key: str) -> Topic | None:
        return self._by_key["topic"].get(key)

    def service(self, key: str) -> Service:
        return self._by_key["service"][key]

    def partner(self, key: str) -> Partner:
        return self._by_key["partner"][key]


def _street_line(practice: Practice) -> str | None:
    """The address line with the building number ("244 Tufnell Park Road"), which a first line naming the
    practice or the health centre doesn't change."""
    numbered = [normalise(line) for line in practice.address if re.search(r"\d", line)]
    return numbered[0] if numbered else None


@lru_cache(maxsize=4)
def load_facts(data_dir: Path = DATA_DIR) -> Facts:
    """The facts, loaded and validated once per process (and per data folder)."""
    records = load_records(data_dir)
    return Facts(**records)
