"""Pages of organizations: the agency tree and an agency's page (units, names over time, lineage)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from congso.core.errors import NotFound

from .permissions import can_edit_agency, can_view_agency_internal
from .selectors import (
    agency_current_successors,
    agency_get,
    agency_list,
    agency_predecessors,
    agency_successors,
    agency_tree,
)


@login_required
def agency_index(request):
    query = request.GET.get("q", "")
    context = {"query": query}
    if query:
        context["results"] = agency_list(user=request.user, query=query)[:100]
    else:
        context["tree"] = agency_tree(user=request.user)
    return render(request, "organizations/agency_index.html", context)


@login_required
def agency_detail(request, pk: int):
    try:
        agency = agency_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "organizations/agency_detail.html",
        {
            "agency": agency,
            "units": agency.units.all(),
            "names": agency.name_versions.all(),
            "predecessors": agency_predecessors(agency),
            "successors": agency_successors(agency),
            "current_successors": agency_current_successors(agency) if not agency.in_force else [],
            "can_edit": can_edit_agency(request.user, agency),
            "can_view_internal": can_view_agency_internal(request.user, agency),
        },
    )
