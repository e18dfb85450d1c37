"""/api/v1/organizations: areas, agencies (with lineage) and units."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from congso.core.api_base import ErrorOut, InputSchema, PageNumber
from congso.core.errors import PermissionDenied

from . import services
from .models import AdministrativeArea, Agency
from .permissions import can_change_structure
from .selectors import (
    agency_current_successors,
    agency_get,
    agency_list,
    agency_predecessors,
    agency_successors,
    area_list,
    unit_list,
)

router = Router(tags=["organizations"])


class AreaOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    organ_id: str
    kind: str
    parent_id: int | None
    area_id: int | None
    address: str
    phone: str
    email: str
    website: str
    valid_from: date
    valid_to: date | None


class AgencyRef(Schema):
    id: int
    name: str
    organ_id: str
    valid_to: date | None


class AgencyNameOut(Schema):
    name: str
    short_name: str
    valid_from: date
    valid_to: date | None


class AgencyDetailOut(AgencyOut):
    names: list[AgencyNameOut]
    predecessors: list[AgencyRef]
    successors: list[AgencyRef]
    current_successors: list[AgencyRef]


class UnitOut(Schema):
    id: int
    agency_id: int
    parent_id: int | None
    name: str
    short_name: str
    valid_from: date
    valid_to: date | None


class AgencyFilter(Schema):
    q: str = ""
    kind: str = ""
    parent_id: int | None = None
    area_id: int | None = None
    on: date | None = None
    include_ended: bool = False


class AgencyIn(InputSchema):
    name: str
    short_name: str
    organ_id: str
    kind: Agency.Kind
    parent_id: int | None = None
    area_id: int | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    valid_from: date | None = None


class MergeIn(InputSchema):
    source_ids: list[int]
    effective_date: date
    target_id: int | None = None
    new_agency: AgencyIn | None = None
    legal_basis: str = ""


@router.get("/areas", response=list[AreaOut])
@paginate(PageNumber)
def list_areas(request, kind: str = "", on: date | None = None, include_ended: bool = False):
    return area_list(user=request.user, kind=kind, in_force_on=on, include_ended=include_ended)


@router.get("/agencies", response=list[AgencyOut])
@paginate(PageNumber)
def list_agencies(request, filters: Query[AgencyFilter]):
    return agency_list(
        user=request.user,
        query=filters.q,
        kind=filters.kind,
        parent_id=filters.parent_id,
        area_id=filters.area_id,
        in_force_on=filters.on,
        include_ended=filters.include_ended,
    )


@router.get("/agencies/{int:agency_id}", response={200: AgencyDetailOut, 404: ErrorOut})
def get_agency(request, agency_id: int):
    agency = agency_get(user=request.user, pk=agency_id)
    agency.names = list(agency.name_versions.all())
    agency.predecessors = agency_predecessors(agency)
    agency.successors = agency_successors(agency)
    agency.current_successors = agency_current_successors(agency)
    return agency


def _agency_kwargs(payload: AgencyIn) -> dict:
    data = payload.dict(exclude={"parent_id", "area_id", "valid_from"})
    data["kind"] = str(payload.kind.value if hasattr(payload.kind, "value") else payload.kind)
    data["parent"] = get_object_or_404(Agency, pk=payload.parent_id) if payload.parent_id else None
    data["area"] = get_object_or_404(AdministrativeArea, pk=payload.area_id) if payload.area_id else None
    return data


@router.post("/agencies", response={201: AgencyOut, 403: ErrorOut, 422: ErrorOut})
def create_agency(request, payload: AgencyIn):
    if not can_change_structure(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống được thay đổi cơ cấu tổ chức.")
    agency = services.agency_create(
        actor=request.user, valid_from=payload.valid_from, **_agency_kwargs(payload)
    )
    return 201, agency


@router.post("/agencies/merge", response={200: AgencyOut, 403: ErrorOut, 422: ErrorOut})
def merge_agencies(request, payload: MergeIn):
    sources = [get_object_or_404(Agency, pk=pk) for pk in payload.source_ids]
    target = get_object_or_404(Agency, pk=payload.target_id) if payload.target_id else None
    new_agency = _agency_kwargs(payload.new_agency) if payload.new_agency else None
    return services.agency_merge(
        actor=request.user,
        sources=sources,
        target=target,
        new_agency=new_agency,
        effective_date=payload.effective_date,
        legal_basis=payload.legal_basis,
    )


@router.get("/units", response=list[UnitOut])
@paginate(PageNumber)
def list_units(request, agency_id: int | None = None, include_ended: bool = False, q: str = ""):
    """Units; `q` matches the name without regard to diacritics, or the short name."""
    return unit_list(user=request.user, agency_id=agency_id, include_ended=include_ended, query=q)
