"""A short follow-up the NLU half took for something off-topic ("and where is it?") still gets the detail of the
practice the conversation is about, when that detail was nearly as likely; a question that really is off-topic
still gets the refusal."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionOutOfScope

MILLER = "The Miller Practice"


def reply(text: str, ranking: list[tuple[str, float]], practice: str | None = MILLER, entities=()) -> str:
    message = {
        "text": text,
        "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
        "intent_ranking": [{"name": name, "confidence": confidence} for name, confidence in ranking],
        "entities": list(entities),
    }
    tracker = Tracker("resident", {"practice": practice}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    ActionOutOfScope().run(dispatcher, tracker, {})
    return "\n".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)


def test_an_unsure_follow_up_about_the_practice_gets_its_address():
    said = reply("and where is it?", [("out_of_scope", 0.48), ("ask_practice_address", 0.44), ("inform", 0.01)])
    assert "49 Highbury New Park" in said and "utter_out_of_scope" not in said


def test_the_detail_the_words_ask_wins_over_the_runner_ups():
    said = reply("and their number pls", [("out_of_scope", 0.5), ("ask_practice_address", 0.35)])
    assert "020 7354 1972" in said and "Highbury New Park" not in said


@pytest.mark.parametrize(
    ("ranking", "practice"),
    [
        ([("out_of_scope", 0.48), ("ask_practice_address", 0.44)], None),  # no practice in the conversation
        ([("out_of_scope", 0.8), ("ask_practice_address", 0.15)], MILLER),  # clearly off-topic
        ([("out_of_scope", 0.5), ("ask_budget", 0.4)], MILLER),  # a topic, not the practice
    ],
)
def test_otherwise_the_refusal_stands(ranking, practice):
    assert reply("where do i get a parking permit", ranking, practice).startswith("utter_out_of_scope")
