"""Cutting a message into the questions it asks (nlu/clauses.py): sentences and "and how ...", a comma before a
question word, and any comma or joining word, never inside a name."""

import pytest

from nlu.clauses import clauses, comma_parts, joined_parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "How many people live in Islington and how many practices did the CCG have?",
            ["How many people live in Islington", "how many practices did the CCG have?"],
        ),
        ("my back is killing me. postcode for the junction?", ["my back is killing me", "postcode for the junction?"]),
        ("what is a CCG? who ran it; and what happened to it", ["what is a CCG?", "who ran it", "what happened to it"]),
        (
            "how big is the borough, and roughly how many people live here?",
            ["how big is the borough", "how many people live here?"],
        ),
        (
            "hi\n- number for stroud green medical centre\n- where is hanley primary care",
            ["number for stroud green medical centre", "where is hanley primary care"],
        ),
        (
            "ok so 1) is the goodinge still open 2) their phone number",
            ["ok so", "is the goodinge still open", "their phone number"],
        ),
        (
            "when are GP surgeries usually open, as well as is there any way to see a gp at night",
            ["when are GP surgeries usually open", "is there any way to see a gp at night"],
        ),
        # One question about one practice's details, and names with a full stop, stay whole.
        ("whats the phone number and address for Dr. Jones surgery", None),
        ("Is the St. John Way practice open", None),
    ],
)
def test_a_message_is_read_as_the_questions_the_resident_asked(text, expected):
    assert [text[s:e] for s, e in clauses(text)] == (expected or [text])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "i left my meds at home and im staying with my sister in n19, which gps are near her",
            ["i left my meds at home and im staying with my sister in n19", "which gps are near her"],
        ),
        ("i twisted my knee, where do i go?", ["i twisted my knee", "where do i go?"]),
        ("hi, what's the number for archway", []),  # a greeting is no part of its own
        ("my mum is 84, so no computers", []),  # no question word after the comma
    ],
)
def test_a_clause_may_be_two_questions_at_a_comma_before_a_question_word(text, expected):
    assert [text[s:e] for s, e in comma_parts(text, (0, len(text)))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I need a sick note for my boss and also want to see my GP record on the NHS app",
            ["I need a sick note for my boss", "want to see my GP record on the NHS app"],
        ),
        (
            "how do I get a flu jab, sort out a sick note for work, and order my repeat meds online",
            ["how do I get a flu jab", "sort out a sick note for work", "order my repeat meds online"],
        ),
        (
            "my prescription ran out yesterday but also I can't get through to the surgery",
            ["my prescription ran out yesterday", "I can't get through to the surgery"],
        ),
        ("phone and address for the Miller Practice", []),  # "phone" is too short to be a question of its own
        ("budget of the ccg + number of gp practices in it", ["budget of the ccg", "number of gp practices in it"]),
        ("results of my smear test & a fit note for work", ["results of my smear test", "a fit note for work"]),
        (
            "need my blood test results n the junction's phone number",
            ["need my blood test results", "the junction's phone number"],
        ),
        ("gps in N 7 please", []),  # a postcode's "N", not text-speak's "and"
        # Parts, but no questions: the classifier keeps parts apart only when they ask different confident ones.
        ("my mum is 84, so no computers", ["my mum is 84", "so no computers"]),
    ],
)
def test_a_clause_may_be_parts_at_any_comma_or_joining_word(text, expected):
    assert [text[s:e] for s, e in joined_parts(text, (0, len(text)))] == expected


def test_a_name_with_and_in_it_is_never_cut():
    text = "what is the phone number for Drs Bowry & Bowry's Practice in Holloway"
    name = text.index("Drs Bowry & Bowry's Practice")
    assert joined_parts(text, (0, len(text)), [(name, name + len("Drs Bowry & Bowry's Practice"))]) == []
    text = "what's the phone number for Smith and Jones Family Practice please"
    name = text.index("Smith and Jones Family Practice")
    assert joined_parts(text, (0, len(text)), [(name, name + len("Smith and Jones Family Practice"))]) == []
    assert len(joined_parts(text, (0, len(text)))) == 2  # without the name's span, "and" would cut it
