"""Reads of the organisation structure, with lineage queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from congso.core.errors import NotFound
from congso.core.text import clean_text, fold

from .models import AdministrativeArea, Agency, AgencyLink, AreaLink, Unit
from .permissions import visible_agencies, visible_areas, visible_units


def _in_force_filter(day: date | None) -> Q:
    if day is None:
        return Q(valid_to__isnull=True)
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def agency_list(
    *,
    user: Any,
    in_force_on: date | None = None,
    include_ended: bool = False,
    query: str = "",
    kind: str = "",
    parent_id: int | None = None,
    area_id: int | None = None,
) -> QuerySet[Agency]:
    qs = visible_agencies(user).select_related("parent", "area")
    if not include_ended:
        qs = qs.filter(_in_force_filter(in_force_on))
    if query:
        term = clean_text(query)
        qs = qs.filter(
            Q(name_folded__contains=fold(term)) | Q(short_name__iexact=term) | Q(organ_id__iexact=term)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    if area_id:
        qs = qs.filter(area_id=area_id)
    return qs


def agency_get(*, user: Any, pk: int) -> Agency:
    agency = (
        visible_agencies(user)
        .select_related("parent", "area")
        .prefetch_related(
            "name_versions", Prefetch("units", queryset=Unit.objects.filter(valid_to__isnull=True))
        )
        .filter(pk=pk)
        .first()
    )
    if agency is None:
        raise NotFound("Không tìm thấy cơ quan.")
    return agency


def agency_get_by_organ_id(*, organ_id: str, on: date | None = None) -> Agency | None:
    return Agency.objects.filter(_in_force_filter(on), organ_id=organ_id.strip().upper()).first()


def agency_successors(agency: Agency) -> list[Agency]:
    """The direct successors of an agency (after a merge, split or dissolution)."""
    return [
        link.successor for link in AgencyLink.objects.filter(predecessor=agency).select_related("successor")
    ]


def agency_current_successors(agency: Agency) -> list[Agency]:
    """Follow successors until agencies in force: where an old agency's open work goes today."""
    result: list[Agency] = []
    seen: set[int] = set()
    frontier = [agency]
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.in_force and current.pk != agency.pk:
            result.append(current)
            continue
        frontier.extend(agency_successors(current))
    return sorted(result, key=lambda item: item.name_sort)


def agency_predecessors(agency: Agency) -> list[Agency]:
    """Every agency this one descends from, however many changes back."""
    result: list[Agency] = []
    seen = {agency.pk}
    frontier = [agency.pk]
    while frontier:
        links = AgencyLink.objects.filter(successor_id__in=frontier).select_related("predecessor")
        frontier = []
        for link in links:
            if link.predecessor_id not in seen:
                seen.add(link.predecessor_id)
                result.append(link.predecessor)
                frontier.append(link.predecessor_id)
    return sorted(result, key=lambda item: item.name_sort)


def agency_descendant_ids(agency: Agency) -> set[int]:
    """Ids of every agency below `agency` in the tree (not including it)."""
    found: set[int] = set()
    frontier = [agency.pk]
    while frontier:
        children = list(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in children if pk not in found]
        found.update(frontier)
    return found


def area_list(
    *, user: Any, in_force_on: date | None = None, include_ended: bool = False, kind: str = ""
) -> QuerySet[AdministrativeArea]:
    qs = visible_areas(user).select_related("parent")
    if not include_ended:
        qs = qs.filter(_in_force_filter(in_force_on))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def area_predecessors(area: AdministrativeArea) -> list[AdministrativeArea]:
    return [
        link.predecessor for link in AreaLink.objects.filter(successor=area).select_related("predecessor")
    ]


def unit_list(
    *, user: Any, agency_id: int | None = None, include_ended: bool = False, query: str = ""
) -> QuerySet[Unit]:
    qs = visible_units(user).select_related("agency")
    if query:
        qs = qs.filter(Q(name_folded__contains=fold(query)) | Q(short_name__iexact=clean_text(query)))
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if not include_ended:
        qs = qs.filter(valid_to__isnull=True)
    return qs


def agency_tree(*, user: Any) -> list[dict[str, Any]]:
    """Agencies in force as a nested tree (one query), for the organisation page."""
    agencies = list(agency_list(user=user).order_by("name_sort"))
    children: dict[int | None, list[Agency]] = {}
    ids = {agency.pk for agency in agencies}
    for agency in agencies:
        parent = agency.parent_id if agency.parent_id in ids else None
        children.setdefault(parent, []).append(agency)

    def build(parent_id: int | None) -> list[dict[str, Any]]:
        return [{"agency": a, "children": build(a.pk)} for a in children.get(parent_id, [])]

    return build(None)
