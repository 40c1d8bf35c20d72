"""The facts module: queries residents rely on, and the errors an editor of the YAML sees."""

import re
import shutil
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
            "  source: Moorfields Eye Hospital, accident",
            "  sauce: Moorfields Eye Hospital, accident",
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
    root = Path(__file__).resolve().parent.parent
    shown = [root / "domain.yml", *sorted((root / "facts").rglob("*.py"))]
    shown += [root / "facts" / "data" / name for name in ("topics.yml", "services.yml", "partners.yml")]
    texts = [path.read_text(encoding="utf-8") for path in shown]
    texts += [replies.topic_reply(FACTS, topic) for topic in FACTS.topics]
    # A fixed reply that cites its own source ("Source: NHS website, … (https://…)") counts as citing it.
    sources = cited_sources() + " ".join(s.lower() for text in texts for s in re.findall(r"Source:[^\"]*", text))
    texts = [re.sub(r"(?m)^\s*source:.*$|Source:[^\"]*", "", text) for text in texts]
    unsourced = {url for text in texts for url in URL.findall(text) if bare(url) not in sources}
    assert not unsourced, f"URLs no fact cites as a source: {sorted(unsourced)}"


def test_a_topic_answer_is_as_at_its_newest_fact_and_cites_every_record():
    reply = replies.topic_reply(FACTS, FACTS.topic("ask_accountability"))
    assert reply.endswith("as at 1 July 2022.")
    out_of_hours = replies.topic_reply(FACTS, FACTS.topic("ask_out_of_hours"))
    assert "111.nhs.uk" in out_of_hours.splitlines()[-1]


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
PHONE_NUMBER = re.compile(r"\b0\d{2,4}[ \d]{7,10}\b")


@pytest.mark.parametrize("key", NEW_TOPICS)
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
