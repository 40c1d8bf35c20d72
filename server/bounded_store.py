"""A SQL tracker store whose per-turn cost does not grow with the conversation: it loads only recent events.

Rasa's SQLTrackerStore reads the whole conversation session on every turn and replays it, so turn 300 took
7.8 times as long as turn 1 (issue 9). This store reads the last `recent_events` events of the session
(starting at a turn boundary) and puts in front of them the latest value of every slot set earlier, so a
follow-up such as "and their phone number?" still knows the practice named 500 turns ago. Everything is
still stored; only the reading is bounded. The dialogue policy looks at far fewer turns than are kept (the
RulePolicy's longest rule spans three states), so it predicts the same actions.

It works on SQLite (make run) and PostgreSQL (make run-cluster), and Rasa creates it from endpoints.yml
like any custom store, so it can also be the `inner:` store of another one:

    tracker_store:
      type: server.bounded_store.BoundedSQLTrackerStore
      dialect: sqlite            # or `url: ${DATABASE_URL}`, e.g. postgresql://user@host:port/db
      db: var/tracker.db
      recent_events: 40
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import AllSlotsReset, Event, Restarted, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from server.process import set_up_rasa_server

logger = logging.getLogger(__name__)

# About 8 turns, more than any rule looks at. Measured over REST (tests/journeys/test_continuity.py)
# with 100 events turn 300 took 1.38 times as long as turn 1 (p50), with 40 it took 1.05 times; Rasa's own store 4.1.
RECENT_EVENTS = 40
# Set on a tracker this store read, so that saving it appends only the events added since.
STORED = "_bounded_store_stored_events"
UNSTORED_KEPT = 10_000


def _pooled_sqlite(engine: sa.engine.Engine) -> sa.engine.Engine:
    """The same SQLite file behind a pool of open connections, in write-ahead-log mode.

    SQLAlchemy 1.4 opens a new SQLite connection for every session on a file (NullPool): each read and save. Rasa
    serves every turn on one thread, and the purge is a process of its own, so connections can be kept open and
    reused (SQLAlchemy 2 does the same). In WAL mode a commit appends to the log, and with synchronous=NORMAL it
    doesn't wait for the disk: a crash of the server loses nothing, a power cut may lose the last turns saved
    before it, and the file is never left broken (https://www.sqlite.org/wal.html). The cluster keeps
    conversations in PostgreSQL, which waits for the disk on every commit.
    """
    engine.dispose()
    pooled = sa.create_engine(
        engine.url, poolclass=sa.pool.QueuePool, pool_size=1, connect_args={"check_same_thread": False}
    )

    @sa.event.listens_for(pooled, "connect")
    def write_ahead_log(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return pooled


def _newest_in_session(events: sa.Table) -> sa.sql.Select:
    """The newest :limit events of :sender_id's latest session, newest first: the rows of Rasa's _event_query,
    built once rather than on every turn (building and caching Rasa's ORM query cost more than running it)."""
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(events.c.sender_id == sa.bindparam("sender_id"), events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return (
        sa.select(events.c.id, events.c.action_name, events.c.data)
        .where(
            events.c.sender_id == sa.bindparam("sender_id"),
            sa.or_(session_start.is_(None), events.c.timestamp >= session_start),
        )
        .order_by(events.c.id.desc())
        .limit(sa.bindparam("limit"))
    )


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """The columns Rasa's SQLTrackerStore.save writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class BoundedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL store, reading at most `recent_events` events of a session plus the slots set before them."""

    def __init__(self, *args: Any, recent_events: int = RECENT_EVENTS, **kwargs: Any) -> None:
        # Among what this switches on: a failing database fails the turn, never resets the conversation.
        set_up_rasa_server()
        super().__init__(*args, **kwargs)
        self.recent_events = int(recent_events)
        if self.engine.dialect.name == "sqlite":
            self.engine = _pooled_sqlite(self.engine)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        else:
            # After a database restart every pooled connection is dead; test each before use, so that only turns
            # during the outage itself get the apology.
            self.engine.pool._pre_ping = True
        # Conversations retrieve just found nothing of, until their first save: Rasa then creates a new tracker,
        # without this store's mark, and saving it would cost two queries to count what is stored (8 % of a
        # server's busy time under py-spy with new conversations). Bounded: the oldest are forgotten first.
        self._unstored: OrderedDict[str, bool] = OrderedDict()
        self._newest_in_session = _newest_in_session(self.SQLEvent.__table__)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            events = self._recent_events(session, sender_id)
        if not events:
            self._unstored[sender_id] = True
            while len(self._unstored) > UNSTORED_KEPT:
                self._unstored.popitem(last=False)
        if not events or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, STORED, len(tracker.events))
        return tracker

    def _recent_events(self, session: sa.orm.Session, sender_id: str) -> list[dict]:
        newest_first = session.execute(
            self._newest_in_session, {"sender_id": sender_id, "limit": self.recent_events + 1}
        ).all()
        rows = newest_first[::-1]
        if len(rows) <= self.recent_events:
            return [json.loads(row.data) for row in rows]
        # Start the window where a turn starts, so the policies never see half a turn.
        rows = list(itertools.dropwhile(lambda row: row.action_name != "action_listen", rows[1:]))
        if not rows:  # a single turn longer than the window: keep it whole rather than cut it
            return [json.loads(row.data) for row in newest_first[::-1]]
        carried = self._slots_before(session, sender_id, rows[0].id)
        return carried + [json.loads(row.data) for row in rows]

    def _slots_before(self, session: sa.orm.Session, sender_id: str, first_id: int) -> list[dict]:
        """The latest SlotSet of each slot before first_id, since the session started or slots were last reset."""
        event = self.SQLEvent
        before = (event.sender_id == sender_id, event.id < first_id)
        resets = (SessionStarted.type_name, Restarted.type_name, AllSlotsReset.type_name)
        last_reset = session.query(sa.func.max(event.id)).filter(*before, event.type_name.in_(resets)).scalar() or 0
        # Rasa stores a SlotSet's slot name in the action_name column.
        latest = (
            session.query(sa.func.max(event.id))
            .filter(*before, event.id > last_reset, event.type_name == SlotSet.type_name)
            .group_by(event.action_name)
        )
        rows = session.query(event).filter(event.id.in_(latest.scalar_subquery())).order_by(event.id).all()
        return [json.loads(row.data) for row in rows]

    def _additional_events(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED, None)
        if stored is None and self._unstored.pop(tracker.sender_id, None):
            stored = 0  # a conversation this store just found nothing of: none of its events is stored yet
        if stored is not None:
            return itertools.islice(tracker.events, stored, len(tracker.events))
        # A tracker without the mark: a new conversation, or one a wrapping store rebuilt rather than passed on.
        in_session = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False)
        if in_session.count() <= len(tracker.events):  # it holds the whole session: Rasa's own count works
            return super()._additional_events(session, tracker)
        # A bounded read, rebuilt: what came after the newest stored event.
        newest = in_session.order_by(None).with_entities(sa.func.max(self.SQLEvent.timestamp)).scalar()
        return (event for event in tracker.events if event.timestamp > newest)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's SQLTrackerStore.save, with the new events written by one INSERT of many rows.

        Rasa adds an ORM object per event and flushes them one by one: with the commit, 11 % of a server's busy
        time under py-spy. The rows, their columns and the event broker's stream are Rasa's.
        """
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        # Rasa may save the same tracker again later in the turn; then only what came after this save is new.
        setattr(tracker, STORED, len(tracker.events))
