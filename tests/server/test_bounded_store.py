"""The bounded-history tracker store: what it reads back, what it stores, and what a database failure does."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import sqlalchemy.exc
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from ops.settings import DOMAIN
from server.bounded_store import BoundedSQLTrackerStore

WINDOW = 40


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(DOMAIN)


def make_store(domain: Domain, db: Path) -> BoundedSQLTrackerStore:
    return BoundedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(db), recent_events=WINDOW)


def turn(text: str, *extra) -> list:
    return [
        UserUttered(text, {"name": "greet", "confidence": 1.0}),
        *extra,
        BotUttered("hi"),
        ActionExecuted("action_listen"),
    ]


def converse(store: BoundedSQLTrackerStore, sender: str, turns: list[list]) -> None:
    """Each turn as the Rasa server does it: read the conversation, add the turn's events, save."""

    async def run() -> None:
        for events in turns:
            tracker = await store.retrieve(sender) or store.init_tracker(sender)
            if not tracker.events:
                tracker.update(ActionExecuted("action_listen"))
            for event in events:
                tracker.update(event)
            await store.save(tracker)

    asyncio.run(run())


def test_a_long_conversation_reads_back_only_recent_turns_but_keeps_the_practice(domain, tmp_path):
    store = make_store(domain, tmp_path / "t.db")
    first = turn("tell me about the Miller Practice", SlotSet("practice", "The Miller Practice"))
    converse(store, "long", [first] + [turn(f"hello {n}") for n in range(299)])
    tracker = asyncio.run(store.retrieve("long"))
    assert len(tracker.events) <= WINDOW + 2
    assert tracker.get_slot("practice") == "The Miller Practice"
    assert tracker.latest_message.text == "hello 298"


def test_everything_is_still_stored_once_and_in_order(domain, tmp_path):
    store = make_store(domain, tmp_path / "t.db")
    converse(store, "kept", [turn(f"message {n}") for n in range(60)])
    full = asyncio.run(store.retrieve_full_tracker("kept"))
    said = [e.text for e in full.events if isinstance(e, UserUttered)]
    assert said == [f"message {n}" for n in range(60)]


def test_a_slot_changed_later_reads_back_its_latest_value(domain, tmp_path):
    store = make_store(domain, tmp_path / "t.db")
    turns = [turn("a", SlotSet("practice", "Archway Medical Centre"))] + [turn("x")] * 20
    turns += [turn("b", SlotSet("practice", "The Miller Practice"))] + [turn("y")] * 40
    converse(store, "changed", turns)
    assert asyncio.run(store.retrieve("changed")).get_slot("practice") == "The Miller Practice"


def test_a_restart_before_the_window_forgets_the_practice(domain, tmp_path):
    store = make_store(domain, tmp_path / "t.db")
    turns = [turn("a", SlotSet("practice", "Archway Medical Centre")), turn("/restart", Restarted())]
    converse(store, "restarted", turns + [turn("x")] * 40)
    assert asyncio.run(store.retrieve("restarted")).get_slot("practice") is None


def test_an_unreachable_database_fails_the_turn_instead_of_starting_afresh(domain, tmp_path):
    store = make_store(domain, tmp_path / "t.db")
    converse(store, "kept", [turn("a", SlotSet("practice", "Archway Medical Centre"))])
    # What Rasa's Agent puts around every tracker store, which would otherwise return a new, empty conversation.
    fail_safe = FailSafeTrackerStore(store)
    store.engine.dispose()
    (tmp_path / "t.db").unlink()
    (tmp_path / "t.db").mkdir()  # the file can no longer be opened as a database
    with pytest.raises(sqlalchemy.exc.OperationalError):
        asyncio.run(fail_safe.retrieve("kept"))


def test_a_tracker_rebuilt_by_a_wrapping_store_still_stores_only_its_new_turn(domain, tmp_path):
    store = make_store(domain, tmp_path / "t.db")
    converse(store, "wrapped", [turn(f"message {n}") for n in range(30)])
    read = asyncio.run(store.retrieve("wrapped"))
    # What a wrapper that redacts into a fresh tracker hands on: the same events, without this store's mark.
    rebuilt = DialogueStateTracker.from_dict("wrapped", [e.as_dict() for e in read.events], domain.slots)
    for event in turn("one more"):
        rebuilt.update(event)
    asyncio.run(store.save(rebuilt))
    said = [e.text for e in asyncio.run(store.retrieve_full_tracker("wrapped")).events if isinstance(e, UserUttered)]
    assert said == [f"message {n}" for n in range(30)] + ["one more"]


def test_each_event_is_stored_in_the_columns_rasas_own_store_writes(domain, tmp_path):
    # The review tool, the subject-access export and the purge read these columns, as Rasa's SQL store writes them.
    import sqlite3

    from rasa.core.tracker_store import SQLTrackerStore

    turns = [turn(f"the Miller Practice {n}", SlotSet("practice", "The Miller Practice")) for n in range(3)]
    ours, rasas = tmp_path / "ours.db", tmp_path / "rasa.db"
    converse(make_store(domain, ours), "same", turns)
    converse(SQLTrackerStore(domain=domain, dialect="sqlite", db=str(rasas)), "same", turns)

    def rows(db: Path) -> list[tuple]:
        """Each row, its event's time left out: the two conversations were held a moment apart."""
        with sqlite3.connect(db) as connection:
            query = "SELECT sender_id, type_name, intent_name, action_name, data FROM events ORDER BY id"
            found = connection.execute(query).fetchall()
        return [(*row[:4], {k: v for k, v in json.loads(row[4]).items() if k != "timestamp"}) for row in found]

    assert rows(ours) == rows(rasas) and len(rows(ours)) == 1 + sum(len(events) for events in turns)


def test_another_process_reads_what_was_saved_while_the_server_keeps_its_connection(domain, tmp_path):
    import sqlite3

    store = make_store(domain, tmp_path / "t.db")
    converse(store, "open", [turn("first")])
    with sqlite3.connect(tmp_path / "t.db", timeout=5) as reader:
        converse(store, "open", [turn("second")])  # the store's connection stays open in its pool
        texts = [row[0] for row in reader.execute("SELECT data FROM events WHERE type_name = 'user'")]
        reader.execute("DELETE FROM events WHERE sender_id = 'nobody'")  # a purge can write beside it
    assert len(texts) == 2 and '"second"' in texts[1]
