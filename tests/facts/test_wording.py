"""Reading residents' wording (facts/wording.py) and finding practices by street or building (facts/places.py)."""

import pytest

from facts import load_facts
from facts.places import street_in_question
from facts.wording import chosen_index, details_asked, is_follow_up, name_in_focus


@pytest.mark.parametrize(
    "question, details",
    [
        ("what's the phone number and address for X?", ("phone", "address")),
        ("postcode and number for X", ("phone", "address")),
        ("is X still open and what's their number", ("status", "phone")),
        ("where is X", ("address",)),
        ("tell me about X", ()),
        ("what's X called now", ()),  # "called" is not "call"
    ],
)
def test_the_details_a_question_asks_for_are_read_from_its_words(question, details):
    assert details_asked(question) == details


@pytest.mark.parametrize(
    "text, follow_up",
    [
        ("and for the Junction?", True),
        ("what about archway", True),
        ("Bowry's as well?", True),
        ("the junction too", True),
        ("the junction", False),
        ("too far to walk, is there one nearer", False),
    ],
)
def test_and_for_x_is_a_follow_up(text, follow_up):
    assert is_follow_up(text) is follow_up


@pytest.mark.parametrize(
    "text, index",
    [("the first one", 0), ("phone for the 2nd one", 1), ("the last one", 2), ("the fifth", None), ("that one", None)],
)
def test_the_one_chosen_from_a_list_of_three(text, index):
    assert chosen_index(text, 3) == index


@pytest.mark.parametrize(
    "text, names, meant",
    [
        (
            "we just moved near Archway, what's the number for the Junction?",
            ["Archway", "the Junction"],
            "the Junction",
        ),
        ("near Archway. Is Sobell still open?", ["Archway", "Sobell"], "Sobell"),
        ("what's the number for Archway? we moved from near the Junction", ["Archway", "the Junction"], "Archway"),
        ("archway", ["archway"], "archway"),
    ],
)
def test_the_practice_the_question_is_about_outranks_context(text, names, meant):
    spans = [(text.index(n), text.index(n) + len(n), n) for n in names]
    assert name_in_focus(text, spans) == meant


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("hanleyprimarycare", "Hanley Primary Care Centre"),
        ("juntionmedical", "The Junction Medical Practice"),
        ("mit chison road", "The Mitchison Road Surgery"),
        ("arch way", "Archway Medical Centre"),
        ("stjohnsway", "St Johns Way Medical Centre"),
    ],
)
def test_a_name_run_together_or_split_finds_the_practice(typed, expected):
    assert [p.name for p in load_facts().find_practices(typed)] == [expected]


@pytest.mark.parametrize("typed", ["medicalcentre", "healthcentre", "the week end", "good night", "holloway road"])
def test_ordinary_words_run_together_or_split_find_no_practice(typed):
    assert load_facts().find_practices(typed) == []


@pytest.mark.parametrize(
    "place, expected",
    [
        ("Holloway Road", ["Archway Medical Centre", "Sobell Medical Centre", "The Medical Centre"]),
        ("holoway rd", ["Archway Medical Centre", "Sobell Medical Centre", "The Medical Centre"]),
        ("272 Holloway Road", ["Sobell Medical Centre"]),
        ("28 Laycock Street", ["Islington Central Medical Centre", "Roman Way Medical Centre"]),
        ("Hornsey Rise Health Centre", ["The Beaumont Practice", "The Rise Group Practice"]),
        ("Bingfield Primary Care Centre", ["Barnsbury Medical Practice"]),  # Dr Flinders there closed
        ("Dartmouth Park Hill", ["Dr Hans"]),  # closed, but the only practice there
        ("Upper Street", []),
    ],
)
def test_practices_are_found_by_street_or_building(place, expected):
    _, practices = load_facts().practices_at(place)
    assert [p.name for p in practices] == expected


@pytest.mark.parametrize(
    "text, street",
    [
        ("which surgery is on Upper Street?", "Upper Street"),
        ("gps near liverpool rd", "liverpool rd"),
        ("is it open at the weekend", None),
        ("i live near the park", None),
    ],
)
def test_a_street_named_in_a_question_is_read_even_when_no_practice_is_on_it(text, street):
    assert street_in_question(text) == street
