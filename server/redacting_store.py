"""A Rasa tracker store that redacts personal details from a conversation before another store saves it.

endpoints.yml:
    tracker_store:
      type: server.redacting_store.RedactingTrackerStore
      inner: {type: SQL, dialect: sqlite, db: var/tracker.db}

The NLU and the actions have already seen the original text when `save` is called, so answers are unchanged
("practices near N1 2DE" answers for N1); only what is kept, and what the event broker is sent, is redacted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from privacy.redact import redact
from server.bounded_store import STORED
from server.process import set_up_rasa_server

# Keys whose values are names the bot itself chose (event types, actions, slots, intents), never resident text.
NOT_REDACTED = {"event", "name", "policy", "entity", "extractor", "input_channel", "message_id"}


def redact_value(value: Any, key: str = "") -> Any:
    """Every string inside value redacted, at any depth: text, parse_data, entities, slot values, metadata."""
    if key in NOT_REDACTED:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_value(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    return value


def redact_event(event: Event) -> Event:
    """The event with personal details redacted; the same event if it held none (rebuilding one is slow)."""
    data = event.as_dict()
    redacted = redact_value(data)
    return event if redacted == data else Event.from_parameters(redacted)


class RedactingTrackerStore(TrackerStore):
    """Redacts each tracker, then hands it to the inner store named by `inner:` in the endpoints config."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        inner: dict | None = None,
        **kwargs: Any,
    ) -> None:
        if not inner or "type" not in inner:
            raise ValueError("RedactingTrackerStore needs an inner store, e.g. inner: {type: SQL, db: var/tracker.db}")
        # This store is made in every Rasa server process, after Rasa has set up logging: the place to make
        # sure its logs are redacted too, and the patches on.
        set_up_rasa_server()
        super().__init__(domain, event_broker, **kwargs)
        inner_config = EndpointConfig.from_dict(dict(inner))
        self.inner = TrackerStore.create(inner_config, domain, event_broker)

    @property
    def domain(self) -> Domain:
        return self.inner.domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        # Rasa sets the domain on the store when a model is loaded; the inner store builds the trackers.
        self._domain = domain or Domain.empty()
        if hasattr(self, "inner"):
            self.inner.domain = self._domain

    def redacted(self, tracker: DialogueStateTracker) -> DialogueStateTracker:
        """The tracker with its unsaved events redacted: the same tracker if none held a personal detail.

        The events the inner store marked as stored (server/bounded_store.py) were redacted when they were saved,
        and it writes only what came after them, so they are kept as they are: redacting a whole conversation on
        every save was a tenth of a server's busy time under py-spy. Without the mark, every event is redacted.
        """
        stored = getattr(tracker, STORED, 0)
        events = list(tracker.events)
        events[stored:] = [redact_event(event) for event in events[stored:]]
        if all(new is old for new, old in zip(events, tracker.events, strict=True)):
            return tracker
        rebuilt = DialogueStateTracker.from_events(
            tracker.sender_id, events, slots=self.domain.slots, max_event_history=tracker._max_event_history
        )
        _carry_marks(tracker, rebuilt)
        return rebuilt

    async def save(self, tracker: DialogueStateTracker) -> None:
        kept = self.redacted(tracker)
        await self.inner.save(kept)
        _carry_marks(kept, tracker)  # what the inner store noted on the copy it saved, for the next save in the turn

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self.inner.retrieve(sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self.inner.retrieve_full_tracker(conversation_id)

    async def keys(self) -> Iterable[str]:
        return await self.inner.keys()


def _carry_marks(source: DialogueStateTracker, target: DialogueStateTracker) -> None:
    """The inner store's notes on a tracker (server/bounded_store.py marks how many of its events are stored), from
    the tracker to its redacted copy and back: the copy has the same events, in the same order."""
    if source is not target and hasattr(source, STORED):
        setattr(target, STORED, getattr(source, STORED))
