"""The public procedure catalogue: search and one procedure's page (papers, time, fees, process)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from congso.core.errors import NotFound

from .models import Procedure
from .selectors import procedure_get, procedure_list, sector_list


def procedure_index(request):
    query, sector, level = (
        request.GET.get("q", ""),
        request.GET.get("linh-vuc", ""),
        request.GET.get("cap", ""),
    )
    qs = procedure_list(
        user=request.user, query=query, sector=sector, level=level if level in Procedure.Level.values else ""
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
        },
    )


def procedure_detail(request, code: str):
    try:
        procedure = procedure_get(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "procedures/detail.html", {"procedure": procedure})
