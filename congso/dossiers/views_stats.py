"""Statistics pages: the staff table with exports (XLSX, PDF), the QĐ 766 indicators and the ratings; the tracking
register Mẫu 06 of a desk; and the public board for the portal (no personal data, cached)."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.calendar import FIRST_DAY, LAST_DAY
from congso.core.errors import ApplicationError
from congso.core.params import parse_id
from congso.core.pdf import render_pdf
from congso.core.scope import PUBLIC
from congso.core.xlsx import table_to_xlsx
from congso.organizations.models import Agency

from . import services
from .permissions import process_agency_ids
from .selectors.ratings import rating_summary
from .selectors.statistics import COLUMNS, MAU_06_HEADERS, dossier_statistics, indicators, tracking_register

HEADERS = [
    "Tiếp nhận",
    "Trực tiếp",
    "Trực tuyến",
    "Bưu chính",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
    "Chờ bổ sung",
    "Chờ nghĩa vụ tài chính",
    "Dừng xử lý",
    "Rút hồ sơ",
    "Từ chối",
    "Tỷ lệ trực tuyến (%)",
    "Tỷ lệ đúng hạn (%)",
]
GROUP_LABELS = {"agency": "Cơ quan", "sector": "Lĩnh vực", "procedure": "Thủ tục"}


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()

    def parse(name: str, default: date) -> date:
        try:
            value = datetime.strptime(request.GET.get(name, ""), "%d/%m/%Y").date()
        except ValueError:
            return default
        return value if FIRST_DAY <= value <= LAST_DAY else default

    start, end = parse("tu", date(today.year, 1, 1)), parse("den", today)
    return (start, end) if start <= end else (end, start)


def _table(rows, total) -> list[list]:
    return [
        [row.name, *(row.values[k] for k in COLUMNS), row.online_share, row.on_time_share]
        for row in [*rows, total]
    ]


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def statistics(request):
    if not process_agency_ids(request.user):
        return HttpResponseForbidden(_("Only one-stop staff see these statistics."))
    start, end = _period(request)
    group = request.GET.get("nhom", "agency")
    group = group if group in GROUP_LABELS else "agency"
    rows, total = dossier_statistics(user=request.user, start=start, end=end, group=group)
    title = f"Thống kê giải quyết thủ tục hành chính theo {GROUP_LABELS[group].lower()}"
    subtitle = f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    headers = [GROUP_LABELS[group], *HEADERS]
    export = request.GET.get("xuat")
    if export == "xlsx":
        return _download(
            table_to_xlsx(
                title=f"{title} — {subtitle}", headers=headers, rows=_table(rows, total), sheet="Thống kê"
            ),
            f"thong-ke-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
            XLSX,
        )
    if export == "pdf":
        pdf = render_pdf(
            "core/pdf/table.html",
            {"title": title, "subtitle": subtitle, "headers": headers, "rows": _table(rows, total)},
        )
        return _download(pdf, f"thong-ke-{start:%Y%m%d}-{end:%Y%m%d}.pdf", "application/pdf")
    return render(
        request,
        "dossiers/statistics.html",
        {
            "table": _table(rows, total) if rows else [],
            "headers": headers,
            "group": group,
            "groups": GROUP_LABELS,
            "start": start,
            "end": end,
            "indicators": indicators(user=request.user, start=start, end=end, total=total),
            "ratings": rating_summary(
                group="agency", agency_ids=process_agency_ids(request.user), start=start, end=end
            ),
            "officers": rating_summary(
                group="officer", agency_ids=process_agency_ids(request.user), start=start, end=end
            ),
            "desks": Agency.objects.filter(pk__in=request.user.agency_ids_with_role("one_stop_officer")),
        },
    )


@login_required
def register(request):
    """Mẫu 06 of a desk where the user is a one-stop officer."""
    desks = request.user.agency_ids_with_role("one_stop_officer")
    try:
        agency_id = parse_id(request.GET.get("noi-tiep-nhan")) or (min(desks) if desks else 0)
    except ValueError:
        agency_id = 0
    if agency_id not in desks:
        return HttpResponseForbidden(_("Only the desk's one-stop officers keep its register."))
    agency = Agency.objects.get(pk=agency_id)
    start, end = _period(request)
    rows = tracking_register(user=request.user, agency_id=agency_id, start=start, end=end)
    name = f"mau-06-{start:%Y%m%d}-{end:%Y%m%d}"
    if request.GET.get("xuat") == "xlsx":
        title = f"Sổ theo dõi hồ sơ — {agency.name} — {start:%d/%m/%Y}–{end:%d/%m/%Y}"
        return _download(table_to_xlsx(title=title, headers=MAU_06_HEADERS, rows=rows), f"{name}.xlsx", XLSX)
    try:
        pdf = services.tracking_register_pdf(
            agency=agency, start=start, end=end, headers=MAU_06_HEADERS, rows=rows
        )
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return _download(pdf, f"{name}.pdf", "application/pdf")


def board(request):
    """The public board for the portal: this year's figures for every agency, the indicators and the agencies'
    satisfaction grades. No names of applicants or officers; cached for `CONGSO_BOARD_CACHE_SECONDS`."""
    from django.conf import settings

    today = timezone.localdate()
    start = date(today.year, 1, 1)
    key = f"congso:board:{today:%Y%m%d}:{request.LANGUAGE_CODE}"
    context = cache.get(key)
    if context is None:
        rows, total = dossier_statistics(user=PUBLIC, start=start, end=today)
        context = {
            "table": _table(rows, total) if rows else [],
            "headers": ["Cơ quan", *HEADERS],
            "start": start,
            "end": today,
            "indicators": indicators(user=PUBLIC, start=start, end=today, total=total),
            "ratings": rating_summary(group="agency", agency_ids=PUBLIC, start=start, end=today),
        }
        cache.set(key, context, settings.CONGSO_BOARD_CACHE_SECONDS)
    return render(request, "dossiers/board.html", context)
