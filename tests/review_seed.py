"""Synthetic conversations for the editors' report, written by Rasa's own SQL tracker store so the format is real.

`python -m tests.review_seed var/demo.db` writes the same conversations for a look at `make review DB=var/demo.db`.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta, timezone

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

START = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)
UNSURE = [("nlu_fallback", 1.0), ("ask_budget", 0.25), ("ask_population", 0.21)]

# Each conversation: (day after START, [(what the resident typed or pressed, intent, ranking, what happened)]).
# "answer": a factual answer asking "Was this helpful?"; "refuse": the out-of-scope reply;
# "unsure": "Did you mean" with buttons; "thanks"/"sorry": the replies to a vote.
PARKING = [
    "where can i park at the whittington",
    "is there parking at whittington hospital",
    "parking at the whittington hospital",
    "car park whittington hospital",
    "where do i park at the whittington",
    "is parking free at the whittington",
]
ALLOCATION = [
    "what was islington ccg's allocation",
    "size of the ccg allocation",
    "annual allocation islington",
    "islington ccg allocation per year",
]
PRESCRIPTION = ["how do i order a repeat prescription", "repeat prescription online", "order my repeat prescription"]


def oos(text: str) -> tuple:
    return (text, "out_of_scope", [("out_of_scope", 0.81), ("ask_a_and_e", 0.07)], "refuse")


def conversations() -> list[tuple[int, list[tuple]]]:
    seeded = [(day, [oos(text)]) for day, text in enumerate(PARKING)]
    picks = ["/ask_budget", "/ask_budget", "/out_of_scope", None]  # None: the resident typed something else
    for day, (text, pick) in enumerate(zip(ALLOCATION, picks, strict=True)):
        turns = [(text, "nlu_fallback", UNSURE, "unsure")]
        if pick == "/out_of_scope":
            turns.append((pick, "out_of_scope", [("out_of_scope", 1.0)], "refuse"))
        elif pick:
            turns.append((pick, pick[1:], [(pick[1:], 1.0)], "answer"))
        else:
            turns.append(oos("never mind"))
        seeded.append((day + 1, turns))
    for day, text in enumerate(PRESCRIPTION):
        ranking = [("ask_register_gp", 0.55), ("ask_out_of_hours", 0.2)]
        answer = (text, "ask_register_gp", ranking, "answer")
        seeded.append((day + 2, [answer, ("/feedback_not_helpful", "feedback_not_helpful", [], "sorry")]))
    for day in range(5):
        answer = ("how much did the ccg spend", "ask_budget", [("ask_budget", 0.93)], "answer")
        vote = [("/feedback_helpful", "feedback_helpful", [], "thanks")] if day < 3 else []
        more = [] if day % 2 else [("thanks", "thank", [("thank", 0.97)], "welcome")]
        seeded.append((day, [answer, *vote, *more]))
    seeded.append((6, [oos("<b>what</b> is the meaning of life?")]))  # shown as words, never as markup
    return seeded


REPLIES = {
    "answer": ("action_answer_topic", ["utter_answer", "utter_ask_feedback"]),
    "refuse": ("utter_out_of_scope", ["utter_out_of_scope"]),
    "unsure": ("action_did_you_mean", ["utter_did_you_mean"]),
    "thanks": ("utter_feedback_thanks", ["utter_feedback_thanks"]),
    "sorry": ("utter_feedback_sorry", ["utter_feedback_sorry"]),
    "welcome": ("utter_you_are_welcome", ["utter_you_are_welcome"]),
}


def events_of(day: int, number: int, turns: list[tuple]) -> list:
    at = (START + timedelta(days=day, minutes=number)).timestamp()
    events = [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at)]
    events.append(ActionExecuted("action_listen", timestamp=at))
    for step, (text, intent, ranking, outcome) in enumerate(turns):
        t = at + 10 * (step + 1)
        top = {"name": intent, "confidence": ranking[0][1] if ranking else 1.0}
        parse = {
            "text": text,
            "intent": top,
            "entities": [],
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        }
        events.append(UserUttered(text, intent=top, parse_data=parse, timestamp=t))
        action, responses = REPLIES[outcome]
        events.append(ActionExecuted(action, timestamp=t + 1))
        for response in responses:
            # "utter_answer" stands for an answer's text: a custom action's own text carries no response name.
            metadata = {} if response == "utter_answer" else {"utter_action": response}
            events.append(BotUttered(f"({response})", metadata=metadata, timestamp=t + 1))
        events.append(ActionExecuted("action_listen", timestamp=t + 2))
    return events


async def write(db: str) -> None:
    # A SQLite file, or a database URL (PostgreSQL, as the cluster keeps conversations), which Rasa takes as `host`.
    store = (
        SQLTrackerStore(Domain.empty(), host=db)
        if "://" in db
        else SQLTrackerStore(Domain.empty(), dialect="sqlite", db=db)
    )
    for number, (day, turns) in enumerate(conversations()):
        await store.save(DialogueStateTracker.from_events(f"resident-{number:02d}", events_of(day, number, turns)))


def seed(db: str) -> None:
    asyncio.run(write(db))


if __name__ == "__main__":
    seed(sys.argv[1])
