"""Registers, reports and KPIs (NĐ 30/2020 Phụ lục VI), and record files: on screen, as PDF (printed and bound)
and as XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.core.calendar import FIRST_YEAR, LAST_YEAR
from congso.core.errors import ApplicationError, NotFound, PermissionDenied
from congso.core.params import parse_id
from congso.core.pdf import render_pdf
from congso.core.xlsx import table_to_xlsx
from congso.organizations.models import Unit

from . import permissions, services
from .selectors import document_get
from .selectors.reports import (
    FOLLOWUP_HEADERS,
    INCOMING_HEADERS,
    OUTGOING_HEADERS,
    Period,
    followup_rows,
    incoming_register_rows,
    kpis,
    outgoing_register_rows,
    outgoing_report,
    record_file_documents,
    record_file_get,
    record_file_list,
)

KINDS = {
    "den": ("Sổ đăng ký văn bản đến", INCOMING_HEADERS, incoming_register_rows),
    "di": ("Sổ đăng ký văn bản đi", OUTGOING_HEADERS, outgoing_register_rows),
    "theo-doi": ("Sổ theo dõi giải quyết văn bản đến", FOLLOWUP_HEADERS, followup_rows),
}


def _agency(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership.agency


def _year(request) -> int:
    value = request.GET.get("nam", "")
    return (
        int(value) if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR else timezone.localdate().year
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def registers(request):
    agency = _agency(request)
    kind = request.GET.get("loai", "den")
    year = _year(request)
    period = Period.year(year)
    try:
        if kind == "bao-cao-di":
            title, headers = "Báo cáo thống kê văn bản đi", ["Loại văn bản", "Số văn bản", "Gửi điện tử"]
            rows = [
                [r["document_type__name"], r["total"], r["electronic"]]
                for r in outgoing_report(user=request.user, agency_id=agency.pk, period=period)
            ]
        else:
            title, headers, reader = KINDS.get(kind, KINDS["den"])
            kind = kind if kind in KINDS else "den"
            unit_id = request.GET.get("don-vi", "")
            if kind == "theo-doi" and unit_id.isdigit():
                unit = Unit.objects.filter(pk=int(unit_id), agency=agency).first()
                rows = followup_rows(
                    user=request.user, agency_id=agency.pk, period=period, unit_id=unit.pk if unit else -1
                )
                title = f"{title} — {unit.name}" if unit else title
            else:
                rows = reader(user=request.user, agency_id=agency.pk, period=period)
    except PermissionDenied as exc:
        return HttpResponseForbidden(exc.message)
    subtitle = f"{agency.name} — năm {year}"
    export = request.GET.get("xuat")
    if export == "xlsx":
        return _download(
            table_to_xlsx(title=f"{title} — {subtitle}", headers=headers, rows=rows),
            f"{kind}-{year}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if export == "pdf":
        try:
            pdf = render_pdf(
                "core/pdf/table.html",
                {
                    "empty_text": "Không có văn bản.",
                    "title": title,
                    "subtitle": subtitle,
                    "headers": headers,
                    "rows": rows,
                    "agency_name": agency.name,
                    "printed_at": timezone.localtime(),
                },
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.path + f"?loai={kind}&nam={year}")
        return _download(pdf, f"{kind}-{year}.pdf", "application/pdf")
    return render(
        request,
        "documents/registers.html",
        {
            "title": title,
            "subtitle": subtitle,
            "headers": headers,
            "rows": rows,
            "kind": kind,
            "year": year,
            "unit_id": request.GET.get("don-vi", ""),
            "kinds": [
                ("den", "Sổ văn bản đến"),
                ("di", "Sổ văn bản đi"),
                ("theo-doi", "Sổ theo dõi giải quyết"),
                ("bao-cao-di", "Báo cáo văn bản đi"),
            ],
            "kpis": kpis(user=request.user, agency_id=agency.pk, period=period),
            "unit_kpis": [
                (unit, kpis(user=request.user, agency_id=agency.pk, period=period, unit_id=unit.pk))
                for unit in Unit.objects.filter(agency=agency, valid_to__isnull=True).order_by("name_sort")
            ],
        },
    )


@login_required
def record_files(request):
    agency = _agency(request)
    year = _year(request)
    if request.method == "POST":
        try:
            services.record_file_create(
                actor=request.user,
                agency_id=agency.pk,
                year=year,
                code=request.POST.get("code", ""),
                title=request.POST.get("title", ""),
                retention_period=request.POST.get("retention_period", ""),
                unit_id=getattr(request.membership, "unit_id", None),
                description=request.POST.get("description", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The record file was added to the file list."))
        return redirect(f"{request.path}?nam={year}")
    export = request.GET.get("xuat")
    if export in ("pdf", "xlsx"):
        return _file_list_export(request, agency, year, export)
    return render(
        request,
        "documents/record_files.html",
        {
            "files": record_file_list(user=request.user, agency_id=agency.pk, year=year),
            "year": year,
            "can_manage": permissions.can_manage_record_files(request.user, agency.pk),
        },
    )


def _file_list_export(request, agency, year: int, export: str):
    """Danh mục hồ sơ (the index of record files) as XLSX or PDF."""
    title = f"Danh mục hồ sơ năm {year}"
    headers = [
        "Số, ký hiệu hồ sơ",
        "Tiêu đề hồ sơ",
        "Thời hạn bảo quản",
        "Đơn vị, người lập hồ sơ",
        "Số văn bản",
        "Ghi chú",
    ]
    rows = [
        [
            f.code,
            f.title,
            f.retention_period,
            f.unit.name if f.unit else (f.keeper.full_name if f.keeper else ""),
            f.doc_total,
            "Đã kết thúc" if f.closed else "",
        ]
        for f in record_file_list(user=request.user, agency_id=agency.pk, year=year)
    ]
    if export == "xlsx":
        return _download(
            table_to_xlsx(title=f"{title} — {agency.name}", headers=headers, rows=rows, sheet="Danh mục"),
            f"danh-muc-ho-so-{year}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    try:
        pdf = render_pdf(
            "core/pdf/table.html",
            {
                "empty_text": "Không có văn bản.",
                "title": title,
                "subtitle": agency.name,
                "headers": headers,
                "rows": rows,
                "agency_name": agency.name,
                "printed_at": timezone.localtime(),
            },
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{request.path}?nam={year}")
    return _download(pdf, f"danh-muc-ho-so-{year}.pdf", "application/pdf")


@login_required
def record_file_detail(request, pk: int):
    try:
        record_file = record_file_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.method == "POST" and request.POST.get("action") == "close":
        try:
            services.record_file_close(actor=request.user, record_file=record_file)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)
    if request.GET.get("xuat") == "zip":
        try:
            content = services.record_file_export(actor=request.user, record_file=record_file)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        return _download(content, f"ho-so-{record_file.year}-{record_file.code}.zip", "application/zip")
    documents = record_file_documents(record_file, user=request.user)
    return render(
        request,
        "documents/record_file_detail.html",
        {
            "record_file": record_file,
            "documents": documents,
            "can_manage": permissions.can_manage_record_files(request.user, record_file.agency_id),
        },
    )


@login_required
@require_POST
def file_document(request, pk: int):
    record_file_id = parse_id(request.POST.get("record_file"))
    if record_file_id is None:
        messages.error(request, _("Choose a record file."))
        return redirect(f"/van-ban/{pk}/")
    try:
        document = document_get(user=request.user, pk=pk)
        record_file = record_file_get(user=request.user, pk=record_file_id)
        services.record_file_add_document(actor=request.user, record_file=record_file, document=document)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The document was put in the record file."))
    return redirect(f"/van-ban/{pk}/")
