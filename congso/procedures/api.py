"""/api/v1/procedures: the public catalogue, and its import, export and editing (system administrators)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import Body, Router, Schema
from ninja.pagination import paginate

from congso.core.api_base import ErrorOut, InputSchema, PageNumber
from congso.core.errors import PermissionDenied, ValidationFailed

from . import services
from .permissions import can_manage_catalogue
from .selectors import procedure_get, procedure_list

router = Router(tags=["procedures"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SectorOut(Schema):
    code: str
    name: str


class ProcedureOut(Schema):
    code: str
    name: str
    sector: SectorOut
    level: str
    time_unit: str
    time_direct: Decimal
    time_online: Decimal
    time_postal: Decimal
    online_level: str
    updated_at: datetime


class ProcedureDetailOut(ProcedureOut):
    detail: dict[str, Any]

    @staticmethod
    def resolve_detail(obj):
        return services.procedure_as_dict(obj)


class ImportIn(InputSchema):
    procedures: list[dict[str, Any]] = []
    csv: str = ""


class ImportOut(Schema):
    imported: int


@router.get("", response=list[ProcedureOut], auth=None)
@paginate(PageNumber)
def list_procedures(request, q: str = "", sector: str = "", level: str = ""):
    return procedure_list(user=request.user, query=q, sector=sector, level=level)


@router.get("/export", auth=None, response={200: None})
def export_procedures(request, format: str = "json"):
    items = services.procedures_export(procedures=procedure_list(user=request.user))
    if format == "csv":
        response = HttpResponse(services.procedures_to_csv(items), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="thu-tuc.csv"'
        return response
    import json

    return HttpResponse(json.dumps(items, ensure_ascii=False, indent=1), content_type="application/json")


@router.post("/import", response={200: ImportOut, **ERRORS})
def import_procedures(request, payload: ImportIn):
    if not can_manage_catalogue(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống được nhập danh mục thủ tục.")
    items = payload.procedures or (services.procedures_from_csv(payload.csv) if payload.csv else [])
    if not items:
        raise ValidationFailed("Không có thủ tục nào để nhập.", details={"procedures": ["Trống."]})
    return {"imported": services.procedures_import(actor=request.user, items=items)}


@router.get("/{code}", response={200: ProcedureDetailOut, 404: ErrorOut}, auth=None)
def get_procedure(request, code: str):
    return procedure_get(user=request.user, code=code)


@router.put("/{code}", response={200: ProcedureDetailOut, **ERRORS})
def save_procedure(request, code: str, payload: dict[str, Any] = Body(...)):  # noqa: B008 - ninja's idiom
    """Create or replace one procedure from a JSON body in the import format (docs/procedures.md)."""
    return services.procedure_save(actor=request.user, data={**payload, "code": code})
