"""Makes a tracker store failure fail the turn, instead of Rasa quietly starting the conversation afresh.

Rasa 3.6's Agent wraps every tracker store in a FailSafeTrackerStore. When `retrieve` fails it returns None,
so the processor creates a new, empty conversation: the resident's practice and history vanish and nothing
says why. When `save` fails it keeps the turn in memory only. Here both re-raise, so the REST channel
answers with its apology (NHS 111, nhs.uk, 999) and the stored conversation is untouched; once the database
is back, the next turn carries on with its history. Switched on by server.patches.apply(), which checks the
Rasa version first.
"""

from __future__ import annotations

import logging

from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)


async def retrieve(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    try:
        return await self._tracker_store.retrieve(sender_id)
    except Exception:
        logger.error("Could not read conversation %s; the turn fails rather than starting afresh", sender_id)
        raise


async def save(self: FailSafeTrackerStore, tracker: DialogueStateTracker) -> None:
    try:
        await self._tracker_store.save(tracker)
    except Exception:
        logger.error(
            "Could not store conversation %s; the turn fails rather than keeping it in memory", tracker.sender_id
        )
        raise


def patch() -> None:
    FailSafeTrackerStore.retrieve = retrieve
    FailSafeTrackerStore.save = save
