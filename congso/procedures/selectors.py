"""Reads of the procedure catalogue."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from congso.core.errors import NotFound
from congso.core.text import fold

from .models import LifeEvent, Procedure, ProcessStep, RequiredPaper, Sector
from .permissions import visible_procedures


def procedure_list(
    *,
    user: Any,
    query: str = "",
    sector: str = "",
    level: str = "",
    event: LifeEvent | None = None,
    agency_kind: str = "",
) -> QuerySet[Procedure]:
    """The catalogue, filtered: folded words, a sector, a level, a life event, the kind of agency that handles it."""
    qs = visible_procedures(user).select_related("sector")
    for term in fold(query).split():
        qs = qs.filter(search_text__contains=term)
    if sector:
        qs = qs.filter(sector__code=sector)
    if level:
        qs = qs.filter(level=level)
    if event is not None:
        qs = qs.filter(code__in=event.procedure_codes)
    if agency_kind:
        # agency_kinds is a short JSON list; read in Python so that SQLite and PostgreSQL agree (a catalogue holds
        # hundreds of procedures, not millions).
        ids = [pk for pk, kinds in qs.values_list("pk", "agency_kinds") if agency_kind in (kinds or [])]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("sector__name_sort", "name_sort")


def life_events_with_counts(*, user: Any) -> list[LifeEvent]:
    """The life events in use that lead to at least one procedure the user may see, each with its number (`n`)."""
    visible = set(visible_procedures(user).values_list("code", flat=True))
    events = []
    for event in LifeEvent.objects.filter(active=True):
        count = len(visible.intersection(event.procedure_codes))
        if count:
            event.n = count  # type: ignore[attr-defined]  # shown on the tiles
            events.append(event)
    return events


def procedure_get(*, user: Any, code: str) -> Procedure:
    found = (
        visible_procedures(user)
        .select_related("sector")
        .prefetch_related(
            Prefetch("papers", queryset=RequiredPaper.objects.order_by("order", "pk")),
            Prefetch("steps", queryset=ProcessStep.objects.order_by("order", "pk")),
            "fees",
        )
        .filter(code=code)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy thủ tục.")
    return found


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.all()


def sectors_with_counts(*, user: Any) -> QuerySet[Sector]:
    """The sectors that have procedures the user may see, each with their number (`n`), in Vietnamese order."""
    from django.db.models import Count, OuterRef, Subquery

    counts = (
        visible_procedures(user)
        .filter(sector=OuterRef("pk"))
        .order_by()
        .values("sector")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Sector.objects.annotate(n=Subquery(counts)).filter(n__gt=0).order_by("name_sort")


def procedure_agency_kinds(*, user: Any) -> set[str]:
    """The kinds of agencies that handle at least one procedure the user may see (the catalogue's filter)."""
    return {
        kind
        for kinds in visible_procedures(user).values_list("agency_kinds", flat=True)
        for kind in kinds or []
    }
