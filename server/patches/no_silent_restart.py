"""Makes a tracker store failure fail the turn, instead of Rasa quietly starting the conversation afresh.

Rasa 3.6's Agent wraps every tracker store in a FailSafeTrackerStore. When `retrieve` fails it returns None,
so the processor creates a new, empty conversation: the resident's practice and history vanish and nothing
says why. When `save` fails it keeps the turn in memory only. Here both re-raise, so the REST channel
answers with its apology (NHS 111, nhs.uk, 999) and the stored conversation is untouched; once the database
is back, the next turn carries on with its history. Imported by server/bounded_store.py, so every server
that uses the project's tracker store has it.

It replaces methods of a Rasa class, so it refuses to load on any Rasa but the one it was read against.
"""

from __future__ import annotations

import logging

import rasa
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

WRITTEN_FOR = "3.6.21"
if rasa.__version__ != WRITTEN_FOR:
    raise ImportError(
        f"server.patches.no_silent_restart was written for Rasa {WRITTEN_FOR}, not {rasa.__version__}: "
        "re-read FailSafeTrackerStore and update or remove this patch"
    )

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


FailSafeTrackerStore.retrieve = retrieve
FailSafeTrackerStore.save = save
