"""Reads a resident's wording: names in a normal form, and what a question asks beyond its intent (which details,
which practice of several named, which of a list)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words that say "a GP practice" rather than which one; a resident's "Miller surgery" is The Miller Practice. "My
# family doctor" is anyone's GP, not the closed practice whose address begins "The Family Practice".
GENERIC_WORDS = frozenset(
    "the a my dr drs doctor doctors doctor's gp gps medical centre practice surgery group health "
    "primary care clinic family".split()
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
# "…number for Zebra Clinic?": the words after the last "for/of/at/about/called" may name a practice.
NAMED_AFTER = re.compile(r"\b(?:for|of|at|about|called|named)\s+([^?.!]+)[?.!]*\s*$", re.IGNORECASE)
NOT_NAMES = frozenset(
    "them they their theirs it its this that one me my our your here there please weekend weekends "
    "night nights moment now today tomorrow christmas".split()
)


def match_form(text: str) -> str:
    """The form names and words are matched in: lower case, no punctuation, one spelling for each generic word."""
    text = re.sub(r"['’`]", "", text.lower()).replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(SPELLINGS.get(w, w) for w in words)


def core_of(text: str) -> str:
    """The distinctive part of a practice name: "the miller practice" -> "miller"."""
    return " ".join(w for w in match_form(text).split() if w not in GENERIC_WORDS)


def name_in_question(text: str) -> str | None:
    """A practice name the entity patterns didn't know, as the resident wrote it; None if there's none."""
    match = NAMED_AFTER.search(text or "")
    if not match:
        return None
    name = match.group(1).strip()
    # "what about their phone" names a detail, not a practice: the words that ask for details are no name either.
    left = name
    for asks_detail in (ALL_DETAILS, *DETAIL_WORDS.values()):
        left = asks_detail.sub(" ", left)
    words = set(match_form(left).split())
    return name if words - GENERIC_WORDS - NOT_NAMES else None


def says_practice(name: str) -> bool:
    """The words name a kind of practice ("Zebra Clinic", "dr smith"), not just something ("a taxi", "the sat nav")."""
    return bool(set(match_form(name).split()) & (GENERIC_WORDS - {"the", "a", "my"}))


# The details of a practice a question can ask for, in the order a reply gives them.
DETAILS = ("status", "phone", "address")
DETAIL_WORDS = {
    "phone": re.compile(
        r"\b(phone|phne|fone|numbers?|numbr|num|tel|telephone|ring|call|dial|contact no)\b", re.IGNORECASE
    ),
    "address": re.compile(
        r"\b(address|adress|addres|addy|post ?code|where|wheres|whereabouts|location|located|directions|building|"
        r"(what|which) (street|road))\b",
        re.IGNORECASE,
    ),
    # "Open" here is whether it still runs as a practice (ask_practice_status); opening hours are another intent.
    "status": re.compile(
        r"\b(open|opened|closed|closing|close down|shut|shutting|still (running|going|there|operating|a)|gone)\b",
        re.IGNORECASE,
    ),
}
# "Contact details", "full details", "all their info": every detail, whatever else the words name.
ALL_DETAILS = re.compile(r"\b(contact|full|all( of)?( the| their| its)?|every)\s+(details?|info|information)\b", re.I)
FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok|okay|right|thanks|cheers)\b\W*)?(and|what about|how about|what abt|wbu|same for|also|now)\b"
    r"|\b(?:as well|aswell|too)\W*$",  # "Bowry's as well?", "the Junction too?"
    re.IGNORECASE,
)
ORDINALS = {
    "first": 0, "1st": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
    "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5,
}  # fmt: skip
ORDINAL = re.compile(r"\b(" + "|".join([*ORDINALS, "last", "bottom"]) + r")\b(?!\s+(?:time|thing|visit))", re.I)
# "…the number for the Junction?": a name right after these is the one the question is about.
ASKED_ABOUT = re.compile(r"\b(?:for|of|about|called|named|ring|call|phone)\s+(?:the\s+)?$", re.IGNORECASE)
CLAUSE_END = re.compile(r"[.!?;,]+\s+")


def details_asked(text: str) -> tuple[str, ...]:
    """The practice details a question's words ask for: "phone number and address for X" -> ("phone", "address");
    "contact details for X" -> ("details",)."""
    if ALL_DETAILS.search(text or ""):
        return ("details",)
    return tuple(detail for detail in DETAILS if DETAIL_WORDS[detail].search(text or ""))


# "Is it still at N7 6LB?", "is it on Essex Road?": the resident checks the address of the practice just given.
CHECKS_PLACE = re.compile(
    r"^\W*(?:so\s+)?(?:is|it's|its)\s+(?:it\s+|that\s+|this\s+)?(?:still\s+)?(?:on|at|in)\b", re.IGNORECASE
)


def checks_place(text: str) -> bool:
    """ "Is it still at N7 6LB?": a question whether the practice the conversation is about is at a place."""
    return bool(CHECKS_PLACE.search(text or ""))


def is_follow_up(text: str) -> bool:
    """ "And for the Junction?", "what about Archway": the same question again, about another practice."""
    return bool(FOLLOW_UP.search(text or ""))


def chosen_index(text: str, count: int) -> int | None:
    """Which of a list of `count` the resident chose ("the second one", "the last one"); None if none is named."""
    match = ORDINAL.search(text or "")
    if not match:
        return None
    word = match.group(1).lower()
    index = count - 1 if word in ("last", "bottom") else ORDINALS[word]
    return index if index < count else None


def name_in_focus(text: str, spans: Iterable[tuple[int | None, int | None, str]]) -> str | None:
    """Of the practice names found in a message, the one its question is about.

    Residents give context first ("we just moved near Archway, what's the number for the Junction?"): a name right
    after "for/of/about" wins, then the first name in the clause that asks the question, then the first name.
    """
    spans = list(spans)
    if len(spans) <= 1 or any(start is None for start, _, _ in spans):
        return spans[0][2] if spans else None
    asked = [value for start, _, value in spans if ASKED_ABOUT.search(text[:start])]
    if asked:
        return asked[-1]
    clauses = [0, *(m.end() for m in CLAUSE_END.finditer(text))]
    question = next((c for c in reversed(clauses) if "?" in text[c:]), clauses[-1])
    in_question = [value for start, _, value in spans if start >= question]
    return in_question[0] if in_question else spans[0][2]
