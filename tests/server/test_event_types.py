"""Events read back from the store are the classes Rasa itself would make of them, with the patch on."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered

from server import patches


@pytest.fixture(autouse=True, scope="module")
def patched():
    patches.apply()


@pytest.mark.parametrize(
    "event",
    [
        UserUttered("hi", {"name": "greet"}),
        BotUttered("hello"),
        ActionExecuted("action_listen"),
        SlotSet("practice", "The Miller Practice"),
        SessionStarted(),
    ],
)
def test_each_event_reads_back_as_itself_twice(event):
    for _ in range(2):  # the first read asks Rasa, the second the table
        assert Event.from_parameters(event.as_dict()) == event


def test_an_unknown_event_still_gets_the_default_or_rasas_error():
    assert Event.from_parameters({"event": "no_such_event"}, default=BotUttered) == BotUttered()
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
