"""“Việc của tôi”: what waits for a person, gathered from every module through one registry.

A module registers a `WorkSource` in its AppConfig.ready(); the home page, the count in the menu and any later
page read `gather(user)`, so a module added later (leaders' work, feedback) shows up everywhere at once. Each
entry links straight to the page where the action is taken and names the action in the users' words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise

from .calendar import deadline_badge

# A source reads at most this many entries: the home shows the first ones, and the count says "99+" past it.
COUNT_LIMIT = 99


@dataclass(frozen=True)
class WorkEntry:
    title: str
    url: str
    action: str | Promise  # what the person does, e.g. "Vào sổ", "Cho ý kiến chỉ đạo", "Tiếp nhận"
    due: date | datetime | None = None
    detail: str = ""  # a second line: a code, an applicant, a procedure
    urgency: str = ""  # express / very_urgent / urgent (documents), shown before the title

    @property
    def badge(self) -> str:
        return deadline_badge(self.due)


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
        self.overdue = sum(1 for entry in self.entries if entry.badge == "overdue")

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


def gather(user: Any, *, shown: int = 8) -> list[WorkGroup]:
    """Every source's entries for `user`, in the sources' order; sources with nothing are left out."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != "staff":
        return []
    groups = []
    for source in sorted(WORK_SOURCES.values(), key=lambda s: (s.order, s.code)):
        entries = source.collect(user, COUNT_LIMIT)
        if entries:
            groups.append(WorkGroup(source, entries[:COUNT_LIMIT], shown))
    return groups


def totals(groups: list[WorkGroup]) -> dict[str, Any]:
    return {
        "count": sum(group.count for group in groups),
        "overdue": sum(group.overdue for group in groups),
        "capped": any(group.capped for group in groups),
    }
