"""What every action shares: the intent, the Reply an answer makes, and the Answer base, which finishes every reply in
one place (the other questions' answers, the safety line, the "Was this helpful?" vote)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.other_questions import answers_to_other_questions
from privacy.logs import install_log_redaction

# The "Was this helpful?" vote. The widget shows it as Yes / No buttons; it comes back as /feedback_helpful or
# /feedback_not_helpful and is stored in the conversation, where `make review` counts it per topic.
VOTE = "utter_ask_feedback"


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


@dataclass
class Reply:
    """What an action's own answer did: the events to apply, and whether it gave facts (which earns the vote; a
    question back, a refusal or a list of buttons to choose from does not)."""

    events: list = field(default_factory=list)
    answered: bool = False
    # The safety line the answer already says in full (the urgent reply is the urgent line's longer form).
    says_line: str | None = None


def finish_reply(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> list:
    """Everything said after an action's own answer, in this order:

    - the answers to the message's other questions, if it asked several (actions/other_questions.py);
    - the safety line the risk assessor named in the parse data, if any (nlu/risk_assessor.py): a message with a
      risk signal never ends in a bare answer or a bare refusal;
    - the vote, last (the widget's contract), when anything was answered.

    Returns the events to apply."""
    others = answers_to_other_questions(tracker, reply.events)
    for text in others:
        dispatcher.utter_message(text=text)
    line = tracker.latest_message.get("safety_line")
    if line and line != reply.says_line:
        dispatcher.utter_message(response=line)
    if reply.answered or others:
        dispatcher.utter_message(response=VOTE)
    return reply.events


class Answer(Action, ABC):
    """Every action answers (respond), then finish_reply adds what follows an answer. Abstract, so that the action
    server registers only its subclasses."""

    def __init__(self) -> None:
        # The action server builds each action once, at start, and offers no other start-up hook: the place its
        # logs start being redacted.
        install_log_redaction()

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        return finish_reply(dispatcher, tracker, self.respond(dispatcher, tracker))

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        """The answer itself, as dispatched messages, and what it did."""
