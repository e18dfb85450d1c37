"""Statistics pages: the staff table with its exports (XLSX, PDF, built by the worker: exports.py), the QĐ 766
indicators and the ratings; the tracking register Mẫu 06 of a desk; and the public board for the portal (no
personal data, cached)."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.calendar import FIRST_DAY, LAST_DAY
from congso.core.params import parse_id
from congso.core.scope import PUBLIC
from congso.core.views_errors import denied
from congso.core.views_exports import start_export
from congso.organizations.models import Agency

from .exports import GROUP_LABELS, HEADERS, statistics_table, table_rows
from .permissions import process_agency_ids
from .selectors.ratings import rating_summary
from .selectors.statistics import dossier_statistics, indicators


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


@login_required
def statistics(request):
    if not process_agency_ids(request.user):
        return denied(request, _("Only one-stop staff see these statistics."))
    start, end = _period(request)
    group = request.GET.get("nhom", "agency")
    group = group if group in GROUP_LABELS else "agency"
    export = request.GET.get("xuat")
    if export in ("pdf", "xlsx"):
        return start_export(
            request,
            kind="dossiers.statistics",
            params={"start": start.isoformat(), "end": end.isoformat(), "group": group, "format": export},
            title=f"Thống kê giải quyết TTHC {start:%d/%m/%Y}–{end:%d/%m/%Y}",
            filename=f"thong-ke-{start:%Y%m%d}-{end:%Y%m%d}.{export}",
            file_format=export,
            back=request.path,
        )
    table, total = statistics_table(user=request.user, start=start, end=end, group=group)
    return render(
        request,
        "dossiers/statistics.html",
        {
            "table": table.rows,
            "headers": table.headers,
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
    """Mẫu 06 of a desk where the user is a one-stop officer, as PDF (default) or XLSX, built by the worker."""
    desks = request.user.agency_ids_with_role("one_stop_officer")
    agency_id = parse_id(request.GET.get("noi-tiep-nhan")) or (min(desks) if desks else 0)
    if agency_id not in desks:
        return denied(request, _("Only the desk's one-stop officers keep its register."))
    start, end = _period(request)
    export = "xlsx" if request.GET.get("xuat") == "xlsx" else "pdf"
    return start_export(
        request,
        kind="dossiers.tracking_register",
        params={"agency_id": agency_id, "start": start.isoformat(), "end": end.isoformat(), "format": export},
        title=f"Sổ theo dõi hồ sơ (Mẫu 06) {start:%d/%m/%Y}–{end:%d/%m/%Y}",
        filename=f"mau-06-{start:%Y%m%d}-{end:%Y%m%d}.{export}",
        file_format=export,
        back="/mot-cua/thong-ke/",
    )


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
            "table": table_rows(rows, total) if rows else [],
            "headers": ["Cơ quan", *HEADERS],
            "start": start,
            "end": today,
            "indicators": indicators(user=PUBLIC, start=start, end=today, total=total),
            "ratings": rating_summary(group="agency", agency_ids=PUBLIC, start=start, end=today),
        }
        cache.set(key, context, settings.CONGSO_BOARD_CACHE_SECONDS)
    return render(request, "dossiers/board.html", context)
