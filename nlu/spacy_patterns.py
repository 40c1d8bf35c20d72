"""Entity patterns generated from the facts: every way a resident may write a practice or partner."""

from __future__ import annotations

from facts import Facts
from facts.wording import GENERIC_WORDS, core_of, match_form

SUFFIXES = (
    "practice",
    "practise",
    "surgery",
    "medical centre",
    "medical center",
    "medical practice",
    "health centre",
    "health center",
    "group practice",
    "centre",
    "center",
    "gp",
    "clinic",
    # Residents shorten the generic tail: "partnership pcc", "archway med centre", "new north hc".
    "primary care centre",
    "primary care center",
    "pcc",
    "med centre",
    "med center",
    "medical ctr",
    "mc",
    "health ctr",
    "hc",
)
# Distinctive parts of names that are also everyday words: alone they would match ordinary sentences.
EVERYDAY_WORDS = frozenset(
    "partnership village junction rise northern central city new road street park way "
    "green place grange medical".split()
)
# A postcode district ("N19"), optionally followed by the inward code ("3NU").
POSTCODE_PATTERN = [
    {"TEXT": {"REGEX": r"(?i)^[a-z]{1,2}\d[a-z\d]?$"}},
    {"TEXT": {"REGEX": r"(?i)^\d[a-z]{2}$"}, "OP": "?"},
]


def name_variants(name: str) -> set[str]:
    """ "The Miller Practice" -> {"the miller practice", "miller", "miller surgery", ...}."""
    full, core = match_form(name), core_of(name)
    if not core:  # "The Medical Centre": without "the" it is any medical centre
        return {full}
    # The name without its generic tail: "drs bowry and bowrys practice" -> "drs bowry and bowrys".
    # Residents drop the tail a word at a time, and "the" with it: "rise group" for "The Rise Group Practice".
    words, shorts = full.split(), {core}
    while words[-1] in GENERIC_WORDS:
        words.pop()
        shorts |= {" ".join(words), " ".join(words).removeprefix("the ")}
    variants = {full, full.removeprefix("the "), f"the {core}"} | with_tails(core)
    for short in shorts:  # a name cut short must still be distinctive
        if " " in short or (short not in EVERYDAY_WORDS and len(short) >= 4):
            variants.add(short)
    variants |= surname_variants(core)
    # Residents abbreviate: "ritchie st", "city rd".
    return variants | {v.replace(" street", " st").replace(" road", " rd") for v in variants}


def with_tails(name: str) -> set[str]:
    """The name before each generic tail, with and without "the": "miller surgery", "the miller medical centre"."""
    return {f"{the}{name} {suffix}" for suffix in SUFFIXES for the in ("", "the ")}


def surname_variants(core: str) -> set[str]:
    """A practice named after two doctors, "Drs Bowry & Bowry's Practice", is asked for by one of the names: "the
    bowry practice", "Dr Bowry", "Bowry's" (possessive s dropped). Each name that is distinctive on its own, with
    and without its possessive s, alone, after "dr", "drs" or "the" and before a generic tail."""
    if " and " not in core:
        return set()
    parts = [part for part in core.split(" and ") if " " not in part]
    names = {form for part in parts for form in (part, part.removesuffix("s"))}
    names = {name for name in names if name not in EVERYDAY_WORDS and len(name) >= 4}
    titled = {f"{title}{name}" for name in names for title in ("", "dr ", "drs ", "the ")}
    return titled.union(*(with_tails(name) for name in names))


def entity_patterns(facts: Facts) -> list[dict]:
    """EntityRuler patterns: phrase patterns labelled practice/partner with the record's id, streets, postcodes."""
    patterns = []
    for practice in facts.practices:
        for name in (practice.name, *practice.former_names):
            patterns += [{"label": "practice", "pattern": v, "id": practice.code} for v in sorted(name_variants(name))]
    # Streets and buildings in the addresses ("holloway road", "finsbury health centre"), unless also a practice's
    # name ("killick street"): then the practice pattern finds it, and the street question reads it as a place.
    names = {p["pattern"] for p in patterns}
    for place in facts.place_names():
        forms = {place, place.replace(" street", " st").replace(" road", " rd").replace(" avenue", " ave")}
        patterns += [{"label": "street", "pattern": form} for form in sorted(forms - names)]
    for partner in facts.partners:
        for name in (partner.name, *partner.aliases):
            patterns.append({"label": "partner", "pattern": match_form(name), "id": partner.key})
    patterns.append({"label": "postcode", "pattern": POSTCODE_PATTERN})
    return patterns
