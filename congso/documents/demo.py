"""A year of realistic documents for the demo province, made by the real services (numbering, delivery, status
messages, directions, handling) and then dated across the year: the demo shows what a year of use looks like.
Deterministic (seeded) and idempotent (skipped when the province already has documents)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from congso.accounts.models import Membership
from congso.core import calendar
from congso.core.services import notifications_silenced

from . import services
from .models import Document, DocumentAssignment, DocumentEvent, ExchangeStatus

TOPICS = [
    "chuyển đổi số",
    "cải cách hành chính",
    "phòng, chống thiên tai",
    "dịch vụ công trực tuyến toàn trình",
    "Đề án 06",
    "xây dựng nông thôn mới",
    "an toàn thông tin mạng",
    "tuyển dụng công chức cấp xã",
    "quản lý đất đai",
    "phòng cháy, chữa cháy",
    "bảo vệ môi trường",
    "chăm sóc sức khỏe ban đầu",
    "giáo dục nghề nghiệp",
    "phát triển du lịch",
    "hỗ trợ doanh nghiệp nhỏ và vừa",
    "sắp xếp đơn vị hành chính",
    "thu ngân sách nhà nước",
    "phòng, chống tham nhũng",
    "công tác dân tộc",
    "an toàn giao thông",
]
TEMPLATES = [
    ("KH", "Kế hoạch triển khai {topic} năm {year}"),
    ("BC", "Báo cáo kết quả thực hiện {topic} {period}"),
    ("CV", "Về việc đôn đốc thực hiện {topic}"),
    ("CV", "Về việc cung cấp số liệu phục vụ {topic}"),
    ("QD", "Quyết định ban hành Quy chế {topic}"),
    ("TB", "Thông báo kết luận của lãnh đạo về {topic}"),
    ("GM", "Giấy mời dự hội nghị sơ kết {topic}"),
    ("HD", "Hướng dẫn thực hiện {topic}"),
]
RESULTS = [
    "Đã tham mưu văn bản trả lời.",
    "Đã triển khai thực hiện.",
    "Đã báo cáo lãnh đạo.",
    "Đã tổng hợp, cung cấp số liệu.",
]


@dataclass
class Staff:
    agency: Any
    clerk: Any
    leader: Any
    heads: dict[int, Any] = field(default_factory=dict)  # unit id → head
    specialists: dict[int, list[Any]] = field(default_factory=dict)  # unit id → specialists


def _staff() -> dict[int, Staff]:
    found: dict[int, Staff] = {}
    memberships = (
        Membership.objects.active().select_related("agency", "user", "unit").prefetch_related("role_rows")
    )
    for m in memberships.order_by("agency_id", "pk"):
        entry = found.setdefault(m.agency_id, Staff(agency=m.agency, clerk=None, leader=None))
        roles = set(m.roles)
        if "clerk" in roles and entry.clerk is None:
            entry.clerk = m.user
        if "leader" in roles and entry.leader is None:
            entry.leader = m.user
        if "unit_head" in roles and m.unit_id:
            entry.heads.setdefault(m.unit_id, m.user)
        if "specialist" in roles and m.unit_id:
            entry.specialists.setdefault(m.unit_id, []).append(m.user)
    return {
        pk: s for pk, s in found.items() if s.clerk and s.leader and s.heads and s.agency.valid_to is None
    }


def _fresh(user: Any) -> Any:
    from congso.accounts.models import User

    return User.objects.get(pk=user.pk)


def _docx(text: str) -> services.Upload:
    import io
    import zipfile

    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
            f'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return services.Upload("van-ban.docx", buffer.getvalue())


class DocumentsDemo:
    def __init__(self, outgoing: int = 600, seed: int = 20260101):
        self.rng = random.Random(seed)  # noqa: S311 - deterministic demo data
        self.outgoing = outgoing
        self.today = timezone.localdate()
        self.counts = {"outgoing": 0, "incoming": 0, "late": 0}

    def build(self) -> dict[str, int]:
        if Document.objects.exists():
            return {"documents": Document.objects.count()}
        staff = _staff()
        if len(staff) < 2:
            return {"documents": 0}
        self.staff = {
            pk: Staff(
                agency=s.agency,
                clerk=_fresh(s.clerk),
                leader=_fresh(s.leader),
                heads={u: _fresh(h) for u, h in s.heads.items()},
                specialists={u: [_fresh(x) for x in xs] for u, xs in s.specialists.items()},
            )
            for pk, s in staff.items()
        }
        days = self._working_days()
        self.last_working_day = days[-1]
        agency_ids = sorted(self.staff)
        weights = [
            6
            if self.staff[pk].agency.parent_id is None or self.staff[pk].agency.short_name in ("VP", "SNV")
            else 1
            for pk in agency_ids
        ]
        with notifications_silenced():
            for index in range(self.outgoing):
                day = days[min(len(days) - 1, index * len(days) // self.outgoing)]
                sender = self.rng.choices(agency_ids, weights=weights)[0]
                self._one(sender, day, agency_ids)
        return {"documents": Document.objects.count(), **self.counts}

    def _working_days(self) -> list[date]:
        day, days = date(self.today.year, 1, 2), []
        while day < self.today - timedelta(days=1):
            if calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def _moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    @transaction.atomic
    def _one(self, sender_id: int, day: date, agency_ids: list[int]) -> None:
        rng, sender = self.rng, self.staff[sender_id]
        type_code, pattern = rng.choice(TEMPLATES)
        subject = pattern.format(
            topic=rng.choice(TOPICS), year=day.year, period=f"quý {(day.month - 1) // 3 + 1}"
        )
        unit_id = rng.choice(sorted(sender.heads))
        drafter = rng.choice(sender.specialists.get(unit_id) or [sender.heads[unit_id]])
        others = [pk for pk in agency_ids if pk != sender_id]
        count = rng.choice([1, 1, 2, 2, 3, 4]) if sender.agency.parent_id else rng.choice([2, 3, 4, 6])
        recipients = [{"agency_id": pk} for pk in rng.sample(others, min(count, len(others)))]
        urgency = rng.choices(["normal", "urgent", "very_urgent", "express"], weights=[80, 12, 5, 3])[0]
        due = (
            calendar.nth_working_day_after(day, rng.choice([5, 7, 10, 15]))
            if type_code in ("CV", "KH")
            else None
        )
        draft = services.outgoing_draft_create(
            actor=drafter,
            agency_id=sender_id,
            unit_id=unit_id,
            recipients=recipients,
            data={
                "document_type": type_code,
                "subject": subject,
                "urgency": urgency,
                "due_date": due,
                "page_count": rng.randint(1, 12),
            },
            main_file=_docx(f"{subject}\nCăn cứ tình hình thực tế, đề nghị các cơ quan, đơn vị thực hiện."),
        )
        services.outgoing_draft_submit(actor=drafter, document=draft, leader=sender.leader)
        services.outgoing_draft_review(
            actor=sender.leader,
            document=draft,
            decision="approve",
            signing_authority=rng.choice(["", "KT.", "TM."]),
        )
        issued = services.outgoing_document_issue(actor=sender.clerk, document=draft)
        self.counts["outgoing"] += 1
        moment = self._moment(day, rng.randint(8, 14), rng.randint(0, 59))
        stamped = services.exchange_document_id(issued)
        issued.issued_date = day
        Document.objects.filter(exchange_id=stamped).update(
            exchange_id=services.exchange_document_id(issued),
            issued_date=day,
            arrival_at=moment,
            created_at=moment,
        )
        Document.objects.filter(pk=issued.pk).update(issued_date=day, created_at=moment, closed_at=moment)
        self._stamp(issued, moment)
        for recipient in issued.recipients.select_related("delivered"):
            if recipient.delivered is not None:
                self._handle(recipient.delivered, day)

    def _handle(self, copy: Document, day: date) -> None:
        rng, here = self.rng, self.staff.get(copy.agency_id)
        if (
            here is None
            or (day > self.today - timedelta(days=3) and rng.random() < 0.5)
            or rng.random() < 0.05
        ):
            return  # still waiting to be registered
        data = {
            "issuer_name": copy.issuer_name,
            "code_number": copy.code_number,
            "code_notation": copy.code_notation,
            "issued_date": copy.issued_date,
            "document_type": copy.document_type.code,
            "subject": copy.subject,
            "signer_name": copy.signer_name,
            "urgency": copy.urgency,
            "page_count": copy.page_count,
            "due_date": copy.due_date,
        }
        document = services.incoming_document_register(
            actor=here.clerk, agency_id=copy.agency_id, data=data, document=copy
        )
        self.counts["incoming"] += 1
        registered_at = self._moment(day, 15, rng.randint(0, 59))
        if rng.random() < 0.1:
            self._stamp(document, registered_at)
            return
        services.incoming_document_submit(actor=here.clerk, document=document, leader=here.leader)
        units = sorted(here.heads)
        lead_unit = rng.choice(units)
        span = rng.choice([3, 5, 7, 10])
        lead_due = calendar.nth_working_day_after(day, span)
        assignments = [{"kind": "lead", "unit_id": lead_unit, "due_date": lead_due}]
        others = [u for u in units if u != lead_unit]
        if others and rng.random() < 0.3:
            assignments.append({"kind": "collaborate", "unit_id": rng.choice(others), "due_date": lead_due})
        # The services refuse deadlines in the past; the demo gives today's one and dates it afterwards.
        # Today is read again here, not taken from the start: a build that runs across midnight in
        # Asia/Ho_Chi_Minh (17:00 UTC) would otherwise give yesterday (it failed CI once).
        now_today = timezone.localdate()
        for item in assignments:
            item["due_date"] = max(item["due_date"], now_today)
        services.incoming_document_direct(
            actor=here.leader,
            document=document,
            assignments=assignments,
            instruction=rng.choice(
                ["Giao phòng chủ trì tham mưu.", "Đề nghị khẩn trương thực hiện.", "Nghiên cứu, đề xuất."]
            ),
        )
        lead = document.assignments.get(kind="lead", parent=None)
        self._stamp(document, registered_at)
        DocumentAssignment.objects.filter(document=document).update(
            due_date=lead_due, assigned_at=registered_at
        )
        Document.objects.filter(pk=document.pk).update(due_date=lead_due)
        if not (day < self.today - timedelta(days=20) or rng.random() < 0.4):
            return  # still in hand
        if here.specialists.get(lead_unit):
            specialist = rng.choice(here.specialists[lead_unit])
            lead = services.document_assignment_delegate(
                actor=here.heads[lead_unit], assignment=lead, user_id=specialist.pk
            )
        else:
            specialist = here.heads[lead_unit]
        services.document_assignment_complete(actor=specialist, assignment=lead, result=rng.choice(RESULTS))
        lateness = rng.choices([0, 2, 6], weights=[85, 10, 5])[0]
        self.counts["late"] += lateness > 0
        done_day = calendar.nth_working_day_after(day, span - 1 if not lateness else span + lateness)
        done_at = self._moment(min(done_day, self.last_working_day), 10)
        Document.objects.filter(pk=document.pk).update(closed_at=done_at)
        DocumentAssignment.objects.filter(document=document, status=DocumentAssignment.Status.DONE).update(
            done_at=done_at
        )
        DocumentEvent.objects.filter(
            document=document, action__in=["delegated", "completed", "closed"]
        ).update(at=done_at)
        ExchangeStatus.objects.filter(recipient__delivered=document, code__in=["05", "06"]).update(at=done_at)

    @staticmethod
    def _stamp(document: Document, moment: datetime) -> None:
        """Move what the services stamped "now" to the document's moment in the year."""
        DocumentEvent.objects.filter(document=document).update(at=moment)
        ExchangeStatus.objects.filter(recipient__delivered=document).update(at=moment)
        ExchangeStatus.objects.filter(recipient__document=document).update(at=moment)


def build_demo_documents(outgoing: int = 600) -> dict[str, int]:
    return DocumentsDemo(outgoing=outgoing).build()
