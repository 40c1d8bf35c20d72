"""Where each fact comes from and how old it is: every link is a cited source, every line its own date,
old or unconfirmed facts are hedged and listed for editors (issues 12 and 22)."""

import re
from datetime import date
from pathlib import Path

import pytest

from facts import FactsError, load_facts, replies
from tests.facts.conftest import break_file

FACTS = load_facts()


# Provenance (issue 12): every link a resident is given must be one the facts cite as a source.
URL = re.compile(r"https?://[^\s\"')>]+")


def cited_sources() -> str:
    records = [*FACTS.practices, *FACTS.partners, *FACTS.services, *FACTS.topics]
    return " ".join(r.source.lower() for r in records)


def bare(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.lower()).rstrip("/.")


def test_every_url_we_show_is_in_the_facts_sources():
    root = Path(__file__).resolve().parents[2]
    shown = [root / "domain.yml", *sorted((root / "facts").rglob("*.py"))]
    shown += [root / "facts" / "data" / name for name in ("topics.yml", "services.yml", "partners.yml")]
    texts = [path.read_text(encoding="utf-8") for path in shown]
    texts += [replies.topic_reply(FACTS, topic) for topic in FACTS.topics]
    # A fixed reply that cites its own source ("Source: NHS website, … (https://…)") counts as citing it.
    sources = cited_sources() + " ".join(s.lower() for text in texts for s in re.findall(r"Source:[^\"]*", text))
    texts = [re.sub(r"(?m)^\s*source:.*$|Source:[^\"]*", "", text) for text in texts]
    unsourced = {url for text in texts for url in URL.findall(text) if bare(url) not in sources}
    assert not unsourced, f"URLs no fact cites as a source: {sorted(unsourced)}"


def test_each_fact_in_a_combined_answer_shows_its_own_date_never_a_newer_ones():
    reply = replies.topic_reply(FACTS, FACTS.topic("ask_urgent_care"), today=date(2026, 12, 4))
    hours = next(line for line in reply.splitlines() if line.startswith("- Urgent Treatment Centre"))
    # The urgent treatment centre's hours are from 2019: they are dated 2019 on their own line, and hedged.
    assert "8am to 10pm" in hours and "as at 2019; this may have changed, so check before you go" in hours
    assert "2023" not in hours
    accountability = replies.topic_reply(FACTS, FACTS.topic("ask_accountability"))
    # History keeps its own date; this one is hedged only because the merger it reports couldn't be confirmed.
    assert accountability.endswith("as at 1 July 2022; this may have changed, so check before you go.")


# Staleness (issue 22): past its kind's limit a fact is hedged where it is shown, and listed for editors.


def test_a_practice_record_is_hedged_once_it_is_older_than_a_year(facts):
    [archway] = facts.find_practices("Archway Medical Centre")  # as at 25 May 2025
    fresh = replies.practice_reply(archway, "phone", today=date(2026, 5, 25))
    stale = replies.practice_reply(archway, "phone", today=date(2026, 5, 26))
    assert fresh.endswith("as at 25 May 2025.") and "check before you go" not in fresh
    assert stale.endswith("as at 25 May 2025; this may have changed, so check before you go.")


def test_history_is_never_hedged_and_who_runs_a_service_gets_two_years(facts):
    from facts.staleness import is_stale

    assert not is_stale(facts.topic("ask_pioneer"), date(2040, 1, 1))
    nlft = facts.partner("north_london_ft")  # as at 31 July 2025
    assert not is_stale(nlft, date(2027, 7, 28)) and is_stale(nlft, date(2027, 8, 1))


def test_the_editors_list_of_stale_facts_is_oldest_first_and_leaves_fresh_ones_out(facts):
    from facts.staleness import stale_facts, stale_report

    stale = stale_facts(facts, date(2026, 12, 4))
    keys = [f.key for f in stale]
    assert keys[0] == "ask_nhs_choices"  # as at 2018, the oldest fact that isn't history or unconfirmed
    assert keys.index("whittington_utc") < keys.index("gp_hubs") < keys.index("F83004")
    assert "ombudsman" not in keys and "ask_pioneer" not in keys
    assert "| 2019 | 95 | 12 | hours | services.yml | whittington_utc |" in stale_report(facts, date(2026, 12, 4))


# Fact-check rows the high and medium fixes left (docs/factcheck-status.md): what couldn't be confirmed is hedged
# whatever its age or kind, and the editors' list says what to check.


def test_the_icb_merger_nobody_could_confirm_is_hedged_and_listed_for_editors(facts):
    from facts.staleness import stale_report

    today = date(2026, 12, 6)
    for key in ("ask_accountability", "ask_ccg_now"):  # history, and guidance not yet two years old
        reply = replies.topic_reply(facts, facts.topic(key), today)
        assert "I haven't been able to confirm" in reply
        assert reply.endswith("; this may have changed, so check before you go."), key
    row = next(line for line in stale_report(facts, today).splitlines() if "| ask_accountability |" in line)
    assert "| - | history |" in row and "West and North London ICB" in row


def test_a_fact_an_editor_has_confirmed_is_no_longer_hedged(facts):
    from dataclasses import replace

    confirmed = replace(facts.topic("ask_vaccination"), unconfirmed=None)
    assert replies.cite(confirmed, date(2026, 12, 6)).endswith("as at 2025.")
    assert "check before you go" in replies.cite(facts.topic("ask_vaccination"), date(2026, 12, 6))


def test_dates_no_source_gives_are_hedged_and_say_so_to_editors(facts):
    from facts.staleness import stale_facts

    listed = {f.key: f.unconfirmed for f in stale_facts(facts, date(2026, 12, 6))}
    undated = {"whittington_health": "2023", "uclh": "2023", "whittington_ed": "2019", "nhs_111": "2023"}
    for key, year in undated.items():
        assert f"nothing vouches for {year}" in listed[key], key
    assert "a law is passed" in listed["healthwatch_islington"]


def test_choose_well_is_told_as_the_2014_campaign_it_was_not_as_todays_advice(facts):
    reply = replies.topic_reply(facts, facts.topic("ask_choose_well"), date(2026, 12, 6))
    assert reply.startswith("In about 2014 Choose Well was the NHS campaign")
    assert "walk-in or urgent care centre" in reply and "urgent treatment centre" not in reply
    assert reply.endswith("as at 2014.")  # history: dated, never hedged


def test_change4life_is_not_called_an_nhs_campaign_and_its_page_is_hedged(facts):
    reply = replies.topic_reply(facts, facts.topic("ask_change4life"), date(2026, 12, 6))
    assert "NHS's Better Health" not in reply and "brought under the Better Health brand" in reply
    assert reply.endswith("as at 2021; this may have changed, so check before you go.")


def test_source_labels_give_a_page_a_reader_can_open(facts):
    for record in (
        facts.partner("whittington_health"),
        facts.partner("moorfields"),
        facts.partner("health_and_wellbeing_board"),
        facts.service("whittington_ed"),
        facts.service("nhs_111"),
        facts.topic("ask_choose_well"),
        facts.topic("ask_established"),
    ):
        assert "https://" in record.source or "http://" in record.source, record


def test_a_family_doctor_is_anyones_gp_not_the_closed_family_practice(facts):
    for query in ("my family doctor", "family surgery", "family practice"):
        assert facts.find_practices(query) == [], query
    assert [p.name for p in facts.find_practices("The Family Practice")] == [
        "Drs Bowry & Bowry's Practice"
    ]  # its address line


def test_a_closed_practice_asked_by_its_own_name_names_the_one_it_merged_into(facts):
    [hans] = facts.find_practices("Dr Hans")
    reply = replies.practice_reply(hans, "status", today=date(2026, 12, 6), facts=facts)
    assert reply.startswith("Dr Hans closed on 31 January 2018")
    assert "It merged into The Junction Medical Practice, 244 Tufnell Park Road" in reply and "020 7272 9105" in reply
    assert "Care Quality Commission" in reply.splitlines()[-1]


def test_a_merger_into_a_practice_not_on_the_list_is_refused(data_copy):
    break_file(data_copy, "practices.yml", "merged_into: F83674", "merged_into: F89999")
    with pytest.raises(FactsError, match=r"practices\.yml: record 'F83648': field 'merged_into'"):
        load_facts(data_copy)


def test_a_record_without_the_date_it_was_checked_is_refused(data_copy):
    break_file(data_copy, "services.yml", "  checked: '2026-12-06'\n", "")
    with pytest.raises(FactsError, match=r"services\.yml: record 'whittington_ed': field 'checked': missing"):
        load_facts(data_copy)
