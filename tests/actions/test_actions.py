"""Each custom action, run as the action server runs it: a real Tracker and a CollectingDispatcher."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerTopic,
    ActionDidYouMean,
    ActionFindPractice,
    ActionOutOfScope,
    ActionPartner,
    ActionReadPracticeReply,
)

DOMAIN = {}


def tracker(intent: str, entities=(), slots=None, ranking=None) -> Tracker:
    message = {
        "text": "…",
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [{"entity": e, "value": v} for e, v in entities],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker("resident", slots or {}, message, [], False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, DOMAIN)
    return dispatcher.messages, events


def test_a_practice_phone_question_gets_the_number_and_remembers_the_practice():
    messages, events = run(
        ActionFindPractice(), tracker("ask_practice_phone", [("practice", "archway medical centre")])
    )
    assert "020 7272 0111" in messages[0]["text"]
    assert SlotSet("practice", "Archway Medical Centre") in events


def test_a_follow_up_without_a_name_answers_for_the_remembered_practice():
    messages, _ = run(ActionFindPractice(), tracker("ask_practice_address", slots={"practice": "The Miller Practice"}))
    assert "49 Highbury New Park" in messages[0]["text"] and "N5 2ET" in messages[0]["text"]


def test_my_gps_number_with_no_practice_known_asks_which_practice():
    messages, events = run(ActionFindPractice(), tracker("ask_practice_phone"))
    assert messages[0]["response"] == "utter_ask_which_practice"
    assert SlotSet("practice_detail", "phone") in events


def test_naming_the_practice_after_being_asked_answers_what_was_wanted():
    messages, _ = run(ActionFindPractice(), tracker("inform", [("practice", "miller")], {"practice_detail": "phone"}))
    assert messages[0]["text"].startswith("The Miller Practice: phone 020 7354 1972")


def test_several_matching_practices_are_offered_as_buttons():
    messages, _ = run(ActionFindPractice(), tracker("ask_practice_phone", [("practice", "road")]))
    titles = {b["title"] for b in messages[0]["buttons"]}
    assert titles == {"The Mitchison Road Surgery", "City Road Medical Centre"}
    assert all(b["payload"].startswith("/ask_practice_phone{") for b in messages[0]["buttons"])


def test_an_unknown_practice_is_said_plainly_with_a_way_forward():
    messages, events = run(ActionFindPractice(), tracker("ask_practice_phone", [("practice", "Zebra Crossing Clinic")]))
    assert 'I couldn\'t find a practice called "Zebra Crossing Clinic"' in messages[0]["text"]
    assert messages[0]["buttons"]
    assert SlotSet("practice", None) in events


def test_practices_in_a_district_are_listed_from_a_full_postcode():
    messages, _ = run(ActionFindPractice(), tracker("ask_practices_in_area", [("postcode", "N1 2DE")]))
    assert messages[0]["text"].startswith("Open GP practices in N1 on Islington's list:")
    assert "River Place Health Centre" in messages[0]["text"]


def test_practices_near_me_without_a_postcode_asks_for_one():
    messages, _ = run(ActionFindPractice(), tracker("ask_practices_in_area"))
    assert messages[0]["response"] == "utter_ask_postcode"


def test_the_postcode_question_asks_only_for_the_district_the_privacy_note_allows():
    # Fact-check row 104: it asked for "your full postcode" beside a note saying not to enter personal details.
    from facts.fixed_replies import fixed_reply

    question = fixed_reply("utter_ask_postcode")
    assert "first part of your postcode, such as N19" in question and "full postcode" not in question


@pytest.mark.parametrize(
    "intent, expected",
    [("ask_budget", "£300 million"), ("ask_ccg_now", "1 April 2020"), ("ask_eye_emergency", "020 7253 3411")],
)
def test_topic_questions_are_answered_from_the_facts_with_a_source(intent, expected):
    messages, _ = run(ActionAnswerTopic(), tracker(intent))
    assert expected in messages[0]["text"] and "Source: " in messages[0]["text"]


def test_a_named_partner_is_described():
    messages, _ = run(ActionPartner(), tracker("ask_partner", [("partner", "Healthwatch")]))
    assert messages[0]["text"].startswith("Healthwatch Islington:")


def test_each_partner_named_is_described_once_in_the_order_named():
    # "what was the ccg's link with the council and with the mental health trust": both, not the first alone.
    named = [("partner", "the council"), ("partner", "mental health trust"), ("partner", "Islington Council")]
    messages, _ = run(ActionPartner(), tracker("ask_partner", named))
    texts = [m["text"] for m in messages if m.get("text")]
    assert texts[0].startswith("London Borough of Islington")
    assert texts[1].startswith("North London NHS Foundation Trust")
    assert sum(t.startswith("London Borough of Islington") for t in texts) == 1


def test_partners_in_general_lists_the_service_partners():
    messages, _ = run(ActionPartner(), tracker("ask_partner"))
    assert "Whittington Health NHS Trust" in messages[0]["text"] and "Healthwatch Islington" in messages[0]["text"]


def test_an_unsure_prediction_offers_the_best_guesses_as_buttons():
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "ask_budget", "confidence": 0.41},
        {"name": "ask_ccg_role", "confidence": 0.38},
    ]
    messages, _ = run(ActionDidYouMean(), tracker("nlu_fallback", ranking=ranking))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_budget", "/ask_ccg_role", "/out_of_scope"]
    assert messages[0]["response"] == "utter_did_you_mean"


def test_an_unsure_guess_of_out_of_scope_is_refused_rather_than_offered():
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "out_of_scope", "confidence": 0.35},
        {"name": "ask_budget", "confidence": 0.2},
    ]
    messages, _ = run(ActionDidYouMean(), tracker("nlu_fallback", ranking=ranking))
    assert messages[0]["response"] == "utter_out_of_scope"


def test_a_name_no_pattern_knows_gets_couldnt_find_rather_than_which_practice():
    t = tracker("ask_practice_phone")
    t.latest_message["text"] = "phone number for Zebra Clinic"
    messages, _ = run(ActionFindPractice(), t)
    assert messages[0]["text"].startswith('I couldn\'t find a practice called "Zebra Clinic"')


def test_a_district_with_no_open_practice_suggests_districts_that_have_one():
    messages, _ = run(ActionFindPractice(), tracker("ask_practices_in_area", [("postcode", "EC1")]))
    assert "I don't know of any open GP practice in EC1." in messages[0]["text"]
    assert "EC1R" in messages[0]["text"] and "EC1V" in messages[0]["text"]
    offered = [b["title"] for b in messages[0]["buttons"]]
    assert offered[:2] == ["GP practices in EC1R", "GP practices in EC1V"]
    assert "GP practices in EC1" not in offered


def test_a_name_the_nhs_doesnt_list_is_explained_and_answered_with_the_open_practice_there():
    messages, _ = run(ActionFindPractice(), tracker("ask_practice_status", [("practice", "Bingfield Street Surgery")]))
    assert "The NHS doesn't list a practice called Bingfield Street Surgery" in messages[0]["text"]
    assert "Barnsbury Medical Practice is still running as a GP practice" in messages[0]["text"]
    assert "020 7700 9700" in messages[0]["text"]


def test_a_closed_practice_gives_the_number_of_the_open_one_in_the_same_building():
    messages, _ = run(ActionFindPractice(), tracker("ask_practice_status", [("practice", "Tufnell Park Surgery")]))
    assert "closed on 30 June 2020" in messages[0]["text"]
    assert "The Junction Medical Practice, at the same address, is still running" in messages[0]["text"]
    assert "020 7272 9105" in messages[0]["text"]


def test_dartmouth_park_practice_says_it_merged_into_the_junction():
    messages, _ = run(ActionFindPractice(), tracker("ask_practice_status", [("practice", "Dartmouth Park Practice")]))
    assert "merged into The Junction Medical Practice" in messages[0]["text"]


def test_dr_hans_asked_by_name_gives_the_number_of_the_practice_it_merged_into():
    messages, _ = run(ActionFindPractice(), tracker("ask_practice_phone", [("practice", "Dr Hans")]))
    text = messages[0]["text"]
    assert "Dr Hans closed on 31 January 2018" in text
    assert "It merged into The Junction Medical Practice" in text and "020 7272 9105" in text


# Residents' everyday questions (issue 13): each "can't answer" routes to the service that can.


def test_opening_hours_for_a_named_practice_says_we_dont_know_and_gives_its_number():
    messages, events = run(ActionAnswerTopic(), tracker("ask_opening_hours", [("practice", "archway medical centre")]))
    assert "I don't know GP practices' opening hours" in messages[0]["text"]
    assert "Archway Medical Centre: phone 020 7272 0111" in messages[0]["text"]
    assert SlotSet("practice", "Archway Medical Centre") in events


def test_opening_hours_follow_up_answers_for_the_practice_already_named():
    messages, _ = run(ActionAnswerTopic(), tracker("ask_opening_hours", slots={"practice": "The Miller Practice"}))
    assert "The Miller Practice: phone 020 7354 1972" in messages[0]["text"]


def test_opening_hours_with_no_practice_known_asks_for_its_name_and_waits_for_it():
    messages, events = run(ActionAnswerTopic(), tracker("ask_opening_hours"))
    assert "Tell me your practice's name" in messages[0]["text"] and "111" in messages[0]["text"]
    assert SlotSet("practice_detail", "phone") in events


def test_a_pharmacy_question_with_a_postcode_points_to_find_a_pharmacy_not_gp_practices():
    messages, _ = run(ActionAnswerTopic(), tracker("ask_pharmacy", [("postcode", "N19")]))
    assert "https://www.nhs.uk/service-search/pharmacy/find-a-pharmacy" in messages[0]["text"]
    assert "GP practices" not in messages[0]["text"] and "Archway" not in messages[0]["text"]


def test_how_to_register_with_a_district_also_lists_the_practices_there_to_join():
    messages, _ = run(ActionAnswerTopic(), tracker("ask_register_gp", [("postcode", "N19")]))
    texts = [m["text"] for m in messages if m.get("text")]
    assert "register" in texts[0].lower() and "Source: " in texts[0]
    assert "Archway Medical Centre" in texts[1] and "The Junction Medical Practice" in texts[1]
    assert "Tufnell Park Surgery" not in texts[1]  # closed: not somewhere to join


def test_how_to_register_with_a_practice_named_is_not_a_district_list():
    messages, _ = run(ActionAnswerTopic(), tracker("ask_register_gp", [("practice", "archway"), ("postcode", "N19")]))
    assert not any("GP practices in" in (m.get("text") or "") for m in messages)


def test_urgent_care_starts_with_111_then_the_urgent_treatment_centre_then_a_and_e():
    text = run(ActionAnswerTopic(), tracker("ask_urgent_care"))[0][0]["text"]
    positions = [text.index(s) for s in ("NHS 111", "Urgent Treatment Centre", "Evening and Saturday GP", "(A&E)")]
    assert positions == sorted(positions)
    assert "https://111.nhs.uk" in text and "999" in text


def test_a_complaint_routes_to_the_practice_or_commissioner_then_the_ombudsman_with_healthwatchs_contact():
    text = run(ActionAnswerTopic(), tracker("ask_complaint"))[0][0]["text"]
    assert text.index("complaints procedure") < text.index("North Central London Integrated Care Board")
    assert text.index("final answer") < text.index("Parliamentary and Health Service Ombudsman. Phone 0345 015 4033.")
    assert "https://nclhealthandcare.org.uk/contact/complaint-concern-or-compliment" in text
    assert "Healthwatch Islington. Website: https://healthwatchislington.co.uk" in text


def test_speak_to_a_person_gives_healthwatch_islingtons_contact_details():
    text = run(ActionAnswerTopic(), tracker("ask_human"))[0][0]["text"]
    assert "Healthwatch Islington. Website: https://healthwatchislington.co.uk" in text


@pytest.mark.parametrize("reply, intent", [("archwey", "out_of_scope"), ("junktion medical", "nlu_fallback")])
def test_a_misspelt_reply_to_which_practice_is_matched_as_a_name(reply, intent):
    t = tracker(intent, slots={"practice_detail": "phone"})
    t.latest_message["text"] = reply
    messages, events = run(ActionReadPracticeReply(), t)
    assert messages[0]["text"].split("\n")[0] in (
        "Archway Medical Centre: phone 020 7272 0111.",
        "The Junction Medical Practice: phone 020 7272 9105.",
    )
    assert SlotSet("practice_detail", None) in events


def test_an_unrelated_reply_to_which_practice_gets_the_catch_all_not_couldnt_find():
    t = tracker("out_of_scope", slots={"practice_detail": "phone"})
    t.latest_message["text"] = "what's the weather tomorrow"
    messages, events = run(ActionReadPracticeReply(), t)
    assert messages[0]["response"] == "utter_out_of_scope"
    assert SlotSet("practice_detail", None) in events


def test_a_misspelt_practice_name_on_its_own_is_answered_not_guessed_at():
    t = tracker("nlu_fallback", ranking=[{"name": "nlu_fallback", "confidence": 1.0}])
    t.latest_message["text"] = "junktion medical"
    messages, _ = run(ActionDidYouMean(), t)
    assert messages[0]["text"].startswith("The Junction Medical Practice is a GP practice at 244 Tufnell Park Road")


def test_the_phone_number_button_asks_which_practice_rather_than_reusing_an_old_one():
    t = tracker("ask_practice_phone", slots={"practice": "Archway Medical Centre"})
    t.latest_message["text"] = "/ask_practice_phone"
    messages, _ = run(ActionFindPractice(), t)
    assert messages[0]["response"] == "utter_ask_which_practice"


def test_a_district_list_makes_the_district_the_subject_so_an_older_practice_is_forgotten():
    _, events = run(ActionFindPractice(), tracker("ask_practices_in_area", [("postcode", "N7")]))
    assert SlotSet("practice", None) in events


def test_an_ambiguous_reply_to_which_practice_offers_buttons_and_stops_waiting_for_a_name():
    t = tracker("out_of_scope", slots={"practice_detail": "phone"})
    t.latest_message["text"] = "road"
    messages, events = run(ActionReadPracticeReply(), t)
    assert len(messages[0]["buttons"]) == 2
    assert events == [SlotSet("practice_detail", None)]


def test_it_is_archway_after_which_practice_is_read_as_the_name():
    t = tracker("inform", slots={"practice_detail": "address"})
    t.latest_message["text"] = "archwey"
    messages, _ = run(ActionFindPractice(), t)
    assert messages[0]["text"].startswith("Archway Medical Centre is at 652 Holloway Road")


def test_a_refusal_in_a_conversation_about_a_practice_names_it_with_its_number():
    messages, _ = run(ActionOutOfScope(), tracker("out_of_scope", slots={"practice": "Archway Medical Centre"}))
    assert messages[0]["response"] == "utter_out_of_scope"
    assert messages[1]["text"].startswith("If your question is about Archway Medical Centre, the practice can answer")
    assert "020 7272 0111" in messages[1]["text"] and "Source:" in messages[1]["text"]


def test_a_refusal_with_no_practice_or_a_closed_one_is_the_refusal_alone():
    for slots in ({}, {"practice": "Dartmouth Park Practice"}):
        messages, _ = run(ActionOutOfScope(), tracker("out_of_scope", slots=slots))
        assert [m.get("response") for m in messages] == ["utter_out_of_scope"]


def conversation(*turns) -> Tracker:
    """A tracker whose user turns were read as the (intent, text) pairs given; the last is the latest message."""
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}} for intent, text in turns]
    intent, text = turns[-1]
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker("resident", {}, latest, events, False, None, {}, "action_listen")


def test_when_it_is_open_after_a_service_gives_that_services_hours():
    asked = conversation(
        ("ask_urgent_treatment_centre", "where's the urgent treatment centre"), ("ask_opening_hours", "is it open late")
    )
    messages, _ = run(ActionAnswerTopic(), asked)
    assert "8am to 10pm" in messages[0]["text"]


def test_opening_hours_after_a_question_about_the_ccg_are_gp_practices_hours():
    asked = conversation(("ask_budget", "what was the budget"), ("ask_opening_hours", "is it open on saturdays"))
    messages, _ = run(ActionAnswerTopic(), asked)
    assert "I don't know GP practices' opening hours" in messages[0]["text"]
