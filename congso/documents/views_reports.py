"""Registers, reports and KPIs (NĐ 30/2020 Phụ lục VI), and record files: on screen, and as PDF (printed and bound)
or XLSX built by the worker (exports.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.core.calendar import FIRST_YEAR, LAST_YEAR
from congso.core.errors import ApplicationError, NotFound, PermissionDenied
from congso.core.params import parse_id
from congso.core.views_errors import denied
from congso.core.views_exports import start_export
from congso.organizations.models import Unit

from . import permissions, services
from .exports import register_table
from .selectors import document_get
from .selectors.reports import (
    Period,
    kpis,
    record_file_documents,
    record_file_get,
    record_file_list,
)


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


@login_required
def registers(request):
    agency = _agency(request)
    year = _year(request)
    period = Period.year(year)
    unit_id = request.GET.get("don-vi", "")
    try:
        table = register_table(
            user=request.user, agency=agency, kind=request.GET.get("loai", "den"), year=year, unit_id=unit_id
        )
    except PermissionDenied as exc:
        return denied(request, exc.message)
    export = request.GET.get("xuat")
    if export in ("pdf", "xlsx"):
        return start_export(
            request,
            kind="documents.register",
            params={
                "agency_id": agency.pk,
                "kind": table.kind,
                "year": year,
                "unit_id": unit_id,
                "format": export,
            },
            title=f"{table.title} — {table.subtitle}",
            filename=f"{table.kind}-{year}.{export}",
            file_format=export,
            back=f"{request.path}?loai={table.kind}&nam={year}",
        )
    kind, title, subtitle, headers, rows = table.kind, table.title, table.subtitle, table.headers, table.rows
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
        return start_export(
            request,
            kind="documents.file_list",
            params={"agency_id": agency.pk, "year": year, "format": export},
            title=f"Danh mục hồ sơ năm {year} — {agency.name}",
            filename=f"danh-muc-ho-so-{year}.{export}",
            file_format=export,
            back=f"{request.path}?nam={year}",
        )
    return render(
        request,
        "documents/record_files.html",
        {
            "files": record_file_list(user=request.user, agency_id=agency.pk, year=year),
            "year": year,
            "can_manage": permissions.can_manage_record_files(request.user, agency.pk),
        },
    )


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
        return start_export(
            request,
            kind="documents.record_file",
            params={"record_file_id": record_file.pk},
            title=f"Hồ sơ {record_file.code} — {record_file.title}",
            filename=f"ho-so-{record_file.year}-{record_file.code}.zip",
            file_format="zip",
            back=request.path,
        )
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
