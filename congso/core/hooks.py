"""The registry of cross-module events (architecture rule 7): ordered, explicit, greppable.

Modules register a function for a named event in their AppConfig.ready():

    hooks.register("agency_merged", documents.services.on_agency_merged)

Callers run the hooks inside their own transaction with `hooks.run(...)`; an exception in any hook
propagates and rolls the whole operation back. Known events and their keyword arguments:

- ``agency_merged``: sources (list[Agency]), target (Agency), effective_date (date), actor (User | None),
  unit_map ({old unit id: new Unit}), event (LineageEvent)
- ``agency_split``: source (Agency), targets (list[Agency]), effective_date, actor
- ``agency_dissolved``: agency (Agency), successor (Agency | None), effective_date, actor
- ``signature_completed``: request (signatures.SigningRequest), pdf (bytes: the signed file), signed_at,
  digest (hex SHA-256 signed), actor — a personal signature made through the signing agent; the module that
  asked for it (by `request.target`) keeps the file
- ``home_panels``: not an event; see core.ui for the home page panel registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

KNOWN_EVENTS = {"agency_merged", "agency_split", "agency_dissolved", "signature_completed"}
_registry: dict[str, list[tuple[int, str, Callable[..., Any]]]] = defaultdict(list)


def register(event: str, fn: Callable[..., Any], *, order: int = 100) -> Callable[..., Any]:
    if event not in KNOWN_EVENTS:
        raise ValueError(f"Unknown hook event {event!r}; add it to core.hooks.KNOWN_EVENTS")
    name = f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}"
    entries = _registry[event]
    if any(existing_name == name for _, existing_name, _ in entries):
        return fn
    entries.append((order, name, fn))
    entries.sort(key=lambda item: (item[0], item[1]))
    return fn


def unregister(event: str, fn: Callable[..., Any]) -> None:
    _registry[event] = [entry for entry in _registry[event] if entry[2] is not fn]


def registered(event: str) -> list[str]:
    return [name for _, name, _ in _registry[event]]


def run(name: str, /, **kwargs: Any) -> list[Any]:
    """Run every hook for event `name` in order; exceptions propagate so the caller's transaction rolls back."""
    return [fn(**kwargs) for _, _, fn in list(_registry[name])]
