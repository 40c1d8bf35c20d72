"""The facts module: queries residents rely on, and the errors an editor of the YAML sees."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from facts import FactsError, load_facts, replies
from facts.loader import DATA_DIR


@pytest.fixture(scope="module")
def facts():
    return load_facts()


def names(practices):
    return [p.name for p in practices]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Archway Medical Centre", "Archway Medical Centre"),
        ("Miller", "The Miller Practice"),  # partial name
        ("the miller practise", "The Miller Practice"),  # "practise"
        ("Milller surgery", "The Miller Practice"),  # typo and "surgery"
        ("archway medical center", "Archway Medical Centre"),  # "center"
        ("Archway Medcal Centre", "Archway Medical Centre"),  # typo
        ("Dr Haffiz", "Barnsbury Medical Practice"),  # former name
        ("highbery grange", "Highbury Grange Medical Practice"),
        ("the medical centre", "The Medical Centre"),  # a name made of generic words
    ],
)
def test_a_practice_is_found_by_the_name_a_resident_types(facts, query, expected):
    assert names(facts.find_practices(query)) == [expected]


def test_an_ambiguous_name_returns_every_practice_it_may_mean(facts):
    assert set(names(facts.find_practices("St"))) == {
        "St Johns Way Medical Centre",
        "St Peter's Street Medical Practice",
    }


@pytest.mark.parametrize("query", ["weather", "medical centre", "xyz", "", "   "])
def test_names_of_no_practice_find_nothing(facts, query):
    assert facts.find_practices(query) == []


@pytest.mark.parametrize("postcode", ["N19", "n19", "N19 3NU", "n193nu"])
def test_practices_are_listed_by_district_or_full_postcode(facts, postcode):
    district, practices = facts.practices_in(postcode)
    assert district == "N19"
    assert "Archway Medical Centre" in names(practices)
    assert all(p.district == "N19" and p.is_open for p in practices)


def test_closed_practices_are_never_listed_as_places_to_register(facts):
    _, practices = facts.practices_in("N7")
    assert "Dr Woolf" not in names(practices)  # closed 31 December 2016
    assert "The Village Practice" in names(practices)


def test_a_closed_practice_answers_as_closed_with_its_date(facts):
    [woolf] = facts.find_practices("Dr Woolf")
    answer = replies.practice_reply(woolf, "phone")
    assert "closed on 31 December 2016" in answer and "can't register" in answer
    assert woolf.phone not in answer


def test_an_open_practice_answers_with_phone_and_source(facts):
    [archway] = facts.find_practices("Archway")
    answer = replies.practice_reply(archway, "phone")
    assert "020 7272 0111" in answer
    assert "Source: NHS Organisation Data Service" in answer and "as at 25 May 2025" in answer


@pytest.mark.parametrize(
    "query, key",
    [
        ("Whittington", "whittington_health"),
        ("moorfeilds", "moorfields"),
        ("UCLH", "uclh"),
        ("healthwatch", "healthwatch_islington"),
    ],
)
def test_a_partner_is_found_by_name(facts, query, key):
    assert facts.find_partner(query).key == key


def test_every_topic_answer_cites_its_source(facts):
    for topic in facts.topics:
        assert "Source: " in replies.topic_reply(facts, topic), topic.key


def test_the_ccg_answers_honestly_that_it_no_longer_exists(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_ccg_now"))
    assert "no longer exists" in answer and "1 April 2020" in answer and "1 July 2022" in answer


@pytest.fixture
def data_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def break_file(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "file, old, new, record, field",
    [
        ("practices.yml", "phone: 020 7272 0111", "phone: call us", "F83004", "phone"),
        ("practices.yml", "postcode: N19 3NU", "postcode: nowhere", "F83004", "postcode"),
        ("practices.yml", "  closed_on: '2016-12-31'\n", "", "F83013", "closed_on"),
        ("practices.yml", "  as_at: '2025-05-25'\n", "", "F83002", "as_at"),
        (
            "partners.yml",
            "  source: >-\n    Moorfields Eye Hospital, accident",
            "  sauce: >-\n    Moorfields Eye Hospital, accident",
            "moorfields",
            "sauce",
        ),
        (
            "topics.yml",
            "services: [whittington_ed, uch_ed]",
            "services: [whittington_ed, nowhere_ed]",
            "ask_a_and_e",
            "services",
        ),
    ],
)
def test_a_broken_file_fails_at_load_naming_file_record_and_field(data_copy, file, old, new, record, field):
    break_file(data_copy, file, old, new)
    with pytest.raises(FactsError) as error:
        load_facts(data_copy)
    assert (error.value.file, error.value.record, error.value.field) == (file, record, field)
    assert file in str(error.value) and record in str(error.value) and field in str(error.value)


def test_yaml_that_does_not_parse_names_the_file(data_copy):
    (data_copy / "services.yml").write_text("services: [unclosed\n")
    with pytest.raises(FactsError, match="services.yml"):
        load_facts(data_copy)


@pytest.mark.parametrize(
    "question, name",
    [
        ("phone number for Zebra Clinic?", "Zebra Clinic"),
        ("what's the address of the Fig Tree surgery", "the Fig Tree surgery"),
        ("what's the number for them", None),
        ("whats the number for my gp", None),
        ("what's their phone number?", None),
    ],
)
def test_a_name_the_patterns_dont_know_is_read_from_the_question(question, name):
    from facts.queries import name_in_question

    assert name_in_question(question) == name


def test_a_closed_practice_names_the_open_practice_at_the_same_address_with_its_number(facts):
    [tufnell] = facts.find_practices("Tufnell Park Surgery")
    answer = replies.practice_reply(tufnell, "status", facts=facts)
    assert "Tufnell Park Surgery closed on 30 June 2020" in answer
    assert "The Junction Medical Practice, at the same address, is still running" in answer
    assert "020 7272 9105" in answer
    [woolf] = facts.find_practices("Dr Woolf")
    assert facts.open_at_same_address(woolf) == []  # nobody at 94-96 Holloway Road: no one is invented


def test_the_bingfield_street_surgery_is_answered_with_the_open_practice_at_that_address(facts):
    [found] = facts.find_practices("Bingfield Street Surgery")
    answer = replies.practice_reply(found, "phone", facts.former_name_meant(found, "Bingfield Street Surgery"))
    assert "Barnsbury Medical Practice" in answer and "020 7700 9700" in answer
    assert "Dr Flinders, which closed on 31 May 2016" in answer
    assert "Pulse" not in answer  # a report nobody can find is no source


def test_an_open_practice_is_never_said_to_be_open_now(facts):
    [archway] = facts.find_practices("Archway Medical Centre")
    answer = replies.practice_reply(archway, "status")
    assert "is an open GP practice" not in answer
    assert "doesn't mean it's open right now" in answer and "020 7272 0111" in answer


def test_a_district_list_says_practices_over_the_borough_boundary_are_left_out(facts):
    district, practices = facts.practices_in("N19")
    answer = replies.district_reply(district, practices)
    assert answer.startswith("Open GP practices in N19 on Islington's list:")
    assert "over the borough boundary" in answer and "https://www.nhs.uk/service-search/find-a-gp" in answer


def test_a_complaint_goes_to_the_ombudsman_after_the_final_answer(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_complaint"))
    assert answer.index("final answer") < answer.index("Parliamentary and Health Service Ombudsman")
    assert "0345 015 4033" in answer and "https://www.ombudsman.org.uk" in answer
    assert "unhappy with the answer, contact the commissioner" not in answer


def test_mental_health_services_name_the_trust_that_runs_them_now(facts):
    assert facts.find_partner("mental health services").name == "North London NHS Foundation Trust"
    old = facts.find_partner("Camden and Islington")
    answer = replies.partner_reply(facts, old)
    assert "Since 1 November 2024 its services have been run by North London NHS Foundation Trust." in answer
    assert answer.index("In 2016 it provided") < answer.index("North London NHS Foundation Trust")


def test_a_parent_is_told_where_a_child_with_an_eye_emergency_goes_at_night(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_eye_emergency"))
    assert "In the evenings, overnight and at weekends, children are seen in the main A&E" in answer


def test_the_density_claim_is_history_with_the_census_beside_it(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_population"))
    assert "In about 2014 the CCG said" in answer and "Tower Hamlets" in answer
    assert "check before you go" not in answer  # history is dated, not hedged


def test_the_icb_merger_is_reported_as_planned_not_as_done(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_ccg_now"))
    assert "due to be finalised in April 2026" in answer and "haven't been able to confirm" in answer


def test_a_former_name_is_explained_in_the_answer(facts):
    [barnsbury] = facts.find_practices("Dr Haffiz")
    answer = replies.practice_reply(barnsbury, "phone", facts.former_name_meant(barnsbury, "dr haffiz"))
    assert answer.startswith("Dr Haffiz is listed by the NHS as Barnsbury Medical Practice.")
    assert facts.former_name_meant(barnsbury, "Barnsbury medical practice") is None


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


NEW_TOPICS = (
    "ask_urgent_care",
    "ask_opening_hours",
    "ask_repeat_prescription",
    "ask_vaccination",
    "ask_dentist",
    "ask_pharmacy",
    "ask_hospital_appointment",
    "ask_complaint",
)
# Everyday GP access and the urgent-but-not-emergency routes (issue 21): each names a next step, its source and date.
GP_ACCESS_TOPICS = (
    "ask_test_results",
    "ask_fit_note",
    "ask_records",
    "ask_book_online",
    "ask_interpreter",
    "ask_change_practice",
    "ask_practice_not_answering",
    "ask_pharmacy_first",
    "ask_minor_injury",
    "ask_medicine_run_out",
)
PHONE_NUMBER = re.compile(r"\b0\d{2,4}[ \d]{7,10}\b")


@pytest.mark.parametrize("key", NEW_TOPICS + GP_ACCESS_TOPICS)
def test_each_everyday_topic_routes_somewhere_named_by_a_public_page(facts, key):
    topic = facts.topic(key)
    assert topic is not None and topic.as_at
    assert "https://" in replies.topic_reply(facts, topic), "names no page to go to"


def test_no_topic_answer_writes_a_phone_number_of_its_own(facts):
    # Numbers come only from the records that carry them (practices, services, partners), never typed into answers.
    for topic in facts.topics:
        assert not PHONE_NUMBER.search(topic.answer), topic.key


def test_the_pharmacy_topic_never_lists_gp_practices(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_pharmacy"))
    assert "find-a-pharmacy" in answer
    assert not any(p.name in answer for p in facts.practices)


def test_opening_hours_are_never_made_up(facts):
    answer = replies.topic_reply_about_practice(facts, facts.topic("ask_opening_hours"), None)
    assert "I don't know GP practices' opening hours" in answer
    assert not re.search(r"\b\d{1,2}(am|pm)\b|\bopen from\b", answer)


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
    assert names(facts.find_practices("The Family Practice")) == ["Drs Bowry & Bowry's Practice"]  # its address line


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


# Issue 21: the everyday GP-access answers, as a resident reads them.


@pytest.mark.parametrize("key", GP_ACCESS_TOPICS)
def test_each_gp_access_answer_ends_with_its_source_and_date(facts, key):
    reply = replies.topic_reply(facts, facts.topic(key), today=date(2026, 12, 5))
    last = reply.splitlines()[-1]
    assert last.startswith("Source: ") and ", as at " in last, last


def test_pharmacy_first_names_the_seven_conditions_with_their_ages_and_sends_you_today(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_pharmacy_first"))
    for condition in (
        "sinusitis (aged 12 and over)",
        "sore throat (aged 5 and over)",
        "earache (aged 1 to 17)",
        "infected insect bites (aged 1 and over)",
        "impetigo (aged 1 and over)",
        "shingles (aged 18 and over)",
        "urinary tract infections (UTIs) in women aged 16 to 64",
    ):
        assert condition in answer, condition
    assert "pharmacy today" in answer and "999" in answer
    assert not re.search(r"\b\d+ ?mg\b|\btablets? a day\b", answer), "a dose"


def test_registering_needs_no_proof_of_address_id_or_fixed_address(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_register_gp"))
    assert "Anyone in England can register with a GP practice" in answer
    assert "proof of address, immigration status, ID or an NHS number" in answer
    assert "no fixed address" in answer and "the practice's own address" in answer
    assert "healthwatch.co.uk" in answer


def test_a_minor_injury_is_sent_to_the_urgent_treatment_centre_with_its_hours_and_999_for_serious_ones(facts):
    reply = replies.topic_reply(facts, facts.topic("ask_minor_injury"))
    assert "- Urgent Treatment Centre, Whittington Hospital" in reply and "8am to 10pm" in reply
    assert "call 999 or go to A&E" in reply


def test_a_medicine_run_out_goes_to_a_pharmacy_emergency_supply_or_111_and_then_a_repeat(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_medicine_run_out"))
    assert "emergency supply" in answer and "https://111.nhs.uk" in answer and "repeat prescription" in answer


def test_changing_practice_means_registering_with_the_new_one(facts):
    answer = replies.topic_reply(facts, facts.topic("ask_change_practice"))
    assert answer.startswith("To change GP practice, register with the new one")
    assert "how-to-register-with-a-gp-practice" in answer


def test_what_came_before_the_ccg_is_history_told_with_its_date(facts):
    topic = facts.topic("ask_before_ccg")
    reply = replies.topic_reply(facts, topic, today=date(2026, 12, 5))
    assert topic.kind == "history" and "Islington Primary Care Trust" in reply and "31 March 2013" in reply
    assert reply.endswith("as at 31 March 2013.")  # history is never hedged
