"""Turns fact records into the sentences residents read, each with its source and "as at" date."""

from __future__ import annotations

import re
from datetime import date

from facts.queries import Facts
from facts.records import Partner, Practice, Service, Topic


def readable_date(iso: str) -> str:
    """ "2016-12-31" -> "31 December 2016"; "2014" stays "2014"."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return date(*parts).strftime("%-d %B %Y")
    if len(parts) == 2:
        return date(parts[0], parts[1], 1).strftime("%B %Y")
    return iso


def cite(source: str, as_at: str) -> str:
    return f"Source: {source}, as at {readable_date(as_at)}."


def address_line(practice: Practice) -> str:
    return ", ".join((*practice.address, practice.postcode))


def open_districts(facts: Facts) -> list[str]:
    """The postcode districts with at least one open practice, in reading order: N1, N4, …, N19, EC1R, EC1V."""

    def reading_order(district: str) -> tuple:
        letters, number, rest = re.match(r"([A-Z]+)(\d+)(.*)", district).groups()
        return (letters != "N", letters, int(number), rest)

    return sorted({p.district for p in facts.practices if p.is_open}, key=reading_order)


def practice_reply(practice: Practice, detail: str = "details", former_name: str | None = None) -> str:
    """One practice's phone, address, status or all three; says which practice a former name now means."""
    if former_name and practice.former_name_note:
        listed_as = f"{practice.former_name_note} "
    else:
        listed_as = f"{former_name} is listed by the NHS as {practice.name}. " if former_name else ""
    return listed_as + _practice_facts(practice, detail)


def _practice_facts(practice: Practice, detail: str) -> str:
    if not practice.is_open:
        text = (
            f"{practice.name} closed on {readable_date(practice.closed_on)}, so you can't register "
            f"or book there. It was at {address_line(practice)}. Ask me for GP practices in "
            f"your postcode area to find an open one nearby."
        )
        return f"{text}\n{cite(practice.source, practice.as_at)}"
    sentences = {
        "phone": f"{practice.name}: phone {practice.phone}.",
        "address": f"{practice.name} is at {address_line(practice)}.",
        "status": f"{practice.name} is an open GP practice. Phone {practice.phone}.",
        "details": (f"{practice.name} is an open GP practice at {address_line(practice)}. Phone {practice.phone}."),
    }
    return f"{sentences[detail]}\n{cite(practice.source, practice.as_at)}"


def district_reply(district: str, practices: list[Practice], districts: list[str] = ()) -> str:
    """The open practices in a district; where there are none, the districts that have some (`districts`)."""
    if not practices:
        return (
            f"I don't know of any open GP practice in {district}. Islington's open practices are in "
            f"{', '.join(districts[:-1])} and {districts[-1]}; try one of those, or search the NHS website: "
            f"https://www.nhs.uk"
        )
    lines = [f"- {p.name}, {address_line(p)}. Phone {p.phone}." for p in practices]
    return "\n".join([f"Open GP practices in {district}:", *lines, cite(practices[0].source, practices[0].as_at)])


def choose_practice_prompt(name: str) -> str:
    return f'More than one practice matches "{name}". Which one do you mean?'


def no_practice_reply(name: str) -> str:
    return (
        f'I couldn\'t find a practice called "{name}". Check the spelling, try the name on the '
        f'practice\'s sign, or ask me for practices in your postcode area, for example "GP practices in N7". '
        f"You can also search the NHS website: https://www.nhs.uk/service-search/find-a-gp"
    )


def service_line(service: Service) -> str:
    parts = [service.name]
    if service.address:
        parts.append(service.address)
    if service.phone:
        parts.append(f"phone {service.phone}")
    parts.append(service.hours)
    line = "- " + ", ".join(parts) + "."
    return f"{line} {service.note}" if service.note else line


def partner_line(partner: Partner) -> str:
    contact = f" Phone {partner.phone}." if partner.phone else ""
    website = f" Website: {partner.website}" if partner.website else ""
    return f"- {partner.name}.{contact}{website}"


def topic_reply(facts: Facts, topic: Topic) -> str:
    """The topic's answer and its services and partners, citing every record used, as at the newest of them."""
    services = [facts.service(key) for key in topic.services]
    partners = [facts.partner(key) for key in topic.partners]
    records = [topic, *services, *partners]
    sources = list(dict.fromkeys(source.strip() for r in records for source in r.source.split(";")))
    # ISO dates of any precision sort as text: "2014" < "2019-11" < "2022-07-01".
    newest = max(r.as_at for r in records)
    lines = [topic.answer, *map(service_line, services), *map(partner_line, partners), cite("; ".join(sources), newest)]
    return "\n".join(lines)


def topic_reply_about_practice(facts: Facts, topic: Topic, practice: Practice | None) -> str:
    """A topic the resident's own practice can answer, with that practice's number when we know which it is."""
    if practice is None:
        return f"{topic_reply(facts, topic)}\nTell me your practice's name and I'll give you its phone number."
    return f"{topic_reply(facts, topic)}\n{practice_reply(practice, 'phone')}"


def ask_the_practice(practice: Practice) -> str:
    """After a refusal in a conversation about a practice: the practice itself can answer, and how to reach it."""
    lead = f"If your question is about {practice.name}, the practice can answer it."
    return f"{lead}\n{practice_reply(practice, 'phone')}"


def partner_reply(partner: Partner) -> str:
    contact = "".join(
        f" {label} {value}." for label, value in (("Address:", partner.address), ("Phone:", partner.phone)) if value
    )
    contact += f" Website: {partner.website}" if partner.website else ""
    return f"{partner.name}: {partner.summary}{contact}\n{cite(partner.source, partner.as_at)}"
