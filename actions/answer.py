"""What every action shares: the intent, the "Was this helpful?" vote, the safety line, and the Answer base."""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.other_questions import VOTE, answer_other_questions, say_before_vote
from privacy.logs import install_log_redaction


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def ask_for_feedback(dispatcher: CollectingDispatcher) -> None:
    """Asks "Was this helpful?" after a factual answer, always as the last message (contract with the widget).

    The vote comes back as /feedback_helpful or /feedback_not_helpful and is stored in the conversation,
    where `make review` counts it per topic.
    """
    dispatcher.utter_message(response=VOTE)


def add_safety_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """One safety line after an answer to a message with a risk signal: an emergency or crisis in the past or as
    context, or one that is possible but not sure enough for the takeover.

    The risk assessor (nlu/risk_assessor.py) names the line's response in the parse data.
    """
    line = tracker.latest_message.get("safety_line")
    if line:
        say_before_vote(dispatcher, response=line)


class Answer(Action, ABC):
    """Every action answers, then answers the message's other questions if it asked several
    (actions/other_questions.py), then adds the safety line the risk assessor asked for, if any: a message with a
    risk signal never ends in a bare answer or a bare refusal (nlu/risk_assessor.py). Abstract, so that the action
    server registers only its subclasses."""

    def __init__(self) -> None:
        # The action server builds each action once, at start, and offers no other start-up hook: the place its
        # logs start being redacted.
        install_log_redaction()

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        events = self.respond(dispatcher, tracker)
        answer_other_questions(dispatcher, tracker, events)
        add_safety_line(dispatcher, tracker)
        return events

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        """The answer itself, as dispatched messages; returns the events to apply."""
