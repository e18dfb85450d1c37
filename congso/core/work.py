"""“Việc của tôi”: what waits for a person, gathered from every module through one registry.

A module registers a `WorkSource` in its AppConfig.ready(); the home page, the count in the menu and any later
page read `gather(user)`, so a module added later (leaders' work, feedback) shows up everywhere at once. Each
entry links straight to the page where the action is taken and names the action in the users' words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise

from .calendar import deadline_badge

# A source reads at most this many entries: the home shows the first ones, and the count says "50+" past it.
COUNT_LIMIT = 50


@dataclass
class WorkEntry:
    title: str
    url: str
    action: str | Promise  # what the person does, e.g. "Vào sổ", "Cho ý kiến chỉ đạo", "Tiếp nhận"
    due: date | datetime | None = None
    detail: str = ""  # a second line: a code, an applicant, a procedure
    urgency: str = ""  # express / very_urgent / urgent (documents), shown before the title

    @cached_property
    def badge(self) -> str:
        return deadline_badge(self.due)

    def overdue(self, now: datetime, today: date) -> bool:
        """Past its deadline (what the red badge says), without the working-day count the full badge needs."""
        if self.due is None:
            return False
        return self.due < now if isinstance(self.due, datetime) else self.due < today


@dataclass(frozen=True)
class WorkSource:
    """`collect(user, limit)` returns up to `limit` entries for `user`, most pressing first; `[]` when the person
    has no part in the module. `list_url_name` is the module's full list."""

    code: str
    title: str | Promise
    collect: Callable[[Any, int], list[WorkEntry]]
    list_url_name: str
    list_label: str | Promise
    order: int = 100


WORK_SOURCES: dict[str, WorkSource] = {}


def register_work_source(source: WorkSource) -> None:
    WORK_SOURCES[source.code] = source


@dataclass
class WorkGroup:
    source: WorkSource
    entries: list[WorkEntry]
    shown: int
    overdue: int = field(init=False)

    def __post_init__(self) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        self.overdue = sum(1 for entry in self.entries if entry.overdue(now, today))

    @property
    def visible(self) -> list[WorkEntry]:
        return self.entries[: self.shown]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def more(self) -> bool:
        return len(self.entries) > self.shown

    @property
    def capped(self) -> bool:
        return len(self.entries) >= COUNT_LIMIT


def _cache_key(user: Any) -> str:
    return f"congso:work:{user.pk}:{translation.get_language() or ''}"


def forget(user: Any) -> None:
    """Drop the person's cached work: called after each of their writes (core.middleware.WorkCacheMiddleware), so
    what they just did never lingers on their own home."""
    if getattr(user, "pk", None):
        for language in {code for code, _name in settings.LANGUAGES}:
            cache.delete(f"congso:work:{user.pk}:{language}")


def _entries(user: Any) -> dict[str, list[WorkEntry]]:
    """Each source's entries, read from the cache for `CONGSO_WORK_CACHE_SECONDS` (ADR 0011): the home is
    every staff member's most visited page; work given to them by someone else appears within that time."""
    seconds = settings.CONGSO_WORK_CACHE_SECONDS
    key = _cache_key(user)
    if seconds:
        found = cache.get(key)
        if found is not None:
            return found
    entries = {}
    for source in sorted(WORK_SOURCES.values(), key=lambda s: (s.order, s.code)):
        rows = source.collect(user, COUNT_LIMIT)[:COUNT_LIMIT]
        for entry in rows:
            entry.action = str(entry.action)  # in the request's language (part of the key)
        entries[source.code] = rows
    if seconds:
        cache.set(key, entries, seconds)
    return entries


def gather(user: Any, *, shown: int = 8) -> list[WorkGroup]:
    """Every source's entries for `user`, in the sources' order; sources with nothing are left out. Counts of
    overdue entries are taken now, not when the entries were read."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != "staff":
        return []
    entries = _entries(user)
    return [
        WorkGroup(source, entries[source.code], shown)
        for source in sorted(WORK_SOURCES.values(), key=lambda s: (s.order, s.code))
        if entries.get(source.code)
    ]


def totals(groups: list[WorkGroup]) -> dict[str, Any]:
    return {
        "count": sum(group.count for group in groups),
        "overdue": sum(group.overdue for group in groups),
        "capped": any(group.capped for group in groups),
    }
