"""Residents' journeys end to end over REST (issue 13): everyday questions get a route, worry gets urgency."""

import uuid

import pytest


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def new_sender() -> str:
    return f"journey-{uuid.uuid4().hex[:12]}"


CATCH_ALL = "Sorry, I don't have an answer to that"

# The ten everyday questions of issue 13, and what the reply must contain to route the resident.
NEAR_MISSES = [
    ("what time does archway medical centre open", ["I don't know GP practices' opening hours", "020 7272 0111"]),
    ("how do i get a repeat prescription", ["ask your GP practice", "NHS App"]),
    ("COVID jab", ["COVID-19", "https://www.nhs.uk/nhs-services/vaccination-and-booking-services/"]),
    ("flu jab", ["flu", "https://www.nhs.uk/nhs-services/vaccination-and-booking-services/"]),
    ("NHS dentist", ["https://www.nhs.uk/service-search/find-a-dentist"]),
    ("changing a hospital appointment", ["contact the hospital"]),
    (
        "is there a pharmacy near me open late, I'm in N19",
        ["https://www.nhs.uk/service-search/pharmacy/find-a-pharmacy"],
    ),
    ("i want to make a complaint about my gp", ["complaints procedure", "nclhealthandcare.org.uk", "Healthwatch"]),
    ("urgent care near me", ["start with NHS 111", "https://111.nhs.uk", "Urgent Treatment Centre", "(A&E)"]),
]


@pytest.mark.parametrize("question, expected", NEAR_MISSES)
def test_each_everyday_question_gets_a_route_to_the_right_service(bot_servers, question, expected):
    answer = texts(bot_servers.say(new_sender(), question))
    assert CATCH_ALL not in answer and "Did you mean" not in answer and "didn't understand" not in answer
    for phrase in expected:
        assert phrase in answer, f"{question!r}: {phrase!r} missing from {answer!r}"
    assert "Source:" in answer


def test_is_it_open_on_saturdays_follows_on_from_the_practice_just_named(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "what time does archway medical centre open")
    answer = texts(bot_servers.say(sender, "is it open on saturdays?"))
    assert "I don't know GP practices' opening hours" in answer and "020 7272 0111" in answer


@pytest.mark.parametrize("follow_up", ["and where is it?", "and where's it?", "where is it?"])
def test_where_is_it_after_a_practices_phone_number_gives_that_practices_address(bot_servers, follow_up):
    sender = new_sender()
    assert "020 7272 0111" in texts(bot_servers.say(sender, "what's the phone number for Archway Medical Centre"))
    answer = texts(bot_servers.say(sender, follow_up))
    assert answer.startswith("Archway Medical Centre is at 652 Holloway Road") and "Sorry" not in answer, answer


def test_a_pharmacy_question_never_lists_gp_practices(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "is there a pharmacy near me open late, I'm in N19"))
    assert "GP practices in N19" not in answer and "Archway Medical Centre" not in answer


def test_urgent_care_lists_111_before_the_urgent_treatment_centre_before_a_and_e(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "urgent care near me"))
    assert answer.index("NHS 111") < answer.index("Urgent Treatment Centre") < answer.index("(A&E)")


@pytest.mark.parametrize("before", ["what's the weather like", "what was the ccg's budget?|/feedback_not_helpful"])
def test_every_urgent_care_button_gives_the_111_first_answer(bot_servers, before):
    """The button after a refusal and after a "No" vote both lead to 111 first, never straight to A&E."""
    sender = new_sender()
    for message in before.split("|"):
        replies = bot_servers.say(sender, message)
    buttons = {b["title"]: b["payload"] for r in replies for b in r.get("buttons", [])}
    answer = texts(bot_servers.say(sender, buttons["Urgent care near me"]))
    assert answer.index("NHS 111") < answer.index("Urgent Treatment Centre") < answer.index("(A&E)")


@pytest.mark.parametrize(
    "message", ["my 6 week old baby has a temperature of 38", "my baby has a temperature of 39 what do i do"]
)
def test_a_worried_parent_is_told_to_get_advice_today_not_the_medicines_template(bot_servers, message):
    replies = bot_servers.say(new_sender(), message)
    assert replies[0]["text"].startswith("This needs advice today: call NHS 111")
    assert "999" in replies[0]["text"] and "doses" in replies[0]["text"]
    assert "such as doses, diagnoses" not in texts(replies)


def test_the_urgent_tier_is_given_with_the_action_server_down(bot_servers):
    bot_servers.stop_actions()
    try:
        replies = bot_servers.say(new_sender(), "my baby has a temperature of 39 what do i do")
        assert replies[0]["text"].startswith("This needs advice today")
    finally:
        bot_servers.start_actions()


def test_a_misspelt_reply_to_which_practice_is_matched(bot_servers):
    sender = new_sender()
    assert "Which GP practice do you mean?" in texts(bot_servers.say(sender, "what's my GP's phone number?"))
    answer = texts(bot_servers.say(sender, "archwey"))
    assert answer.startswith("Archway Medical Centre: phone 020 7272 0111") and "Sorry" not in answer


def test_a_misspelt_name_after_a_topic_asked_for_it_is_matched(bot_servers):
    sender = new_sender()
    assert "Tell me your practice's name" in texts(bot_servers.say(sender, "how do i get a repeat prescription"))
    answer = texts(bot_servers.say(sender, "archwey"))
    assert answer.startswith("Archway Medical Centre: phone 020 7272 0111") and "Sorry" not in answer


def test_an_ambiguous_reply_to_which_practice_offers_buttons_and_then_listens(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "what's my GP's phone number?")
    replies = bot_servers.say(sender, "road")
    assert replies[0]["text"].startswith("More than one practice matches") and replies[0]["buttons"]
    assert "Sorry" not in texts(replies)


def test_a_misspelt_practice_name_alone_in_a_fresh_chat_is_answered(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "junktion medical"))
    assert "The Junction Medical Practice" in answer and "020 7272 9105" in answer


def test_the_phone_number_button_after_a_district_list_asks_which_practice(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "tell me about the Miller Practice")
    assert "Open GP practices in N7" in texts(bot_servers.say(sender, "gp practices in N7"))
    answer = texts(bot_servers.say(sender, "/ask_practice_phone"))
    assert "Which GP practice do you mean?" in answer and "Miller" not in answer


def test_the_catch_all_names_next_steps_without_contradicting_itself(bot_servers):
    answer = texts(bot_servers.say(new_sender(), "what's the weather tomorrow?"))
    assert answer.startswith(CATCH_ALL)
    assert "NHS 111" in answer and "pharmacist" in answer and "Islington Council" in answer
    assert "so I can't help" not in answer


def test_something_we_cant_answer_about_a_named_practice_points_to_that_practice_with_its_number(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "what's the phone number for archway medical centre")
    answer = texts(bot_servers.say(sender, "what's the weather like"))
    assert answer.startswith("Sorry, I don't have an answer to that.")
    assert "If your question is about Archway Medical Centre" in answer and "020 7272 0111" in answer


# A partner's name says which emergency department is meant: Moorfields' A&E is for eyes only.
A_AND_E_BY_NAME = [
    ("does moorfields have an a&e that's open at night", "Moorfields Eye Hospital A&E", "Whittington Hospital"),
    ("where is the whittington's a and e", "Whittington Hospital Emergency Department", "Moorfields"),
]


@pytest.mark.parametrize("question, wanted, unwanted", A_AND_E_BY_NAME)
def test_the_a_and_e_named_is_the_one_answered(bot_servers, question, wanted, unwanted):
    answer = texts(bot_servers.say(new_sender(), question))
    assert wanted in answer and unwanted not in answer, answer


@pytest.mark.parametrize("question", ["which surgery can i join, i'm in N19", "how do i register with a gp in N19"])
def test_joining_a_surgery_in_a_district_lists_the_open_practices_there(bot_servers, question):
    answer = texts(bot_servers.say(new_sender(), question))
    assert "Open GP practices in N19 on Islington's list:" in answer and "Archway Medical Centre" in answer, answer
    assert "Tufnell Park Surgery" not in answer  # closed


@pytest.mark.parametrize(
    "question", ["who runs mental health services in islington", "which nhs trust gives mental health care round here"]
)
def test_who_runs_local_mental_health_services_is_answered_with_the_trust_that_runs_them_now(bot_servers, question):
    answer = texts(bot_servers.say(new_sender(), question))
    assert answer.startswith("North London NHS Foundation Trust:"), answer


# Issue 21: everyday GP access and the urgent tier, in residents' words, each get the next step and its source.
GP_ACCESS = [
    ("how do i get my blood test results from my gp", ["NHS App", "ask the practice"]),
    ("need a sick note for work, been off 9 days", ["self-certification", "fit note"]),
    ("how can i see my medical records", ["NHS App", "subject access request"]),
    ("can i book a gp appointment online instead of phoning at 8am", ["NHS App", "online consultation form"]),
    ("my mum doesnt speak english, can she have an interpreter at the gp", ["interpreter", "free of charge"]),
    ("can i register with a gp if im homeless and have no id", ["Anyone in England", "no fixed address"]),
    ("how do i change my gp practice", ["register with the new one"]),
    ("i cant get through to my surgery on the phone", ["online consultation form", "https://111.nhs.uk"]),
    ("ive got earache can the pharmacy help", ["Pharmacy First", "earache (aged 1 to 17)"]),
    ("i think i broke my toe where should i go", ["urgent treatment centre", "Urgent Treatment Centre, Whittington"]),
    ("ive left my insulin at home", ["emergency supply", "https://111.nhs.uk"]),
]


@pytest.mark.parametrize("question, expected", GP_ACCESS)
def test_each_gp_access_question_gets_its_next_step(bot_servers, question, expected):
    answer = texts(bot_servers.say(new_sender(), question))
    assert CATCH_ALL not in answer and "Did you mean" not in answer
    for phrase in expected:
        assert phrase in answer, f"{question!r}: {phrase!r} missing from {answer!r}"
    assert "Source:" in answer


@pytest.mark.parametrize("message", ["i cant breathe and my lips are going blue", "my baby has a temperature of 38"])
def test_pharmacy_first_never_takes_an_emergency_or_a_worried_parent(bot_servers, message):
    answer = texts(bot_servers.say(new_sender(), message))
    assert "Pharmacy First" not in answer and ("999" in answer or "111" in answer), answer
