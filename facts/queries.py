"""Answers questions over the loaded facts: practices by name or postcode, partners, topics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from facts.loader import DATA_DIR, FactsError, load_records
from facts.places import PracticePlaces
from facts.records import Partner, Practice, Service, Topic
from facts.wording import core_of, match_form, name_in_question

__all__ = ["Facts", "PracticeNames", "load_facts", "name_in_question", "outward_code"]

MATCH_CUTOFF = 80  # below this a name is not the practice the resident meant
TIE_MARGIN = 3  # names scoring this close to the best are equally likely: offer them all
# Names typed as one word ("hanleyprimarycare") are compared as one word; shorter ones are too easily a real word.
COMPACT_CUTOFF = 88
COMPACT_MIN_CHARS = 8
OUTWARD_CODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})?$")


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
        # The same names with the spaces taken out, for names typed run together or split in the wrong place.
        self.compact: dict[str, list[Practice]] = {}
        for practice in practices:
            for name in (practice.name, *practice.former_names):
                for form in {match_form(name), core_of(name)} - {""}:
                    self.forms.setdefault(form, []).append(practice)
                for form in compact_forms(name):
                    if practice not in self.compact.setdefault(form, []):
                        self.compact[form].append(practice)
        self.choices = list(self.forms)

    def find(self, name: str) -> list[Practice]:
        query_full, query_core = match_form(name), core_of(name)
        query_compact = query_full.replace(" ", "")
        if query_full in self.forms:
            return list(self.forms[query_full])
        if query_compact in self.compact:
            return list(self.compact[query_compact])
        if len(query_core) < 2:
            return []
        found = self._best(query_core, self.forms, fuzz.token_set_ratio, MATCH_CUTOFF)
        if not found and len(query_compact) >= COMPACT_MIN_CHARS:
            found = self._best(query_compact, self.compact, fuzz.ratio, COMPACT_CUTOFF)
        words = query_core.split()
        for i in range(len(words) - 1):  # a word split in two: "mit chison road"
            if found:
                break
            joined = " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
            if len(words[i] + words[i + 1]) >= COMPACT_MIN_CHARS - 2:
                found = self._best(joined, self.forms, fuzz.token_set_ratio, COMPACT_CUTOFF)
        return found

    @staticmethod
    def _best(query: str, forms: dict[str, list[Practice]], scorer, cutoff: int) -> list[Practice]:
        """The practices of the best-scoring forms, and of those scoring within TIE_MARGIN of it."""
        scored = process.extract(query, list(forms), scorer=scorer, score_cutoff=cutoff, limit=None)
        if not scored:
            return []
        best = scored[0][1]
        found: list[Practice] = []
        for form, score, _ in scored:
            for practice in forms[form]:
                if score >= best - TIE_MARGIN and practice not in found:
                    found.append(practice)
        return found


def compact_forms(name: str) -> set[str]:
    """A name's runs of words that hold all its distinctive words, spaces removed: "Hanley Primary Care Centre" ->
    "hanley", "hanleyprimary", "hanleyprimarycare", …. A name of generic words only has none: "medicalcentre" must
    not be The Medical Centre."""
    words, core = match_form(name).split(), set(core_of(name).split())
    if not core:
        return set()
    return {
        "".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1) if core <= set(words[i:j])
    }


@dataclass(frozen=True)
class Facts:
    practices: tuple[Practice, ...]
    partners: tuple[Partner, ...]
    services: tuple[Service, ...]
    topics: tuple[Topic, ...]
    # Indexes, built once when the facts are loaded (the records are frozen, so they never go stale).
    _practice_names: PracticeNames = field(init=False, repr=False, compare=False)
    _practice_places: PracticePlaces = field(init=False, repr=False, compare=False)
    _partner_names: dict = field(init=False, repr=False, compare=False)
    _by_key: dict = field(init=False, repr=False, compare=False)
    _signs: tuple = field(init=False, repr=False, compare=False)
    _by_code: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        indexes = {
            "_practice_names": PracticeNames(self.practices),
            "_practice_places": PracticePlaces(self.practices),
            "_partner_names": {
                match_form(alias): partner for partner in self.partners for alias in (partner.name, *partner.aliases)
            },
            "_by_key": {
                kind: {record.key: record for record in records}
                for kind, records in (("topic", self.topics), ("service", self.services), ("partner", self.partners))
            },
            "_signs": tuple((t, tuple(f" {match_form(sign)} " for sign in t.signs)) for t in self.topics if t.signs),
            "_by_code": {practice.code: practice for practice in self.practices},
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
        for practice in self.practices:
            if practice.merged_into and practice.merged_into not in self._by_code:
                raise FactsError("practices.yml", practice.code, "merged_into", f"no practice {practice.merged_into!r}")
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

    def practices_at(self, place: str) -> tuple[str | None, list[Practice]]:
        """The street or building a resident names ("Holloway Road", "28 Laycock Street", "Finsbury Health Centre")
        and the practices there: the open ones, or a closed one when it is all there is."""
        found_place, practices = self._practice_places.find(place)
        running = [p for p in practices if p.is_open]
        return found_place, running or practices[:1]

    def place_names(self) -> list[str]:
        """Every street and building in the practices' addresses, normalised, for the entity patterns."""
        return self._practice_places.names()

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

    def merged_into(self, practice: Practice) -> Practice | None:
        """The open practice a closed one merged into ("Dr Hans" -> The Junction Medical Practice), if it is open."""
        merged = self._by_code.get(practice.merged_into) if practice.merged_into else None
        return merged if merged and merged.is_open else None

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
            match_form(name), list(self._partner_names), scorer=fuzz.WRatio, score_cutoff=MATCH_CUTOFF
        )
        return self._partner_names[best[0]] if best else None

    def topic(self, key: str) -> Topic | None:
        return self._by_key["topic"].get(key)

    def topics_signed(self, text: str) -> list[Topic]:
        """The topics whose signs a message names ("earache since yesterday" -> Pharmacy First), in file order."""
        words = f" {match_form(text)} "
        return [topic for topic, signs in self._signs if any(sign in words for sign in signs)]

    def service(self, key: str) -> Service:
        return self._by_key["service"][key]

    def partner(self, key: str) -> Partner:
        return self._by_key["partner"][key]


def _street_line(practice: Practice) -> str | None:
    """The address line with the building number ("244 Tufnell Park Road"), which a first line naming the
    practice or the health centre doesn't change."""
    numbered = [match_form(line) for line in practice.address if re.search(r"\d", line)]
    return numbered[0] if numbered else None


@lru_cache(maxsize=4)
def load_facts(data_dir: Path = DATA_DIR) -> Facts:
    """The facts, loaded and validated once per process (and per data folder)."""
    records = load_records(data_dir)
    return Facts(**records)
