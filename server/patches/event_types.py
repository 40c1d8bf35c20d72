"""Finds an event's class by its type name from a table, instead of walking every Event subclass each time.

Rasa 3.6's Event.resolve_by_type walks rasa.shared.utils.common.all_subclasses(Event), which rebuilds the list of
subclasses and asks inspect.isabstract of each one, for every event it reads: 5 % of a server's busy time under
py-spy at 20 concurrent conversations, since each turn reads its recent events back from the store. The classes
don't change once Rasa is imported, so the first class Rasa's own walk finds for a name is kept and returned after
that. Names it doesn't know, and the `default` and error cases, still go to Rasa's method. Switched on by
server.patches.apply(), which checks the Rasa version first.
"""

from __future__ import annotations

from rasa.shared.core.events import Event

_original = Event.resolve_by_type
_found: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _found.get(type_name)
    if found is None:
        found = _original(type_name, default)
        if found is not None and found is not default:
            _found[type_name] = found
    return found


def patch() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
