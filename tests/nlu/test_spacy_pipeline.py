"""The project's spaCy pipeline, built from the facts: it finds practices, partners and postcodes as residents type."""

import pytest
import spacy

from facts import load_facts
from nlu.builders.spacy_pipeline import build_pipeline
from nlu.spacy_patterns import entity_patterns


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    # Build, save and load it as Rasa does, so the fuzzy component is found through its entry point.
    path = tmp_path_factory.mktemp("spacy") / "islington_nlp"
    build_pipeline().to_disk(path)
    return spacy.load(path)


def entities(nlp, text):
    return [(ent.text, ent.label_, ent.ent_id_) for ent in nlp(text.lower()).ents]


@pytest.mark.parametrize(
    "text, span, code",
    [
        ("phone number for archway medical centre", "archway medical centre", "F83004"),
        ("is the milller practise open", "the milller practise", "F83045"),
        ("where is highbery grange surgery", "highbery grange surgery", "F83660"),
        ("dr haffiz phone", "dr haffiz", "F83033"),
        ("number for ritchie st please", "ritchie st", "F83021"),
        ("partnership pcc phone", "partnership pcc", "F83681"),
        ("where is new north hc", "new north hc", "F83034"),
        ("archway med centre number", "archway med centre", "F83004"),
        # The tail dropped a word at a time, "the" with it.
        ("rise group and beaumont numbers please", "rise group", "F83039"),
        ("goodinge group address", "goodinge group", "F83008"),
    ],
)
def test_practice_names_are_found_with_typos_and_variants(nlp, text, span, code):
    assert (span, "practice", code) in entities(nlp, text)


@pytest.mark.parametrize(
    "text, span, code",
    [
        ("whats the number for hanleyprimarycare", "hanleyprimarycare", "Y01066"),
        ("juntionmedical practice phone", "juntionmedical", "F83674"),
    ],
)
def test_a_practice_name_typed_as_one_word_is_found(nlp, text, span, code):
    assert (span, "practice", code) in entities(nlp, text)


@pytest.mark.parametrize(
    "text", ["is the bowry practice closed", "is dr bowry still open", "bowry's as well?", "drs bowry's phone number"]
)
def test_a_practice_named_after_two_doctors_is_found_by_one_of_the_names(nlp, text):
    assert [(label, code) for _, label, code in entities(nlp, text)] == [("practice", "F83027")]


@pytest.mark.parametrize(
    "text, span",
    [
        ("which surgery is on holloway road?", "holloway road"),
        ("any gp on holoway rd", "holoway rd"),
        ("the GPs in finsbury health centre", "finsbury health centre"),
    ],
)
def test_streets_and_buildings_in_the_addresses_are_found(nlp, text, span):
    assert (span, "street", "") in entities(nlp, text)


@pytest.mark.parametrize("text", ["medicalcentre", "i need an appointment regarding my prescription", "healthcentre"])
def test_ordinary_words_are_not_names(nlp, text):
    assert entities(nlp, text) == []


@pytest.mark.parametrize("text, span", [("gp surgeries in n19", "n19"), ("practices near N1 2DE", "n1 2de")])
def test_postcodes_are_found(nlp, text, span):
    assert (span, "postcode", "") in entities(nlp, text)


def test_partners_are_found(nlp):
    assert ("moorfeilds", "partner", "moorfields") in entities(nlp, "what does moorfeilds do")


@pytest.mark.parametrize(
    "text",
    [
        "what partnerships does the ccg have",
        "how much does the ccg spend",
        "the ccg works in partnership with the council",
        "i have chest pain",
    ],
)
def test_ordinary_words_are_not_taken_for_names(nlp, text):
    assert [e for e in entities(nlp, text) if e[1] == "practice"] == []


def test_patterns_come_from_the_facts():
    patterns = entity_patterns(load_facts())
    ids = {p["id"] for p in patterns if p["label"] == "practice"}
    assert ids == {p.code for p in load_facts().practices}
    assert {"pattern": "the family practice", "label": "practice", "id": "F83027"} in patterns  # a former name


def test_lemmas_are_there_for_the_classifier(nlp):
    assert [t.lemma_ for t in nlp("practices are closing")] == ["practice", "be", "close"]


def test_a_family_doctor_is_not_taken_for_the_closed_family_practice(nlp):
    # Fact-check row 10: "family" alone was a pattern for Drs Bowry & Bowry's Practice (closed 2023).
    assert entities(nlp, "whats my family doctors number") == []
    assert entities(nlp, "is the family practice closed")[0][2] == "F83027"
