"""The public procedure catalogue: search and one procedure's page (papers, time, fees, process)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from congso.core.errors import NotFound
from congso.organizations.models import Agency

from .models import Procedure
from .selectors import (
    life_events_with_counts,
    procedure_agency_kinds,
    procedure_get,
    procedure_list,
    sector_list,
)


def procedure_index(request):
    query, sector, level, event_code, agency_kind = (
        request.GET.get("q", ""),
        request.GET.get("linh-vuc", ""),
        request.GET.get("cap", ""),
        request.GET.get("su-kien", ""),
        request.GET.get("co-quan", ""),
    )
    events = life_events_with_counts(user=request.user)
    event = next((e for e in events if e.code == event_code), None)
    handled = procedure_agency_kinds(user=request.user)
    agency_kinds = [(v, label) for v, label in Agency.Kind.choices if v in handled]
    qs = procedure_list(
        user=request.user,
        query=query,
        sector=sector,
        level=level if level in Procedure.Level.values else "",
        event=event,
        agency_kind=agency_kind if agency_kind in dict(agency_kinds) else "",
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "procedures/index.html",
        {
            "page": page,
            "query": query,
            "sector": sector,
            "level": level,
            "sectors": sector_list(),
            "levels": Procedure.Level.choices,
            "events": events,
            "event": event,
            "agency_kinds": agency_kinds,
            "agency_kind": agency_kind,
        },
    )


def procedure_detail(request, code: str):
    try:
        procedure = procedure_get(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "procedures/detail.html", {"procedure": procedure})
