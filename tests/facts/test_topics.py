"""The everyday topics (issue 21): each routes somewhere a public page names, with its source and date."""

import re
from datetime import date

import pytest

from facts import replies

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
