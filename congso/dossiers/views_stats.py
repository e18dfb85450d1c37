"""Statistics pages: the staff table with its exports (XLSX, PDF, built by the worker: exports.py), the QĐ 766
indicators and the ratings; the tracking register Mẫu 06 of a desk; and the public board for the portal (no
personal data, cached)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

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
from .models.ratings import INDICES
from .permissions import process_agency_ids
from .selectors.ratings import rating_summary
from .selectors.statistics import board_agencies, dossier_statistics, indicators


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
            "indices": INDICES,
            # The table's rows (the total row last) drawn as bars, and the month-by-month trend of the period.
            "charts": [
                chart
                for chart in [
                    share_chart([(row[0], row[1], row[-1]) for row in table.rows[:-1]], group),
                    month_trend_chart(user=request.user, start=start, end=end),
                ]
                if chart is not None
            ],
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
    """The public board for the portal: the figures of a period (this year unless `tu`/`den` say otherwise), of
    every agency or one (`co-quan`), as charts with the table behind each — on-time share by agency (or by
    sector for one agency), the monthly trend, the indicators and the satisfaction grades. No names of applicants
    or officers; cached for `CONGSO_BOARD_CACHE_SECONDS` per period, agency and language."""
    from django.conf import settings

    start, end = _period(request)
    agency_id = parse_id(request.GET.get("co-quan"))
    agencies = cache.get("congso:board:agencies")
    if agencies is None:
        agencies = board_agencies()
        cache.set("congso:board:agencies", agencies, settings.CONGSO_BOARD_CACHE_SECONDS)
    if agency_id not in {pk for pk, _name in agencies}:
        agency_id = None
    key = f"congso:board:{start:%Y%m%d}:{end:%Y%m%d}:{agency_id or 0}:{request.LANGUAGE_CODE}"
    context = cache.get(key)
    if context is None:
        group = "sector" if agency_id else "agency"
        rows, total = dossier_statistics(user=PUBLIC, start=start, end=end, group=group, agency_id=agency_id)
        context = {
            "table": table_rows(rows, total) if rows else [],
            "headers": [GROUP_LABELS[group], *HEADERS],
            "indicators": indicators(user=PUBLIC, start=start, end=end, agency_id=agency_id, total=total),
            "ratings": rating_summary(
                group="agency", agency_ids=PUBLIC if not agency_id else {agency_id}, start=start, end=end
            ),
            "charts": board_charts(rows, start=start, end=end, agency_id=agency_id, group=group),
            "received_total": total.values["received"],
        }
        cache.set(key, context, settings.CONGSO_BOARD_CACHE_SECONDS)
    today = timezone.localdate()
    context = {
        **context,
        "start": start,
        "end": end,
        "agency_id": agency_id,
        "agencies": agencies,
        "indices": INDICES,
        "presets": [
            (_("This year"), date(today.year, 1, 1), today),
            (_("This quarter"), date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today),
            (_("This month"), today.replace(day=1), today),
            (_("Last year"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ],
    }
    return render(request, "dossiers/board.html", context)


def share_chart(rows: list[tuple[str, int, float]], group: str):
    """Bars of the share resolved on time for the 12 groups (agencies, sectors, procedures) that received most."""
    from congso.core import charts

    busiest = sorted(rows, key=lambda row: -row[1])[:12]
    if not busiest:
        return None
    return charts.bar(
        _("Share resolved on time, by %(group)s") % {"group": str(GROUP_LABELS[group]).lower()},
        [name for name, _received, _share in busiest],
        {_("On time or early"): [share for _name, _received, share in busiest]},
        percent=True,
        label_header=str(GROUP_LABELS[group]),
    )


def board_charts(rows, *, start: date, end: date, agency_id: int | None, group: str) -> list:
    """The board's charts: the on-time share of the 12 groups that received most, and the month-by-month trend
    of dossiers received and resolved (cached with the board)."""
    charts_out = []
    share = share_chart([(row.name, row.values["received"], row.on_time_share) for row in rows], group)
    if share is not None:
        charts_out.append(share)
    trend = month_trend_chart(user=PUBLIC, start=start, end=end, agency_id=agency_id)
    if trend is not None:
        charts_out.append(trend)
    return charts_out


def month_trend_chart(*, user, start: date, end: date, agency_id: int | None = None):
    """Dossiers received and resolved month by month over the period, as the user may see them (the public board,
    or a one-stop officer's agencies): one grouped query a month, at most 12 months; None for a single month."""
    from congso.core import charts

    months = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end and len(months) < 12:
        following = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        months.append((cursor, min(end, following - timedelta(days=1))))
        cursor = following
    if len(months) < 2:
        return None
    received, resolved = [], []
    for first, last in months:
        _rows, total = dossier_statistics(
            user=user, start=max(first, start), end=last, group="agency", agency_id=agency_id
        )
        received.append(total.values["received"])
        resolved.append(total.values["resolved"])
    return charts.line(
        _("Dossiers month by month"),
        [f"{first:%m/%Y}" for first, _last in months],
        {_("Received"): received, _("Resolved"): resolved},
        label_header=_("Month"),
    )
