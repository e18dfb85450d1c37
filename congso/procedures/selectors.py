"""Reads of the procedure catalogue."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from congso.core.errors import NotFound
from congso.core.text import fold

from .models import Procedure, ProcessStep, RequiredPaper, Sector
from .permissions import visible_procedures


def procedure_list(*, user: Any, query: str = "", sector: str = "", level: str = "") -> QuerySet[Procedure]:
    qs = visible_procedures(user).select_related("sector")
    for term in fold(query).split():
        qs = qs.filter(search_text__contains=term)
    if sector:
        qs = qs.filter(sector__code=sector)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("sector__name_sort", "name_sort")


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
