"""Turns fact records into the sentences residents read, each with its own source and "as at" date.

A fact past its kind's limit (facts/staleness.py) is hedged where it is shown: "as at 2019; this may have changed,
so check before you go". Functions that cite take `today`, so that tests can fix the date.
"""

from __future__ import annotations

import re
from datetime import date

from facts.places import STREET_WORDS
from facts.queries import Facts
from facts.records import Partner, Practice, Service, Topic
from facts.staleness import is_stale

FIND_A_GP = "https://www.nhs.uk/service-search/find-a-gp"


def readable_date(iso: str) -> str:
    """ "2016-12-31" -> "31 December 2016"; "2014" stays "2014"."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return date(*parts).strftime("%-d %B %Y")
    if len(parts) == 2:
        return date(parts[0], parts[1], 1).strftime("%B %Y")
    return iso


def dated(record, today: date | None = None) -> str:
    """ "as at 2019", hedged when the fact is past its kind's limit."""
    text = f"as at {readable_date(record.as_at)}"
    return f"{text}; this may have changed, so check before you go" if is_stale(record, today) else text


def cite(record, today: date | None = None) -> str:
    """The record's own source and date, for the sentence or list item just before it."""
    return f"Source: {record.source}, {dated(record, today)}."


def address_line(practice: Practice) -> str:
    return ", ".join((*practice.address, practice.postcode))


def open_districts(facts: Facts) -> list[str]:
    """The postcode districts with at least one open practice, in reading order: N1, N4, …, N19, EC1R, EC1V."""

    def reading_order(district: str) -> tuple:
        letters, number, rest = re.match(r"([A-Z]+)(\d+)(.*)", district).groups()
        return (letters != "N", letters, int(number), rest)

    return sorted({p.district for p in facts.practices if p.is_open}, key=reading_order)


def practice_reply(
    practice: Practice,
    detail: str = "details",
    former_name: str | None = None,
    today: date | None = None,
    facts: Facts | None = None,
) -> str:
    """One practice's phone, address, status or all three; says which practice a former name now means.

    For a closed practice, given the facts, the resident is also told where its patients can go: the open practices
    in the same building (Facts.open_at_same_address) and the one it merged into (Facts.merged_into), with their
    numbers, rather than only that the door they asked about is shut. Every action passes the facts.
    """
    if former_name and practice.former_name_note and former_name in practice.former_name_note:
        listed_as = f"{practice.former_name_note} "
    else:
        listed_as = f"{former_name} is listed by the NHS as {practice.name}. " if former_name else ""
    return listed_as + _practice_facts(practice, detail, today, facts)


# "Open" in the NHS list means the practice is running, not that its doors are open now: say which.
NOT_OPENING_HOURS = "That doesn't mean it's open right now: I don't know its opening hours."


def _closed(practice: Practice, facts: Facts | None) -> list[str]:
    """A closed practice, and where its patients can go: the open ones in its building and the one it merged into."""
    closed = (
        f"{practice.name} closed on {readable_date(practice.closed_on)}, so you can't register "
        f"or book there. It was at {address_line(practice)}."
    )
    same_address = facts.open_at_same_address(practice) if facts else []
    merged_into = facts.merged_into(practice) if facts else None
    instead = [
        f"{other.name}, at the same address, is still running as a GP practice: phone {other.phone}."
        for other in same_address
    ]
    if merged_into:
        instead.append(
            f"It merged into {merged_into.name}, {address_line(merged_into)}, which is still running as a GP "
            f"practice: phone {merged_into.phone}."
        )
    return [closed, *(instead or ["Ask me for GP practices in your postcode area to find an open one nearby."])]


def _practice_facts(practice: Practice, detail: str, today: date | None, facts: Facts | None) -> str:
    if not practice.is_open:
        return "\n".join([*_closed(practice, facts), cite(practice, today)])
    if "+" in detail:  # several details asked at once ("phone+address"): one sentence with each
        return f"{_several_details(practice, detail.split('+'))}\n{cite(practice, today)}"
    sentences = {
        "phone": f"{practice.name}: phone {practice.phone}.",
        "address": f"{practice.name} is at {address_line(practice)}.",
        "status": (
            f"{practice.name} is still running as a GP practice (the NHS lists it as open). "
            f"{NOT_OPENING_HOURS} Phone {practice.phone}."
        ),
        "details": (
            f"{practice.name} is a GP practice at {address_line(practice)}, listed by the NHS as open. "
            f"Phone {practice.phone}."
        ),
    }
    return f"{sentences[detail]}\n{cite(practice, today)}"


def _several_details(practice: Practice, wanted: list[str]) -> str:
    values = {"phone": practice.phone, "address": address_line(practice)}
    parts = [f"{key} {value}" for key, value in values.items() if key in wanted]
    if "status" not in wanted:
        return f"{practice.name}: {'; '.join(parts)}."
    running = f"{practice.name} is still running as a GP practice (the NHS lists it as open). {NOT_OPENING_HOURS}"
    listed = "; ".join(parts)
    return f"{running} {listed[:1].upper()}{listed[1:]}." if parts else running


def district_heading(district: str) -> str:
    """The first words of a district's list of open practices (the evaluation looks for them in a reply)."""
    return f"Open GP practices in {district} on Islington's list"


def district_reply(
    district: str, practices: list[Practice], districts: list[str] = (), today: date | None = None
) -> str:
    """The open practices in a district; where there are none, the districts that have some (`districts`)."""
    if not practices:
        return (
            f"I don't know of any open GP practice in {district}. Islington's open practices are in "
            f"{', '.join(districts[:-1])} and {districts[-1]}; try one of those, or search the NHS website: "
            f"https://www.nhs.uk"
        )
    return _practice_list(f"{district_heading(district)}:", practices, today)


def place_reply(place: str, practices: list[Practice], today: date | None = None, facts: Facts | None = None) -> str:
    """The practices on a street or in a building; a closed one (listed only when it is the only one) as closed."""
    if len(practices) == 1 and not practices[0].is_open:
        return practice_reply(practices[0], today=today, facts=facts)
    where = "on" if place.split()[-1] in STREET_WORDS else "at"
    return _practice_list(f"GP practices {where} {place.title()} on Islington's list:", practices, today)


def _practice_list(header: str, practices: list[Practice], today: date | None) -> str:
    """The list is of the practices that were Islington CCG's, and postcode districts cross the borough boundary:
    the list says so, so that it doesn't read as every practice near the resident."""
    lines = [f"- {p.name}, {address_line(p)}. Phone {p.phone}." for p in practices]
    # After the list, so that the answer comes first on a small screen, and before the source.
    boundary = f"Practices over the borough boundary aren't on it; to see every practice near you, search {FIND_A_GP}"
    oldest = min(practices, key=lambda p: p.as_at)
    return "\n".join([header, *lines, boundary, cite(oldest, today)])


def no_practice_on_street_reply(street: str) -> str:
    return (
        f"I don't know of a GP practice on {street} on Islington's list. Which postcode area are you in? "
        f'Type it, for example "N7", or choose one below.'
    )


def choose_practice_prompt(name: str) -> str:
    return f'More than one practice matches "{name}". Which one do you mean?'


def no_practice_reply(name: str) -> str:
    return (
        f'I couldn\'t find a practice called "{name}". Check the spelling, try the name on the '
        f'practice\'s sign, or ask me for practices in your postcode area, for example "GP practices in N7". '
        f"You can also search the NHS website: {FIND_A_GP}"
    )


def service_line(service: Service, today: date | None = None) -> str:
    """One service as a list item, dated by its own record: hours from 2019 never borrow a newer record's date."""
    parts = [service.name]
    if service.address:
        parts.append(service.address)
    if service.phone:
        parts.append(f"phone {service.phone}")
    parts.append(service.hours)
    line = "- " + ", ".join(parts) + "."
    line = f"{line} {service.note}" if service.note else line
    return f"{line} ({cite(service, today)})"


def successor_sentence(facts: Facts, partner: Partner) -> str:
    """ "Since 1 November 2024 it has been part of North London NHS Foundation Trust." for a merged organisation."""
    if not partner.successor:
        return ""
    successor = facts.partner(partner.successor)
    return f"Since {readable_date(partner.successor_since)} its services have been run by {successor.name}."


def partner_line(facts: Facts, partner: Partner, today: date | None = None) -> str:
    contact = f" Phone {partner.phone}." if partner.phone else ""
    website = f" Website: {partner.website}" if partner.website else ""
    successor = f" {successor_sentence(facts, partner)}" if partner.successor else ""
    return f"- {partner.name}.{successor}{contact}{website} ({cite(partner, today)})"


def topic_reply(facts: Facts, topic: Topic, today: date | None = None) -> str:
    """The topic's answer, its services and partners each with its own source and date, then the answer's own.

    Each record is dated by itself, so an answer never shows an old fact under a newer fact's date.
    """
    services = [service_line(facts.service(key), today) for key in topic.services]
    partners = [partner_line(facts, facts.partner(key), today) for key in topic.partners]
    return "\n".join([topic.answer, *services, *partners, cite(topic, today)])


def topic_reply_about_practice(facts: Facts, topic: Topic, practice: Practice | None, today: date | None = None) -> str:
    """A topic the resident's own practice can answer, with that practice's number when we know which it is."""
    if practice is None:
        return f"{topic_reply(facts, topic, today)}\nTell me your practice's name and I'll give you its phone number."
    return f"{topic_reply(facts, topic, today)}\n{practice_reply(practice, 'phone', today=today, facts=facts)}"


def ask_the_practice(practice: Practice, today: date | None = None) -> str:
    """After a refusal in a conversation about a practice: the practice itself can answer, and how to reach it."""
    lead = f"If your question is about {practice.name}, the practice can answer it."
    return f"{lead}\n{practice_reply(practice, 'phone', today=today)}"


def partner_reply(facts: Facts, partner: Partner, today: date | None = None) -> str:
    """A partner's summary; for an organisation that was merged or replaced, the one that runs its services now."""
    contact = "".join(
        f" {label} {value}." for label, value in (("Address:", partner.address), ("Phone:", partner.phone)) if value
    )
    contact += f" Website: {partner.website}" if partner.website else ""
    reply = f"{partner.name}: {partner.summary}{contact}\n{cite(partner, today)}"
    if partner.successor:
        successor = facts.partner(partner.successor)
        reply += f"\n{successor_sentence(facts, partner)}\n{partner_reply(facts, successor, today)}"
    return reply
