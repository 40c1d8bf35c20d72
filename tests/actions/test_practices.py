"""The practice actions (actions/practices.py) on residents' own wordings: several details at once, streets and
buildings, follow-ups, and the practice the question names. A real Tracker and a CollectingDispatcher."""

import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerTopic
from actions.other_questions import answers_to_other_questions
from actions.practices import ActionFindPractice, ActionReadPracticeReply

ARCHWAY, JUNCTION, SOBELL = "020 7272 0111", "020 7272 9105", "020 7609 3050"


def tracker(text: str, intent: str, entities=(), slots=None) -> Tracker:
    """A message as the NLU gives it: entities are (label, words) and carry where in the text they are."""
    found = []
    for label, words in entities:
        start = text.lower().index(words.lower())
        found.append({"entity": label, "value": words, "start": start, "end": start + len(words)})
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": found}
    return Tracker("resident", slots or {}, message, [], False, None, {}, "action_listen")


def ask(text, intent, entities=(), slots=None):
    dispatcher = CollectingDispatcher()
    events = ActionFindPractice().run(dispatcher, tracker(text, intent, entities, slots), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def first_text(messages) -> str:
    return messages[0].get("text") or ""


def reply_to(action, message: Tracker, questions: list[dict]) -> str:
    """Everything the action says to a message whose clauses the NLU read as `questions`."""
    message.latest_message["questions"] = questions
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, message, {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize(
    "text, intent, name, expected",
    [
        ("what's the phone number and address for the junction?", "ask_practice_phone", "the junction",
         [JUNCTION, "244 Tufnell Park Road"]),
        ("postcode and number for archway", "ask_practice_address", "archway", [ARCHWAY, "N19 3NU"]),
        ("is sobell still open and what's their number", "ask_practice_status", "sobell",
         ["still running as a GP practice", SOBELL]),
        ("is archway still going? where is it and can i ring them", "ask_practice_status", "archway",
         ["still running", ARCHWAY, "652 Holloway Road"]),
    ],
)  # fmt: skip
def test_several_details_of_one_practice_come_in_one_reply(text, intent, name, expected):
    messages, slots = ask(text, intent, [("practice", name)])
    for phrase in expected:
        assert phrase in first_text(messages), f"{phrase!r} missing from {first_text(messages)!r}"
    assert "Source:" in first_text(messages) and messages[-1]["response"] == "utter_ask_feedback"
    assert "+" in slots["last_detail"]


def test_a_street_lists_every_open_practice_on_it_with_their_phones():
    messages, slots = ask("which surgery is on holloway road?", "ask_practices_in_area", [("street", "holloway road")])
    text = first_text(messages)
    assert text.startswith("GP practices on Holloway Road")
    for name, phone in (
        ("Archway Medical Centre", ARCHWAY),
        ("Sobell Medical Centre", SOBELL),
        ("The Medical Centre", ""),
    ):
        assert name in text and phone in text
    assert "Dr Woolf" not in text  # closed, and not the only practice there
    assert slots["shortlist"] == ["Archway Medical Centre", "Sobell Medical Centre", "The Medical Centre"]


def test_the_practices_at_a_number_on_a_street_are_the_ones_at_that_number():
    messages, _ = ask("the two practices at 28 laycock street", "ask_practices_in_area", [("street", "laycock street")])
    text = first_text(messages)
    assert "Roman Way Medical Centre" in text and "Islington Central Medical Centre" in text


def test_a_health_centre_lists_the_practices_in_it():
    messages, _ = ask(
        "the GPs in finsbury health centre", "ask_practices_in_area", [("street", "finsbury health centre")]
    )
    assert "Clerkenwell Medical Practice" in first_text(messages) and "Dr Segarajasinghe" in first_text(messages)


def test_a_street_whose_only_practice_closed_says_it_closed():
    messages, _ = ask("surgery on dartmouth park hill", "ask_practices_in_area", [("street", "dartmouth park hill")])
    assert first_text(messages).startswith("Dr Hans closed on")


def test_a_street_named_as_a_practice_is_read_as_the_street():
    messages, _ = ask("which surgery is on killick street", "ask_practices_in_area", [("practice", "killick street")])
    assert "Killick Street Health Centre" in first_text(messages) and "75 Killick Street" in first_text(messages)


def test_a_street_no_practice_is_on_asks_for_the_district_with_buttons():
    messages, slots = ask("which surgery is on Upper Street?", "ask_practices_in_area")
    assert first_text(messages).startswith("I don't know of a GP practice on Upper Street")
    assert messages[0]["buttons"][0]["payload"].startswith("/ask_practices_in_area")
    assert all(m.get("response") != "utter_ask_feedback" for m in messages)


def test_the_phone_of_the_only_practice_on_a_street_is_its_phone():
    messages, _ = ask("phone number for the surgery on essex road", "ask_practice_phone", [("street", "essex road")])
    assert first_text(messages).startswith("River Place Health Centre: phone 020 7704 2832")


def test_and_for_another_practice_after_a_phone_gives_its_phone():
    slots = {"practice": "Archway Medical Centre", "last_detail": "phone"}
    for intent in ("inform", "ask_practice_address", "ask_practice_details"):
        messages, _ = ask("and for the junction?", intent, [("practice", "the junction")], slots)
        assert first_text(messages).startswith(f"The Junction Medical Practice: phone {JUNCTION}"), intent


def test_and_their_address_after_a_phone_gives_the_same_practices_address():
    messages, _ = ask("and their address?", "ask_practice_address", slots={"practice": "Archway Medical Centre"})
    assert first_text(messages).startswith("Archway Medical Centre is at 652 Holloway Road")


@pytest.mark.parametrize(
    "text, intent, expected",
    [("phone for the first one", "ask_practice_phone", ARCHWAY), ("the second one", "inform", SOBELL)],
)
def test_the_one_chosen_from_a_list_is_answered(text, intent, expected):
    listed = ["Archway Medical Centre", "Sobell Medical Centre", "The Medical Centre"]
    messages, _ = ask(text, intent, slots={"shortlist": listed, "last_detail": "phone"})
    assert expected in first_text(messages)


def test_their_number_after_a_list_of_several_offers_those_practices():
    listed = ["Archway Medical Centre", "Sobell Medical Centre", "The Medical Centre"]
    messages, slots = ask("phone for that one", "ask_practice_phone", slots={"shortlist": listed})
    assert messages[0]["response"] == "utter_ask_which_listed"
    assert [b["title"] for b in messages[0]["buttons"]] == listed
    assert slots["practice_detail"] == "phone"


def test_their_number_after_a_list_of_one_is_that_practices_number():
    _, slots = ask("practices on essex road", "ask_practices_in_area", [("street", "essex road")])
    assert slots["practice"] == "River Place Health Centre"
    messages, _ = ask("their number", "ask_practice_phone", slots=slots)
    assert first_text(messages).startswith("River Place Health Centre: phone")


@pytest.mark.parametrize("typed", ["hanleyprimarycare", "hanley primarycare", "han ley primary care"])
def test_a_name_run_together_or_split_is_found(typed):
    messages, _ = ask(f"whats the number for {typed}", "ask_practice_phone")
    assert first_text(messages).startswith("Hanley Primary Care Centre: phone")


def test_the_practice_named_in_the_question_outranks_one_in_the_context_before_it():
    text = "we just moved near Archway, what's the number for the Junction Medical Practice?"
    messages, _ = ask(
        text, "ask_practice_phone", [("practice", "Archway"), ("practice", "the Junction Medical Practice")]
    )
    assert first_text(messages).startswith(f"The Junction Medical Practice: phone {JUNCTION}")


def test_a_pain_idiom_before_the_question_does_not_change_the_answer():
    text = "my back is killing me. postcode for the miller practice?"
    messages, _ = ask(text, "ask_practice_address", [("practice", "the miller practice")])
    assert re.match(r"The Miller Practice is at .*N5 2ET", first_text(messages))


def test_the_menus_phone_button_after_a_list_asks_for_any_practice_not_one_of_the_list():
    listed = ["Archway Medical Centre", "Sobell Medical Centre"]
    messages, _ = ask("/ask_practice_phone", "ask_practice_phone", slots={"shortlist": listed})
    assert messages[0]["response"] == "utter_ask_which_practice"


def test_the_one_chosen_is_answered_even_when_the_nlu_could_not_place_the_reply():
    listed = ["Archway Medical Centre", "Sobell Medical Centre", "The Medical Centre"]
    dispatcher = CollectingDispatcher()
    slots = {"shortlist": listed, "practice_detail": "phone"}
    ActionReadPracticeReply().run(dispatcher, tracker("the second one", "out_of_scope", slots=slots), {})
    assert first_text(dispatcher.messages).startswith(f"Sobell Medical Centre: phone {SOBELL}")


@pytest.mark.parametrize(
    "text, intent",
    [
        ("rise group practice contact details", "ask_practice_phone"),
        ("Could I have the full details for the Rise Group Practice please", "ask_practice_address"),
    ],
)
def test_contact_details_give_the_phone_and_the_address(text, intent):
    messages, _ = ask(text, intent, [("practice", "rise group practice")])
    assert "020 7530 2484" in first_text(messages) and "Hornsey Rise" in first_text(messages)


def test_a_building_number_on_a_long_street_answers_the_practice_at_that_number():
    messages, _ = ask(
        "what's the phone for the medical centre at 140 holloway road",
        "ask_practice_phone",
        [("street", "holloway road")],
    )
    assert first_text(messages).startswith("The Medical Centre: phone 020 7607 8259")


def test_a_practice_named_with_its_street_is_answered_not_the_streets_list():
    messages, _ = ask("bowry practice holloway road phone", "ask_practice_phone", [("street", "holloway road")])
    assert "Drs Bowry & Bowry's Practice closed on" in first_text(messages)
    assert not first_text(messages).startswith("GP practices on Holloway Road")


def test_words_before_a_street_that_name_no_practice_there_still_list_the_street():
    messages, _ = ask("which practices are on holloway road", "ask_practices_in_area", [("street", "holloway road")])
    assert first_text(messages).startswith("GP practices on Holloway Road")


def test_ok_what_about_another_practice_asks_it_the_same_detail():
    messages, _ = ask(
        "ok what about sobell", "inform", [("practice", "sobell")], slots={"last_detail": "phone", "practice": "x"}
    )
    assert first_text(messages).startswith(f"Sobell Medical Centre: phone {SOBELL}")


@pytest.mark.parametrize(
    "follow_up, second_intent",
    [
        ("what about the Miller Practice", "ask_practice_details"),
        ("the Miller Practice as well?", "ask_practice_phone"),
    ],
)
def test_another_practice_after_a_status_question_gets_its_status_once(follow_up, second_intent):
    text = f"Is the Highbury Grange practice still open? {follow_up}"
    second = text.index(follow_up)
    message = tracker(text, "ask_practice_status", [("practice", "Highbury Grange"), ("practice", "Miller Practice")])
    questions = [
        {"intent": "ask_practice_status", "confidence": 0.9, "start": 0, "end": second - 1},
        {"intent": second_intent, "confidence": 0.5, "start": second, "end": len(text)},
    ]
    said = reply_to(ActionFindPractice(), message, questions)
    assert said.count("The Miller Practice") == 1, said
    assert "The Miller Practice is still running as a GP practice" in said, said


def test_the_practice_a_follow_up_clause_points_back_to_is_answered_too():
    """ "Is X still open? Y as well?" with no clause read on its own: the action answers Y, the name in the question's
    own clause, and X, which "as well" says was asked."""
    text = "Is the Highbury Grange practice still open? the Miller Practice as well?"
    message = tracker(text, "ask_practice_status", [("practice", "Highbury Grange"), ("practice", "Miller Practice")])
    dispatcher = CollectingDispatcher()
    ActionFindPractice().run(dispatcher, message, {})
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert "The Miller Practice is still running as a GP practice" in said, said
    assert "Highbury Grange Medical Practice is still running as a GP practice" in said, said


def test_a_name_given_as_context_before_a_question_is_still_not_answered():
    text = "We live near the Miller Practice. What's the number for Highbury Grange?"
    message = tracker(text, "ask_practice_phone", [("practice", "Miller Practice"), ("practice", "Highbury Grange")])
    dispatcher = CollectingDispatcher()
    ActionFindPractice().run(dispatcher, message, {})
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert "Highbury Grange Medical Practice: phone" in said and "The Miller Practice" not in said, said


@pytest.mark.parametrize(
    "text, postcode, listed",
    [
        ("surgeries in pine street ec1", "ec1", "GP practices on Pine Street"),  # EC1 covers EC1R
        ("gps on holloway road n7", "n7", "Sobell Medical Centre"),
    ],
)
def test_a_street_with_its_district_lists_the_streets_practices_in_that_district(text, postcode, listed):
    street = re.search(r"(pine street|holloway road)", text).group(1)
    messages, _ = ask(text, "ask_practices_in_area", [("street", street), ("postcode", postcode)])
    assert listed in first_text(messages)
    assert "Archway Medical Centre" not in first_text(messages)  # N19, not N7


def test_a_street_with_a_district_it_is_not_in_lists_the_district():
    messages, _ = ask(
        "gps on pine street n19", "ask_practices_in_area", [("street", "pine street"), ("postcode", "n19")]
    )
    assert "Pine Street" not in first_text(messages).split("\n")[0]
    assert "N19" in first_text(messages)


def test_a_practice_topic_asked_with_that_practices_address_gets_each_answer_once():
    """The repeat-prescription reply names the practice's number; the address asked beside it still comes, and the
    topic's reply is not given twice."""
    text = (
        "She's registered at Highbury Grange Medical Practice. She needs the full address for a minicab, "
        "and how does she get her repeat prescriptions?"
    )
    address_part = text.index("She needs")
    topic_part = text.index("how does")
    message = tracker(text, "ask_repeat_prescription", [("practice", "Highbury Grange Medical Practice")])
    questions = [
        {"intent": "ask_practice_address", "confidence": 0.8, "start": address_part, "end": topic_part - 5},
        {"intent": "ask_repeat_prescription", "confidence": 0.9, "start": topic_part, "end": len(text)},
    ]
    said = reply_to(ActionAnswerTopic(), message, questions)
    assert said.count("To get a repeat prescription") == 1, said
    assert "Highbury Grange Medical Practice is at" in said, said


def test_a_question_read_in_parts_still_gets_every_detail_its_sentence_asks():
    text = "I'm registered at Highbury Grange. I need the phone number, the full address for a minicab"
    part = text.index("I need")
    message = tracker(text, "greet", [("practice", "Highbury Grange")])
    message.latest_message["questions"] = [
        {"intent": "ask_practice_phone", "confidence": 0.8, "start": part, "end": text.index(", the full")},
        {"intent": "greet", "confidence": 0.9, "start": 0, "end": part},
    ]
    said = "\n".join(answers_to_other_questions(message, []))
    assert "020 7226 2462" in said and "1-5 Highbury Grange" in said, said


@pytest.mark.parametrize("intent", ["inform", "ask_practice_address"])
def test_two_practices_each_with_the_detail_asked_get_both_answers_whatever_the_intent(intent):
    """Two names, each with its detail, read as a bare name ("inform") as easily as a question: both are answered."""
    text = "Sobell medical centre phone number and the junction phone number"
    message = tracker(text, intent, [("practice", "Sobell medical centre"), ("practice", "the junction")])
    dispatcher = CollectingDispatcher()
    ActionFindPractice().run(dispatcher, message, {})
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert SOBELL in said and JUNCTION in said, said
