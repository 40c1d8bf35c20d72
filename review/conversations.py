"""Reads stored conversations from the Rasa SQL tracker store's `events` table into residents' turns."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class Turn:
    """One resident message and what the assistant did about it."""

    conversation: str  # sender id and session number: one visit to the assistant
    at: datetime
    text: str
    intent: str
    ranking: tuple[tuple[str, float], ...]  # the classifier's guesses, best first, without nlu_fallback
    actions: tuple[str, ...]  # what the assistant ran in reply
    responses: tuple[str, ...]  # the named responses it sent (utter_…), including those sent by custom actions

    @property
    def is_button(self) -> bool:
        """A button press (or a vote) arrives as a payload such as /ask_budget, not as words."""
        return self.text.startswith("/")


def database_url(db: str) -> str:
    """A SQLAlchemy URL as given (postgresql://…), or a path to the SQLite file make run writes."""
    return db if "://" in db else f"sqlite:///{db}"


def read_events(url: str) -> list[tuple[str, dict]]:
    """(sender id, event) in the order they were stored. Reads only; the store's own schema is Rasa's."""
    engine = sa.create_engine(url)
    try:
        events = sa.Table("events", sa.MetaData(), autoload_with=engine)
        query = sa.select(events.c.sender_id, events.c.data).order_by(events.c.sender_id, events.c.id)
        with engine.connect() as connection:
            return [(sender, json.loads(data)) for sender, data in connection.execute(query)]
    finally:
        engine.dispose()


def turns_from_events(rows: list[tuple[str, dict]]) -> list[Turn]:
    """Groups each sender's events into turns: a user message and the actions and replies up to the next one."""
    turns: list[Turn] = []
    session: dict[str, int] = {}
    current: dict | None = None

    def close() -> None:
        if current is not None:
            turns.append(
                Turn(**{**current, "actions": tuple(current["actions"]), "responses": tuple(current["responses"])})
            )

    for sender, event in rows:
        kind = event.get("event")
        if current is not None and current["conversation"].rsplit("#", 1)[0] != sender:
            close()
            current = None
        if kind == "session_started":
            close()
            current = None
            session[sender] = session.get(sender, 0) + 1
        elif kind == "user":
            close()
            parse = event.get("parse_data") or {}
            ranking = tuple(
                (g.get("name", ""), float(g.get("confidence") or 0.0))
                for g in parse.get("intent_ranking") or [parse.get("intent") or {}]
                if g.get("name") and g.get("name") != FALLBACK_INTENT
            )
            current = {
                "conversation": f"{sender}#{session.get(sender, 1)}",
                "at": datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc),
                "text": " ".join(str(event.get("text") or "").split()),
                "intent": (parse.get("intent") or {}).get("name") or "",
                "ranking": ranking,
                "actions": [],
                "responses": [],
            }
        elif current is not None and kind == "action" and event.get("name") != "action_listen":
            current["actions"].append(event.get("name") or "")
        elif current is not None and kind == "bot" and (event.get("metadata") or {}).get("utter_action"):
            current["responses"].append(event["metadata"]["utter_action"])
    close()
    return turns


def load_turns(db: str) -> list[Turn]:
    return turns_from_events(read_events(database_url(db)))
