"""Streets and buildings read from the practices' addresses, so that "the surgery on Holloway Road" finds them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from facts.records import Practice
from facts.wording import match_form

# The last word of an address part that names a street; other parts name a building or a town.
STREET_WORDS = frozenset(
    "street road way avenue close lane lanes place hill rise park grange grove square terrace gardens crescent "
    "row walk green".split()
)
BUILDING_WORDS = frozenset("centre practice surgery studios house".split())
# Parts that say where in general, or which door: never a place a resident names to find a practice.
NOT_PLACES = frozenset({"london", "islington", "highbury", "the surgery", "the studios"})
ABBREVIATIONS = {"rd": "road", "ave": "avenue", "ln": "lane", "cl": "close", "pl": "place"}
# A building number: "652", "94-96", "16/18", "2a", "16 1/2", "1-3".
NUMBER = re.compile(r"^(\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)*(?:\s+1/2)?)\s+")
PLACE_CUTOFF = 88  # edit similarity for a misspelt street ("holoway road"); a different street scores lower
# "…on Upper Street", "…at 12 Liverpool Road": a street no practice is on, named in the question.
STREET_IN_TEXT = re.compile(
    r"\b(?:on|in|at|near|off|along|by)\s+(?!(?:the|my|a|your|our|this|that)\b)((?:\d+[a-z]?\s+)?(?:[a-z']+\s+){0,3}?(?:"
    + "|".join(sorted(STREET_WORDS | {"st", "rd", "ave"}))
    + r"))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A street or building in a practice's address, in normalised form, with the building's number if any."""

    form: str
    number: str | None
    practice: Practice


def place_form(text: str) -> tuple[str, str | None]:
    """ "652 Holloway Rd" -> ("holloway road", "652"); "St Johns Way" keeps its "st" (a saint, not a street)."""
    text = re.sub(r"(?<=\d)\s*([-/])\s*(?=\d)", r"\1", text.lower())  # "94 - 96" -> "94-96"
    match = NUMBER.match(text.strip())
    number = match.group(1).replace(" ", "") if match else None
    words = match_form(text[match.end() :] if match else text).split()
    words = [ABBREVIATIONS.get(w, w) for w in words]
    if len(words) > 1 and words[-1] == "st":
        words[-1] = "street"
    return " ".join(words), number


def places_of(practice: Practice) -> list[Place]:
    """The streets and buildings in a practice's address: "Goodinge Close, 20 North Road" gives two."""
    places = []
    for line in practice.address:
        for part in line.split(","):
            form, number = place_form(part)
            words = form.split()
            if not words or form in NOT_PLACES or words[0] == "unit":
                continue
            # "City House" is a building without a building word; a single other word is a town.
            if words[-1] in STREET_WORDS | BUILDING_WORDS or len(words) >= 2:
                places.append(Place(form, number, practice))
    return places


def street_in_question(text: str) -> str | None:
    """A street named in the question ("which surgery is on Upper Street?"), as written; None if there's none."""
    match = STREET_IN_TEXT.search(text or "")
    return match.group(1).strip() if match else None


class PracticePlaces:
    """Every street and building in the practices' addresses, built once; finds the practices at one, with typos."""

    def __init__(self, practices: tuple[Practice, ...]):
        self.places: dict[str, list[Place]] = {}
        for practice in practices:
            for place in places_of(practice):
                self.places.setdefault(place.form, []).append(place)

    def names(self) -> list[str]:
        """The places' normalised names, for the entity patterns."""
        return sorted(self.places)

    def find(self, text: str) -> tuple[str | None, list[Practice]]:
        """The place a resident names and every practice there (open and closed), in name order.

        A building number narrows a street to the practices at that number ("28 Laycock Street"), when any is.
        """
        form, number = place_form(text)
        if len(form) < 4:
            return None, []
        best = process.extractOne(form, list(self.places), scorer=fuzz.ratio, score_cutoff=PLACE_CUTOFF)
        if not best:
            return None, []
        places = self.places[best[0]]
        numbered = [p for p in places if number and p.number == number]
        chosen = numbered or places
        practices = {p.practice.code: p.practice for p in chosen}
        return best[0], sorted(practices.values(), key=lambda p: p.name)
