"""The legal registers and reports of NĐ 30/2020 Phụ lục VI (incoming register, outgoing register, follow-up of
incoming documents, report on outgoing documents, record-file indexes) and the KPIs the localities' plans track.
Reads only, permission-aware: registers are the clerk's and the leaders' (they see the whole agency)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from congso.core.errors import PermissionDenied

from ..models import Direction, Document, DocumentAssignment, RecordFile
from ..permissions import WIDE_ROLES, visible_documents


def _require_wide(user: Any, agency_id: int) -> None:
    if not any(user.has_role(role, agency_id=agency_id) for role in WIDE_ROLES):
        raise PermissionDenied("Chỉ văn thư và lãnh đạo cơ quan xem được sổ văn bản.")


@dataclass
class Period:
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


def _documents(user: Any, agency_id: int, direction: str, period: Period, register_id: int | None = None):
    _require_wide(user, agency_id)
    qs = visible_documents(user).filter(agency_id=agency_id, direction=direction, number__isnull=False)
    if direction == Direction.INCOMING:
        qs = qs.filter(arrival_at__date__gte=period.start, arrival_at__date__lte=period.end)
    else:
        qs = qs.filter(issued_date__gte=period.start, issued_date__lte=period.end)
    if register_id:
        qs = qs.filter(register_id=register_id)
    return qs.select_related("document_type", "register").order_by("register_id", "year", "number")


INCOMING_HEADERS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
OUTGOING_HEADERS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
FOLLOWUP_HEADERS = [
    "Số đến",
    "Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
]


def _receivers(document: Document) -> str:
    names = []
    for assignment in document.assignments.all():
        if assignment.parent_id is not None or assignment.kind == DocumentAssignment.Kind.FOR_INFORMATION:
            continue
        if assignment.user is not None:
            names.append(assignment.user.full_name)
        elif assignment.unit is not None:
            names.append(assignment.unit.name)
    return "; ".join(names)


def incoming_register_rows(
    *, user: Any, agency_id: int, period: Period, register_id: int | None = None
) -> list[list[Any]]:
    """Sổ đăng ký văn bản đến (10 columns)."""
    rows = []
    qs = _documents(user, agency_id, Direction.INCOMING, period, register_id).prefetch_related(
        "assignments__unit", "assignments__user"
    )
    for d in qs:
        first = min((a.assigned_at for a in d.assignments.all()), default=None)
        rows.append(
            [
                timezone.localtime(d.arrival_at).strftime("%d/%m/%Y") if d.arrival_at else "",
                d.number,
                d.issuer_name,
                d.code,
                d.issued_date,
                f"{d.document_type.name}: {d.subject}",
                _receivers(d),
                timezone.localtime(first).strftime("%d/%m/%Y") if first else "",
                "",
                d.get_secrecy_display() if d.secrecy != "none" else "",
            ]
        )
    return rows


def outgoing_register_rows(
    *, user: Any, agency_id: int, period: Period, register_id: int | None = None
) -> list[list[Any]]:
    """Sổ đăng ký văn bản đi (10 columns)."""
    rows = []
    for d in _documents(user, agency_id, Direction.OUTGOING, period, register_id).prefetch_related(
        "recipients"
    ):
        recipients = [r.name for r in d.recipients.all()]
        rows.append(
            [
                d.code,
                d.issued_date,
                f"{d.document_type.name}: {d.subject}",
                f"{d.signing_authority} {d.signer_name}".strip(),
                "; ".join(recipients),
                "Lưu: VT",
                len(recipients) + 1,
                min((r.paper_sent_on for r in d.recipients.all() if r.paper_sent_on), default=d.issued_date),
                "",
                "",
            ]
        )
    return rows


def followup_rows(
    *, user: Any, agency_id: int, period: Period, unit_id: int | None = None
) -> list[list[Any]]:
    """Sổ theo dõi giải quyết văn bản đến (7 columns): progress as done (on time or late), overdue or in hand;
    per agency, or per unit (documents the unit leads)."""
    today = timezone.localdate()
    rows = []
    qs = _documents(user, agency_id, Direction.INCOMING, period).filter(due_date__isnull=False)
    if unit_id:
        qs = qs.filter(
            pk__in=DocumentAssignment.objects.filter(unit_id=unit_id, kind="lead").values("document_id")
        )
    qs = qs.prefetch_related("assignments__unit", "assignments__user", "answered_by")
    for d in qs:
        if d.status == Document.Status.DONE:
            late = d.closed_at and timezone.localtime(d.closed_at).date() > d.due_date
            progress = "Đã giải quyết, quá hạn" if late else "Đã giải quyết đúng hạn"
        else:
            progress = "Quá hạn" if d.due_date < today else "Đang giải quyết trong hạn"
        rows.append(
            [
                d.number,
                f"{d.document_type.name} số {d.code}, ngày {d.issued_date:%d/%m/%Y}, {d.issuer_name}"
                if d.issued_date
                else d.issuer_name,
                _receivers(d),
                d.due_date,
                progress,
                "; ".join(a.code for a in d.answered_by.all() if a.code),
                "",
            ]
        )
    return rows


def outgoing_report(*, user: Any, agency_id: int, period: Period) -> list[dict[str, Any]]:
    """Báo cáo thống kê văn bản đi: per document type, how many were issued and how many went electronically."""
    qs = _documents(user, agency_id, Direction.OUTGOING, period)
    electronic = Q(recipients__delivered__isnull=False) | Q(recipients__outbox__isnull=False)
    rows = (
        qs.order_by()
        .values("document_type__name")
        .annotate(total=Count("pk", distinct=True), electronic=Count("pk", filter=electronic, distinct=True))
        .order_by("document_type__name")
    )
    return list(rows)


@dataclass
class Kpis:
    incoming: int
    incoming_electronic: int
    outgoing: int
    outgoing_electronic: int
    outgoing_signed: int
    handled_with_deadline: int
    handled_on_time: int
    open_overdue: int

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def electronic_share(self) -> float | None:
        """Documents exchanged electronically among all documents received and sent (plans: "95% văn bản trao
        đổi dưới dạng điện tử")."""
        return self._share(self.incoming_electronic + self.outgoing_electronic, self.incoming + self.outgoing)

    @property
    def signed_share(self) -> float | None:
        return self._share(self.outgoing_signed, self.outgoing)

    @property
    def on_time_rate(self) -> float | None:
        return self._share(self.handled_on_time, self.handled_with_deadline)


def kpis(*, user: Any, agency_id: int, period: Period, unit_id: int | None = None) -> Kpis:
    """The formulas are written in docs/documents.md."""
    incoming = _documents(user, agency_id, Direction.INCOMING, period)
    outgoing = _documents(user, agency_id, Direction.OUTGOING, period)
    if unit_id:
        incoming = incoming.filter(assignments__unit_id=unit_id, assignments__kind="lead").distinct()
        outgoing = outgoing.filter(unit_id=unit_id)
    done = incoming.filter(status=Document.Status.DONE, due_date__isnull=False, closed_at__isnull=False)
    on_time = sum(
        1
        for closed, due in done.values_list("closed_at", "due_date")
        if timezone.localtime(closed).date() <= due
    )
    return Kpis(
        incoming=incoming.count(),
        incoming_electronic=incoming.filter(source=Document.Source.EXCHANGE).count(),
        outgoing=outgoing.count(),
        outgoing_electronic=outgoing.filter(
            Q(recipients__delivered__isnull=False) | Q(recipients__outbox__isnull=False)
        )
        .distinct()
        .count(),
        outgoing_signed=outgoing.filter(signed_file__isnull=False).count(),
        handled_with_deadline=done.count(),
        handled_on_time=on_time,
        open_overdue=incoming.filter(
            status__in=Document.OPEN_INCOMING, due_date__lt=timezone.localdate()
        ).count(),
    )


def record_file_list(*, user: Any, agency_id: int, year: int | None = None):
    if agency_id not in user.agency_ids():
        return RecordFile.objects.none()
    qs = (
        RecordFile.objects.filter(agency_id=agency_id)
        .select_related("unit", "keeper")
        .annotate(doc_total=Count("items"))
    )
    return qs.filter(year=year) if year else qs


def record_file_get(*, user: Any, pk: int) -> RecordFile:
    from congso.core.errors import NotFound

    found = (
        RecordFile.objects.filter(pk=pk, agency_id__in=user.agency_ids())
        .select_related("agency", "unit")
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return found


def record_file_documents(record_file: RecordFile, *, user: Any) -> list[Document]:
    """The documents of a record file that `user` may open, in chronological order (issue date, else arrival): a
    record file's list never names a document its reader cannot see (security finding 17)."""
    from ..permissions import visible_documents

    documents = list(
        record_file.documents.filter(pk__in=visible_documents(user).values("pk")).select_related(
            "document_type"
        )
    )
    documents.sort(
        key=lambda d: (d.issued_date or (d.arrival_at.date() if d.arrival_at else d.created_at.date()), d.pk)
    )
    return documents
