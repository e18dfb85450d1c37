"""/api/v1/documents: registers, the legal registers and reports with the KPIs, record files, saved searches,
paper dispatch."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from ninja import Schema

from congso.core.api_base import ErrorOut, InputSchema, ReportYear
from congso.core.errors import NotFound, PermissionDenied

from .. import services
from ..models import SavedSearch
from ..selectors import document_get, register_list
from ..selectors.reports import (
    FOLLOWUP_HEADERS,
    INCOMING_HEADERS,
    OUTGOING_HEADERS,
    Period,
    followup_rows,
    incoming_register_rows,
    kpis,
    outgoing_register_rows,
    record_file_documents,
    record_file_get,
    record_file_list,
)
from . import ERRORS, _agency, router

BOOKS = {
    "incoming": (INCOMING_HEADERS, incoming_register_rows),
    "outgoing": (OUTGOING_HEADERS, outgoing_register_rows),
    "follow-up": (FOLLOWUP_HEADERS, followup_rows),
}


class RegisterOut(Schema):
    id: int
    agency_id: int
    direction: str
    name: str
    secret: bool
    notation_pattern: str


class RegisterIn(InputSchema):
    agency_id: int | None = None
    direction: str
    name: str
    secret: bool = False
    notation_pattern: str = ""


class BookOut(Schema):
    headers: list[str]
    rows: list[list[str]]


class KpisOut(Schema):
    incoming: int
    incoming_electronic: int
    outgoing: int
    outgoing_electronic: int
    outgoing_signed: int
    handled_with_deadline: int
    handled_on_time: int
    open_overdue: int
    electronic_share: float | None
    signed_share: float | None
    on_time_rate: float | None


class RecordFileOut(Schema):
    id: int
    agency_id: int
    year: int
    code: str
    title: str
    retention_period: str
    unit_id: int | None
    closed: bool


class RecordFileIn(InputSchema):
    agency_id: int | None = None
    year: int
    code: str
    title: str
    retention_period: str
    description: str = ""


class RecordFileDetailOut(RecordFileOut):
    documents: list[int]

    @staticmethod
    def resolve_documents(obj, context):
        return [d.pk for d in record_file_documents(obj, user=context["request"].user)]


class DocumentRefIn(InputSchema):
    document_id: int


class SavedSearchOut(Schema):
    id: int
    name: str
    query_string: str


class SavedSearchIn(InputSchema):
    name: str
    query_string: str


class PaperSentIn(InputSchema):
    sent_on: date


def _cell(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@router.get("/registers", response=list[RegisterOut])
def list_registers(request, agency_id: int | None = None, direction: str = ""):
    return register_list(
        user=request.user, agency_id=_agency(request, agency_id), direction=direction or None
    )


@router.post("/registers", response={201: RegisterOut, **ERRORS})
def create_register(request, payload: RegisterIn):
    register = services.register_create(
        actor=request.user,
        agency_id=_agency(request, payload.agency_id),
        direction=payload.direction,
        name=payload.name,
        secret=payload.secret,
        notation_pattern=payload.notation_pattern,
    )
    return 201, register


@router.get("/books/{book}", response={200: BookOut, 403: ErrorOut, 404: ErrorOut})
def read_book(
    request,
    book: str,
    year: ReportYear | None = None,
    agency_id: int | None = None,
    unit_id: int | None = None,
):
    """The incoming register, the outgoing register or the follow-up register of a year (NĐ 30/2020 Phụ lục VI)."""
    if book not in BOOKS:
        raise NotFound("Không có sổ này (incoming, outgoing, follow-up).")
    headers, reader = BOOKS[book]
    period = Period.year(year or timezone.localdate().year)
    kwargs = {"unit_id": unit_id} if book == "follow-up" and unit_id else {}
    rows = reader(user=request.user, agency_id=_agency(request, agency_id), period=period, **kwargs)
    return {"headers": headers, "rows": [[_cell(cell) for cell in row] for row in rows]}


@router.get("/kpis", response={200: KpisOut, 403: ErrorOut})
def read_kpis(
    request,
    year: ReportYear | None = None,
    agency_id: int | None = None,
    unit_id: int | None = None,
):
    agency = _agency(request, agency_id)
    if agency not in request.user.agency_ids():
        raise PermissionDenied("Bạn không thuộc cơ quan này.")
    figures = kpis(
        user=request.user,
        agency_id=agency,
        period=Period.year(year or timezone.localdate().year),
        unit_id=unit_id,
    )
    return {
        **figures.__dict__,
        "electronic_share": figures.electronic_share,
        "signed_share": figures.signed_share,
        "on_time_rate": figures.on_time_rate,
    }


@router.get("/record-files", response=list[RecordFileOut])
def list_record_files(request, year: int | None = None, agency_id: int | None = None):
    return record_file_list(user=request.user, agency_id=_agency(request, agency_id), year=year)


@router.post("/record-files", response={201: RecordFileOut, **ERRORS})
def create_record_file(request, payload: RecordFileIn):
    created = services.record_file_create(
        actor=request.user,
        agency_id=_agency(request, payload.agency_id),
        year=payload.year,
        code=payload.code,
        title=payload.title,
        retention_period=payload.retention_period,
        description=payload.description,
    )
    return 201, created


@router.get("/record-files/{int:record_file_id}", response={200: RecordFileDetailOut, 404: ErrorOut})
def get_record_file(request, record_file_id: int):
    return record_file_get(user=request.user, pk=record_file_id)


@router.post("/record-files/{int:record_file_id}/documents", response={200: RecordFileDetailOut, **ERRORS})
def file_document(request, record_file_id: int, payload: DocumentRefIn):
    record_file = record_file_get(user=request.user, pk=record_file_id)
    services.record_file_add_document(
        actor=request.user,
        record_file=record_file,
        document=document_get(user=request.user, pk=payload.document_id),
    )
    return record_file


@router.post("/record-files/{int:record_file_id}/close", response={200: RecordFileOut, **ERRORS})
def close_record_file(request, record_file_id: int):
    return services.record_file_close(
        actor=request.user, record_file=record_file_get(user=request.user, pk=record_file_id)
    )


@router.get("/record-files/{int:record_file_id}/export", response={200: None, 404: ErrorOut, 503: ErrorOut})
def export_record_file(request, record_file_id: int):
    """A ZIP: ho-so.pdf (index, then the documents in chronological order), ho-so.xml (Phụ lục VI), tep/."""
    record_file = record_file_get(user=request.user, pk=record_file_id)
    response = HttpResponse(
        services.record_file_export(actor=request.user, record_file=record_file),
        content_type="application/zip",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ho-so-{record_file.year}-{record_file.code}.zip"'
    )
    return response


@router.get("/saved-searches", response=list[SavedSearchOut])
def list_saved_searches(request):
    return SavedSearch.objects.filter(user=request.user)


@router.post("/saved-searches", response={201: SavedSearchOut, **ERRORS})
def save_search(request, payload: SavedSearchIn):
    saved = services.saved_search_save(
        user=request.user, name=payload.name, query_string=payload.query_string
    )
    return 201, saved


@router.delete("/saved-searches/{int:saved_id}", response={204: None, 404: ErrorOut})
def delete_saved_search(request, saved_id: int):
    saved = SavedSearch.objects.filter(pk=saved_id, user=request.user).first()
    if saved is None:
        raise NotFound("Không tìm thấy tìm kiếm đã lưu.")
    services.saved_search_delete(user=request.user, saved=saved)
    return 204, None


@router.post("/{int:document_id}/recipients/{int:recipient_id}/paper-sent", response={200: None, **ERRORS})
def paper_sent(request, document_id: int, recipient_id: int, payload: PaperSentIn):
    document = document_get(user=request.user, pk=document_id)
    recipient = document.recipients.filter(pk=recipient_id).first()
    if recipient is None:
        raise NotFound("Không tìm thấy nơi nhận.")
    services.outgoing_recipient_paper_sent(actor=request.user, recipient=recipient, sent_on=payload.sent_on)
    return 200, None
