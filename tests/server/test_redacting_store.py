"""The redacting store in front of the bounded one, as endpoints.yml chains them: what is kept, and kept once."""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from ops.settings import DOMAIN
from server.redacting_store import RedactingTrackerStore


def test_a_conversation_with_personal_details_is_kept_redacted_and_each_event_once(tmp_path):
    store = RedactingTrackerStore(
        domain=Domain.load(DOMAIN),
        inner={"type": "server.bounded_store.BoundedSQLTrackerStore", "db": str(tmp_path / "t.db")},
    )

    async def converse() -> None:
        for n in range(3):
            tracker = await store.retrieve("resident") or await store.create_tracker("resident")
            tracker.update(
                UserUttered(f"my number is 07700 900{n:03d}, question {n}", {"name": "greet", "confidence": 1})
            )
            await store.save(tracker)  # Rasa saves mid-turn, then again at the end of the turn
            tracker.update(BotUttered("hi"))
            tracker.update(ActionExecuted("action_listen"))
            await store.save(tracker)

    asyncio.run(converse())
    kept = asyncio.run(store.retrieve_full_tracker("resident")).events
    said = [e.text for e in kept if isinstance(e, UserUttered)]
    assert len(said) == 3 and all("07700" not in text for text in said), said
    assert [text.rsplit(" ", 1)[-1] for text in said] == ["0", "1", "2"]
    assert sum(isinstance(e, BotUttered) for e in kept) == 3
