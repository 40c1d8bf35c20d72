"""Finds personal details in a resident's text and replaces them with a placeholder, before anything is kept.

Presidio's pattern recognisers are called directly, without its AnalyzerEngine, so no spaCy model is needed:
the NHS number recogniser (with its modulus-11 check digit) and the phone recogniser (through Google's
libphonenumber, region "GB"). Presidio's email recogniser is not used: it validates the domain with tldextract,
which downloads the public suffix list on first use, and the servers must not reach the network for that. An
email address is found by the plain pattern below instead, which over-matches rather than misses.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache

# What each kind of detail becomes. None contains a digit or "@", so redacting twice changes nothing.
NHS_NUMBER, PHONE, EMAIL, DATE, ADDRESS, NAME = (
    "<NHS number>",
    "<phone>",
    "<email>",
    "<date>",
    "<address>",
    "<name>",
)

EMAIL_PATTERN = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_PATTERNS = [
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),  # 03/04/1985, 3.4.85
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),  # 1985-04-03
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+\d{{2,4}}\b", re.IGNORECASE),  # 3rd April 1985
    re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),  # April 3, 1985
    # A birthday without a year is still a date of birth when it is said to be one.
    re.compile(
        rf"\b(?:born|birthday|date of birth|dob)\b[\s:,]*(?:on|is|in)?\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}",
        re.IGNORECASE,
    ),
]

STREET_WORDS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|way|place|pl|gardens|gdns|grove|square|sq|terrace|crescent|"
    "drive|dr|court|ct|hill|park|row|mews|walk|rise|green|villas|parade|yard|estate|house|buildings|passage"
)
# A house or flat number, up to four words of street name, and a street word: "12a Holloway Road".
ADDRESS_PATTERN = re.compile(
    rf"\b(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:[^\W\d_][\w'\u2019.-]*\s+){{1,4}}(?:{STREET_WORDS})\b",
    re.IGNORECASE,
)

# A full UK postcode: the district ("N1", "N19", "EC1V") is kept, the sector and unit that narrow it to a few
# houses are dropped. The district is all the assistant uses ("practices near N1 2DE" answers for N1).
POSTCODE_PATTERN = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}\b", re.IGNORECASE)

# Phones and Macs type a curly apostrophe ("I’m called"), and some keyboards the modifier letter: all three count.
APOSTROPHE = "['\u2019\u02bc]"
NAME_PATTERN = re.compile(
    rf"\b(my name is|my name{APOSTROPHE}s|my names|i{APOSTROPHE}m called|i am called|im called|call me)\s+"
    rf"((?:[^\W\d_][\w{APOSTROPHE[1:-1]}-]*)(?:\s+[^\W\d_][\w{APOSTROPHE[1:-1]}-]*){{0,2}})",
    re.IGNORECASE,
)
# Words that end a name rather than belong to it: "my name is Ann and I need a GP".
NOT_NAME = {"and", "but", "i", "i'm", "im", "my", "from", "in", "at", "how", "what", "can", "please", "the", "to"}

# Text with none of these can hold no detail the patterns find, so most messages skip the recognisers.
MIGHT_HOLD_DETAILS = re.compile(r"[\d@]|name|called|call me", re.IGNORECASE)
# A phone or NHS number is replaced only with this many digits in it (_standalone), so text with fewer digits in
# all skips Presidio's recognisers, and a process loads Presidio (seconds, with spaCy) only when one is needed.
MIN_NUMBER_DIGITS = 10


_loading = threading.local()


@cache
def recognisers():
    """Presidio's recognisers, built once per process, on first need: importing Presidio imports spaCy.

    What Presidio and spaCy log while they load is made while loading() is true, and privacy/logs.py withholds it:
    redacting it would need the recognisers being loaded.
    """
    _loading.active = True
    try:
        from presidio_analyzer.predefined_recognizers import NhsRecognizer, PhoneRecognizer

        # Region "GB", not "UK": libphonenumber's region codes are ISO 3166. Leniency 0 ("possible") finds numbers
        # in ranges not yet allocated too; storing a resident's real number is worse than hiding a wrong one.
        return NhsRecognizer(), PhoneRecognizer(supported_regions=("GB",), leniency=0)
    finally:
        _loading.active = False


def loading() -> bool:
    """This thread is loading the recognisers."""
    return getattr(_loading, "active", False)


def _standalone(text: str, start: int, end: int) -> bool:
    """A number a person wrote, not digits inside an ID, a hex hash or an address like 0.0.0.0:5055.

    Lenient phone matching finds digits anywhere; a UK number has at least 9 digits after its leading 0.
    """
    before, after = text[start - 1 : start], text[end : end + 1]
    return not (before.isalnum() or after.isalnum()) and digits(text[start:end]) >= MIN_NUMBER_DIGITS


def digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _replace_spans(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    spans = [(start, end) for start, end in spans if _standalone(text, start, end)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text


def _name_replacement(match: re.Match) -> str:
    words = match.group(2).split()
    kept = []
    for word in words:
        if re.sub(APOSTROPHE, "'", word.lower()) in NOT_NAME:
            break
        kept.append(word)
    if not kept:
        return match.group(0)
    rest = match.group(2)[len(" ".join(kept)) :] if match.group(2).startswith(" ".join(kept)) else ""
    return f"{match.group(1)} {NAME}{rest}"


def _replace_numbers(text: str, placeholder: str) -> str:
    """The NHS numbers (or phones) Presidio finds, replaced; Presidio is asked only when the text could hold one."""
    if digits(text) < MIN_NUMBER_DIGITS:
        return text
    recogniser = dict(zip((NHS_NUMBER, PHONE), recognisers(), strict=True))[placeholder]
    found = recogniser.analyze(text, entities=recogniser.supported_entities, nlp_artifacts=None)
    return _replace_spans(text, [(r.start, r.end) for r in found], placeholder)


def redact(text: str) -> str:
    """The text with every personal detail replaced; a postcode keeps its district."""
    if not isinstance(text, str) or not MIGHT_HOLD_DETAILS.search(text):
        return text
    return _redact_details(text)


# The tracker store redacts a whole conversation at each save, so the same strings come back turn after turn.
# Bounded (messages are at most 1,000 characters), and held only in memory, as the live tracker is.
@lru_cache(maxsize=4096)
def _redact_details(text: str) -> str:
    text = EMAIL_PATTERN.sub(EMAIL, text)
    text = _replace_numbers(text, NHS_NUMBER)
    for pattern in DATE_PATTERNS:
        text = pattern.sub(DATE, text)
    text = _replace_numbers(text, PHONE)
    text = ADDRESS_PATTERN.sub(ADDRESS, text)
    text = POSTCODE_PATTERN.sub(lambda m: m.group(1).upper(), text)
    return NAME_PATTERN.sub(_name_replacement, text)
