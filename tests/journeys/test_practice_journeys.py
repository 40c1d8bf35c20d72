"""Practice questions in residents' own words, end to end over REST through the trained model (issue 21)."""

import uuid

import pytest

ARCHWAY, JUNCTION, MILLER = "020 7272 0111", "020 7272 9105", "020 7354 1972"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def new_sender() -> str:
    return f"practice-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize(
    "question, expected",
    [
        ("what's the phone number and address for the junction medical practice?", [JUNCTION, "244 Tufnell Park Road"]),
        ("postcode and number for archway medical centre", [ARCHWAY, "N19 3NU"]),
        ("is the miller practice still open and what's their number", ["still running", MILLER]),
        ("which surgery is on holloway road?", ["Archway Medical Centre", "Sobell Medical Centre", "Phone"]),
        ("the practices at 28 laycock street", ["Roman Way Medical Centre", "Islington Central Medical Centre"]),
        ("the GPs in finsbury health centre", ["Clerkenwell Medical Practice", "Dr Segarajasinghe"]),
        ("whats the number for hanleyprimarycare", ["Hanley Primary Care Centre", "phone"]),
        ("we just moved near Archway, what's the number for the Junction Medical Practice?", [JUNCTION]),
        ("my back is killing me. postcode for the miller practice?", ["N5 2ET"]),
        # A same-day problem and the practice to ring: the urgent reply, then the number (7 Dec: the number was lost).
        (
            "my little girl has had a rash and a fever for 2 days, I want her seen today. "
            "number for the junction please",
            ["call NHS 111", JUNCTION],
        ),
    ],
)  # fmt: skip
def test_a_practice_question_in_a_residents_words_gets_what_was_asked(bot_servers, question, expected):
    answer = texts(bot_servers.say(new_sender(), question))
    for phrase in expected:
        assert phrase in answer, f"{question!r}: {phrase!r} missing from {answer!r}"


@pytest.mark.parametrize(
    "question",
    ["which surgery is on dartmouth park hill?", "how many practices did the CCG have and is dr hans still open?"],
)
def test_a_closed_practice_found_by_its_street_or_beside_another_question_names_where_to_go(bot_servers, question):
    """However it is reached, a closed practice's answer names the open one its patients went to, with its number."""
    answer = texts(bot_servers.say(new_sender(), question))
    assert "Dr Hans closed on 31 January 2018" in answer
    assert "It merged into The Junction Medical Practice" in answer and JUNCTION in answer


def test_a_street_no_practice_is_on_asks_for_the_postcode_district(bot_servers):
    replies = bot_servers.say(new_sender(), "which surgery is on Upper Street?")
    assert "I don't know of a GP practice on Upper Street" in texts(replies)
    assert any(b["payload"].startswith("/ask_practices_in_area") for r in replies for b in r.get("buttons", []))


def test_and_for_another_practice_gives_the_same_detail(bot_servers):
    sender = new_sender()
    assert ARCHWAY in texts(bot_servers.say(sender, "what's the number for archway medical centre"))
    answer = texts(bot_servers.say(sender, "and for the junction?"))
    assert f"The Junction Medical Practice: phone {JUNCTION}" in answer
    answer = texts(bot_servers.say(sender, "and their address?"))
    assert "The Junction Medical Practice is at 244 Tufnell Park Road" in answer


def test_after_a_list_the_one_chosen_is_answered(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "which surgery is on holloway road?")
    asked = bot_servers.say(sender, "phone for that one")
    assert "Which of these practices do you mean?" in texts(asked)
    assert ARCHWAY in texts(bot_servers.say(sender, "the first one"))


@pytest.mark.parametrize(
    "first, follow_up, expected",
    [
        ("phone for archway medical centre", "postcode again please, for the satnav", "N19 3NU"),
        ("phone for archway medical centre", "whats the postcode, need it for a minicab", "N19 3NU"),
        ("whats the number for the junction", "is it still at N19 5QQ?", "244 Tufnell Park Road"),
        ("address of the miller practice", "is it on essex road?", "49 Highbury New Park"),
        ("number for the miller practice", "is the beaumont in the same building?", "Hornsey Rise Health Centre"),
    ],
)
def test_a_follow_up_about_the_practice_just_given_gets_its_detail(bot_servers, first, follow_up, expected):
    """7 Dec: each got the refusal, a list of the district's practices, "I couldn't find a practice called 'a
    minicab'", or the phone again."""
    sender = new_sender()
    bot_servers.say(sender, first)
    assert expected in texts(bot_servers.say(sender, follow_up))


def test_an_off_topic_question_after_a_practice_is_still_refused(bot_servers):
    sender = new_sender()
    bot_servers.say(sender, "number for the miller practice")
    assert "Sorry, I don't have an answer to that" in texts(bot_servers.say(sender, "where can i park?"))
