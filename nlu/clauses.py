"""Several questions in one message (issue 21): "How many people live in Islington and how many practices did the CCG
have?" asks two things, and the resident expects an answer to each.

A message is cut into clauses at sentence ends (? ! ; and a full stop before a space), at "and", "also", "plus" or
"&" when a question word follows ("... and how many ..."), and at a comma before a question word, never
inside a name: "phone number and address for X" is one question about one practice, whose details the practice
answer gives together. The intent classifier then reads each clause on its own (LinearIntentClassifier.process), and
the actions answer every confident question the whole message's intent didn't (actions/actions.py).

Written by hand: spaCy's sentence splitters need a parser or a trained senter, which the project's own pipeline
doesn't have (nothing is downloaded), and neither cuts at "and how ...". A few regular expressions do.
"""

from __future__ import annotations

import re

# A sentence ends at ? ! ; a line break, or a full stop followed by a space, but not after a title or "St" ("Dr.
# Jones", "St. John"). A list marker starts one: "1) ... 2) ...", "(a) ... (b) ...", "1st, ... 2nd, ...", "- ...".
SENTENCE_END = re.compile(
    r"[?!;]+\s*|\s*\n\s*(?:[-*•]\s*)?|(?<!\b[Dd]r)(?<!\b[Ss]t)(?<!\b[Mm]rs)(?<!\b[Mm]r)(?<!\b[Nn]o)\.+\s+"
    r"|\s+(?:\(?[1-9a-e]\)|[1-9](?:st|nd|rd|th)\b,?)\s*"
)
QUESTION_WORDS = (
    r"what|whats|what's|wat|wats|wot|how|when|where|wheres|where's|who|whos|who's|which|why|is|are|was|were|do|does|"
    r"did|can|could|will|would|should|tell|give|send|list"
)
# Words residents put between the joining word and the question: "..., and roughly how many people live here?".
FILLERS = r"roughly|approximately|about|exactly|actually|just|so|please|anyway|lastly|finally"
# "... and how many ...", "..., also what ...", "... + is ...", "... n where is ...", "... and if not what ..." (the
# joining words are left out of both clauses).
JOINED_QUESTION = re.compile(
    rf"\s*(?:,\s*)?(?:\b(?:and|also|plus|as well as|n)\b|[&+])\s+(?:also\s+|if\s+(?:not|so)\s*,?\s*|then\s+)?"
    rf"(?:(?:{FILLERS})\s+)?(?=(?:{QUESTION_WORDS})\b)",
    re.I,
)
# "...staying with my sister in N19, which GPs are near her", "how was it governed, did it have a constitution": a
# comma before a question word. The classifier keeps the parts apart only when they ask different questions.
COMMA_QUESTION = re.compile(rf",\s*(?=(?:{QUESTION_WORDS})\b)", re.I)
# "... the nhs app and also get my test results", "sick note for work but ALSO i ran out of ...", "set up online
# appts, order repeat prescriptions thru the app, and see my records", "budget + number of practices": any comma or
# joining word, where no question word follows. Weaker than the cuts above, so these parts need more words and are
# kept apart, like the comma's, only when they ask different confident questions. Two words make a part since 7 Dec
# ("ccg budget, governing body and constitution", "online booking and test results"): three left all but the first
# unanswered, and the confident-question test keeps the fragments ("a rash, high temp") together.
# Text-speak's "n" for "and" joins too ("my blood test results n the junction's number"), but not a postcode's
# "N 7".
JOINED_PART = re.compile(
    r"\s*,\s*(?:and\s+|but\s+)?(?:also\s+)?|\s+(?:and|but|plus|n(?!\s+\d))\s+(?:also\s+)?|\s+also\s+"
    r"|\s*[+&]\s*(?:also\s+)?",
    re.I,
)
MIN_PART_WORDS = 2
LEADING_JOIN = re.compile(r"\s*(?:and|also|plus|as well as(?: that)?|[&+])\s+", re.I)
MIN_WORDS = 2  # "and?" or "thanks." is not a question of its own


def clauses(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the message's clauses, in order; one span for a single question."""
    spans, start = [], 0
    for cut in sorted(
        [(m.start(), m.end()) for m in SENTENCE_END.finditer(text)]
        + [(m.start(), m.end()) for m in JOINED_QUESTION.finditer(text)]
    ):
        if cut[0] < start:  # overlaps the cut before it ("...; and what ...")
            start = max(start, cut[1])
            continue
        spans.append((start, cut[1] if text[cut[0]] in "?!" else cut[0]))  # a question keeps its "?"
        start = cut[1]
    spans.append((start, len(text)))
    return [(s, e) for s, e in (_trimmed(text, s, e) for s, e in spans) if len(text[s:e].split()) >= MIN_WORDS]


def comma_parts(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A clause's parts at a comma before a question word ("... in N19, which GPs are near her"), or [] if none.
    The classifier keeps them apart only when each asks its own question: "I twisted my knee, where do I go?" is one
    question, whose first part is its context."""
    parts = _cut(text, span, [(m.start(), m.end()) for m in COMMA_QUESTION.finditer(text, *span)])
    return parts if all(len(text[a:b].split()) >= MIN_WORDS for a, b in parts) else []


def joined_parts(text: str, span: tuple[int, int], names: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """A clause's parts at any comma or joining word (JOINED_PART), never inside a name in `names` ("Drs Bowry &
    Bowry's Practice"), or [] if fewer than two parts of at least MIN_PART_WORDS words."""
    cuts = [
        (m.start(), m.end())
        for m in JOINED_PART.finditer(text, *span)
        if not any(a < m.end() and m.start() < b for a, b in names)
    ]
    parts = [(a, b) for a, b in _cut(text, span, cuts) if len(text[a:b].split()) >= MIN_PART_WORDS]
    return parts if len(parts) >= 2 else []


def parts(text: str) -> list[str]:
    """Every part of the message: its clauses, each cut at its commas and joining words where both sides have
    MIN_PART_WORDS words. The risk assessor looks for the part that carries a danger (nlu/risk_assessor.py)."""
    return [text[a:b] for span in clauses(text) for a, b in (joined_parts(text, span) or [span])]


def _cut(text: str, span: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The span's trimmed parts between the (start, end) cuts, in order; [] when there are no cuts."""
    if not cuts:
        return []
    bounds = [span[0], *(c for cut in cuts for c in cut), span[1]]
    return [_trimmed(text, a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Without the spaces around it or a joining word it starts with ("and the number for ...")."""
    joining = LEADING_JOIN.match(text, start, end)
    if joining:
        start = joining.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
