"""The facts module: queries residents rely on, and the errors an editor of the YAML sees."""

import pytest

from facts import FactsError, load_facts, replies
from tests.facts.conftest import break_file


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
        ("what about their phone", None),
        ("how about its postcode?", None),
        ("and what about the contact details", None),
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
