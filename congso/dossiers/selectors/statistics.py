"""Statistics of the one-stop shop (issue 4 §7), in one grouped query per table: per agency, sector or procedure
and period — received by channel; resolved early / on time / late; in progress on time / overdue; waiting for a
supplement or a payment; stopped, withdrawn, refused; the online share. Definitions (docs/dossiers.md):

- received: accepted (its clock started) with the acceptance in the period;
- resolved: the result approved in the period, compared with the appointment in force (an extension's new date
  replaces the old one); early = done on a day before the appointment's day;
- in progress / waiting: the state now, of dossiers received up to the end of the period;
- refused, stopped, withdrawn: of dossiers received (or, for refusals, checked) in the period.

The QĐ 766/QĐ-TTg indicators are derived from the same counts (`indicators`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from congso.core.scope import PUBLIC

from ..models import Dossier, DossierPaper, Payment, Rating, workflow
from ..permissions import process_agency_ids

GROUPS = {
    "agency": ("handling_agency_id", "handling_agency__name"),
    "sector": ("procedure__sector_id", "procedure__sector__name"),
    "procedure": ("procedure_id", "procedure__name"),
}
COLUMNS = [
    "received",
    "direct",
    "online",
    "postal",
    "resolved",
    "early",
    "on_time",
    "late",
    "in_progress_on_time",
    "in_progress_overdue",
    "waiting_supplement",
    "waiting_payment",
    "stopped",
    "withdrawn",
    "refused",
]
EXTRA = ["digitised", "results"]


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, time.max), tz),
    )


def _counts(start: date, end: date) -> dict[str, Count]:
    lo, hi = bounds(start, end)
    now = timezone.now()
    received = Q(clock_start__isnull=False, received_at__range=(lo, hi))
    resolved = Q(status__in=sorted(workflow.FINISHED), finished_at__range=(lo, hi))
    until_end = Q(clock_start__isnull=False, received_at__lte=hi)
    return {
        "received": Count("pk", filter=received),
        "direct": Count("pk", filter=received & Q(channel="direct")),
        "online": Count("pk", filter=received & Q(channel="online")),
        "postal": Count("pk", filter=received & Q(channel="postal")),
        "resolved": Count("pk", filter=resolved),
        "early": Count("pk", filter=resolved & Q(finished_at__date__lt=F("appointment_at__date"))),
        "late": Count("pk", filter=resolved & Q(finished_at__gt=F("appointment_at"))),
        "in_progress_on_time": Count(
            "pk", filter=until_end & Q(status__in=sorted(workflow.IN_PROCESS), appointment_at__gte=now)
        ),
        "in_progress_overdue": Count(
            "pk", filter=until_end & Q(status__in=sorted(workflow.IN_PROCESS), appointment_at__lt=now)
        ),
        "waiting_supplement": Count("pk", filter=until_end & Q(status=workflow.SUPPLEMENT)),
        "waiting_payment": Count("pk", filter=until_end & Q(status=workflow.PAYMENT)),
        "stopped": Count("pk", filter=received & Q(status=workflow.STOPPED)),
        "withdrawn": Count("pk", filter=received & Q(status=workflow.WITHDRAWN)),
        "refused": Count("pk", filter=Q(status=workflow.NOT_ACCEPTED, received_at__range=(lo, hi))),
        # for the QĐ 766 indicators: received with at least one stored paper, resolved with a result file
        "digitised": Count(
            "pk", filter=received & Q(Exists(DossierPaper.objects.filter(dossier=OuterRef("pk"))))
        ),
        "results": Count("pk", filter=resolved & ~Q(result_file="")),
    }


@dataclass
class StatRow:
    key: Any
    name: str
    values: dict[str, int] = field(default_factory=dict)

    @property
    def online_share(self) -> float:
        return (
            round(100 * self.values["online"] / self.values["received"], 1)
            if self.values["received"]
            else 0.0
        )

    @property
    def on_time_share(self) -> float:
        done = self.values["resolved"]
        return round(100 * (done - self.values["late"]) / done, 1) if done else 0.0


def statistics_scope(user: Any) -> QuerySet[Dossier]:
    """Staff see the statistics of the agencies where they hold a one-stop role; the public board passes
    core.scope.PUBLIC (counts only, no names). Anyone else — no user at all included — sees nothing."""
    if user is PUBLIC:
        return Dossier.objects.exclude(status=workflow.DRAFT)
    if user is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(handling_agency_id__in=process_agency_ids(user))


def board_agencies() -> list[tuple[int, str]]:
    """(pk, name) of the agencies in force that handle dossiers, for the public board's filter: a semi-join on the
    competent agency's index, not a DISTINCT over the dossiers."""
    from congso.organizations.models import Agency

    handled = statistics_scope(PUBLIC).filter(handling_agency_id=OuterRef("pk"))
    return list(
        Agency.objects.filter(Exists(handled), valid_to__isnull=True)
        .order_by("name_sort")
        .values_list("pk", "name")
    )


def dossier_statistics(
    *, user: Any, start: date, end: date, group: str = "agency", agency_id: int | None = None
) -> tuple[list[StatRow], StatRow]:
    """Rows per group and the total row."""
    key, name = GROUPS[group]
    qs = statistics_scope(user)
    if agency_id:
        qs = qs.filter(handling_agency_id=agency_id)
    counts = _counts(start, end)
    rows = []
    for item in qs.values(key, name).annotate(**counts).order_by(name):
        values = {c: item[c] for c in counts}
        values["on_time"] = values["resolved"] - values["early"] - values["late"]
        if any(values.values()):
            rows.append(StatRow(key=item[key], name=item[name] or "—", values=values))
    total = StatRow(
        key=None, name="Tổng", values={c: sum(r.values[c] for r in rows) for c in [*COLUMNS, *EXTRA]}
    )
    return rows, total


def indicators(
    *, user: Any, start: date, end: date, agency_id: int | None = None, total: StatRow | None = None
) -> dict[str, float | None]:
    """QĐ 766/QĐ-TTg real-time indicators, as percentages (None when there is nothing to measure):
    progress = resolved on time or early / resolved; online = received online / received; digitised dossiers =
    received with at least one file / received; digitised results = resolved with a result file / resolved;
    online payment = dossiers paid online / dossiers paid; satisfaction = mean rating total / 18."""
    qs = statistics_scope(user)
    if agency_id:
        qs = qs.filter(handling_agency_id=agency_id)
    lo, hi = bounds(start, end)
    if total is None:
        _, total = dossier_statistics(user=user, start=start, end=end, agency_id=agency_id)
    digitised, results = total.values["digitised"], total.values["results"]
    paid = Payment.objects.filter(status="paid", dossier__in=qs, paid_at__range=(lo, hi))
    paid_dossiers = paid.values("dossier_id").distinct().count()
    paid_online = paid.filter(method="online").values("dossier_id").distinct().count()
    ratings = Rating.objects.filter(created_at__range=(lo, hi))
    if agency_id:
        ratings = ratings.filter(handling_agency_id=agency_id)
    elif user is not None:
        ratings = ratings.filter(handling_agency_id__in=process_agency_ids(user))
    mean = ratings.aggregate(mean=Avg(rating_total()))["mean"]

    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    return {
        "progress": share(total.values["resolved"] - total.values["late"], total.values["resolved"]),
        "online": share(total.values["online"], total.values["received"]),
        "digitised_dossiers": share(digitised, total.values["received"]),
        "digitised_results": share(results, total.values["resolved"]),
        "online_payment": share(paid_online, paid_dossiers),
        "satisfaction": round(100 * float(mean) / 18, 1) if mean is not None else None,
    }


def rating_total():
    from functools import reduce
    from operator import add

    from django.db.models import IntegerField
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    parts = [Cast(KeyTextTransform(f"i{i}", "scores"), IntegerField()) for i in range(1, 10)]
    return reduce(add, parts)


MAU_06_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
]


def tracking_register(*, user: Any, agency_id: int, start: date, end: date) -> list[list[Any]]:
    """Mẫu 06 (sổ theo dõi hồ sơ) of a receiving desk for a period: one row per dossier received there."""
    from ..models import DossierStep

    if agency_id not in process_agency_ids(user):
        return []
    lo, hi = bounds(start, end)
    qs = (
        Dossier.objects.filter(
            receiving_agency_id=agency_id, clock_start__isnull=False, received_at__range=(lo, hi)
        )
        .select_related("procedure", "handling_agency")
        .order_by("received_at", "pk")
    )
    handed = dict(
        DossierStep.objects.filter(dossier__in=qs, order=1, finished_at__isnull=False).values_list(
            "dossier_id", "finished_at"
        )
    )
    rows = []
    for number, d in enumerate(qs, start=1):
        notes = []
        if d.original_appointment_at:
            notes.append("Đã xin lỗi, hẹn lại (hẹn ban đầu " + _local(d.original_appointment_at) + ")")
        if workflow.ended_early(d):
            notes.append(d.get_status_display())
        rows.append(
            [
                number,
                d.code,
                d.procedure.name,
                1,
                d.applicant_name,
                ", ".join(x for x in (d.applicant_address, d.applicant_phone) if x),
                d.handling_agency.name,
                _local(d.received_at),
                _local(d.appointment_at),
                _local(handed.get(d.pk)),
                _local(d.finished_at),
                _local(d.returned_at),
                "; ".join(notes),
            ]
        )
    return rows


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""
