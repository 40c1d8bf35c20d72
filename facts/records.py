"""Typed, immutable records for the facts the assistant answers from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Practice:
    code: str
    name: str
    address: tuple[str, ...]
    postcode: str
    phone: str
    status: str
    source: str
    as_at: str
    # The date an editor (or `make refresh-facts`) last compared this record with its source.
    checked: str
    former_names: tuple[str, ...] = ()
    closed_on: str | None = None
    # How a former name is known to mean this practice, when the NHS doesn't list it: said instead of
    # "X is listed by the NHS as Y", so that an inference reads as one. It is said only for the former name it
    # mentions; the others get the plain sentence.
    former_name_note: str | None = None
    # A closed practice that merged into another: the other's ODS code, from the source the record names. A question
    # about the closed one names the one its patients went to, with its number.
    merged_into: str | None = None
    # What couldn't be checked against a source when the record was last checked (the ICB merger, a page that may
    # have moved): the reply hedges the fact and `make review` lists it, whatever its age, until an editor checks it
    # and deletes this field.
    unconfirmed: str | None = None
    kind: str = "practice"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def district(self) -> str:
        """The outward code of the postcode: "N19" for "N19 3NU"."""
        return self.postcode.split()[0]


@dataclass(frozen=True)
class Partner:
    key: str
    name: str
    summary: str
    source: str
    as_at: str
    checked: str
    aliases: tuple[str, ...] = ()
    address: str | None = None
    phone: str | None = None
    website: str | None = None
    # An organisation that was merged or replaced: the key of the partner that took its place, and when.
    successor: str | None = None
    successor_since: str | None = None
    unconfirmed: str | None = None  # as Practice.unconfirmed
    kind: str = "organisation"


@dataclass(frozen=True)
class Service:
    key: str
    name: str
    hours: str
    source: str
    as_at: str
    checked: str
    address: str | None = None
    phone: str | None = None
    note: str | None = None
    unconfirmed: str | None = None  # as Practice.unconfirmed
    kind: str = "hours"


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    answer: str
    source: str
    as_at: str
    checked: str
    services: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    unconfirmed: str | None = None  # as Practice.unconfirmed
    # "history" for what was true of the CCG at its date (never stale: told in the past tense, with the date).
    kind: str = "guidance"
    # Words in a resident's message that this topic answers even when the message was read as a request for
    # medical advice or as off-topic ("I've got earache since yesterday" -> Pharmacy First), in normalised form.
    signs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyContact:
    """A number the safety replies give (999, Samaritans, the helplines): checked against its source, dated."""

    key: str
    name: str
    number: str
    use: str  # when the replies give it, in a few words
    source: str
    as_at: str
    checked: str
    hours: str | None = None
    note: str | None = None
    kind: str = "guidance"
