"""A year of one-stop dossiers for the demo province (issue 4 §9): by default 20,000 over the twelve months up to
today (so Tết is crossed), across the catalogue's procedures, every commune and department, the three channels,
with supplements that restarted the clock, late dossiers with and without an apology, refusals, withdrawals,
stops, fees paid at the desk or online, and ratings.

The history is written in bulk (the same code format, calendar and deadline functions as the services, but
without a PDF per dossier: a receipt is generated when first opened). A few dozen live dossiers at the first
commune's desk and at Sở Nội vụ then go through the real services, so that the demo accounts find a queue:
online submissions to check, dossiers in each role's hands, one waiting for a supplement, results to return."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from congso.core import calendar
from congso.core.services import notifications_silenced
from congso.core.text import fold
from congso.dossiers.models import (
    Dossier,
    DossierCounter,
    DossierEvent,
    DossierInterval,
    DossierPaper,
    DossierStep,
    FeeLine,
    Payment,
    Rating,
)
from congso.dossiers.services.clock import appointment, planned_deadlines, step_from_process
from congso.dossiers.services.reception import dossier_code
from congso.organizations.models import Agency
from congso.procedures.models import Procedure

from .builder import GIVEN, MIDDLE
from .builder import SURNAMES as FIRST

STREETS = ("Lê Lợi", "Trần Phú", "Nguyễn Huệ", "Hùng Vương", "Quang Trung", "Hai Bà Trưng", "Lý Thường Kiệt")
# Share of the dossiers per procedure code prefix: civil status and certification dominate a commune's desk.
POPULAR = {"1.001193": 9, "2.000908": 9, "2.000884": 5, "1.000894": 4, "1.000656": 2, "1.001612": 4}
BATCH = 2000
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


class DossiersDemo:
    def __init__(self, count: int, *, today: date | None = None, seed: int = 2026):
        self.count = count
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.start = self.today - timedelta(days=365)
        self.now = timezone.now()
        self.hours_cache: dict[int, calendar.OfficeHours] = {}
        self.sequence: dict[tuple[int, date], int] = defaultdict(int)
        self.files: dict[str, str] = {}

    # --- helpers ----------------------------------------------------------------------------------------
    def _hours(self, agency: Agency) -> calendar.OfficeHours:
        if agency.pk not in self.hours_cache:
            self.hours_cache[agency.pk] = agency.office_hours()
        return self.hours_cache[agency.pk]

    def _person(self) -> dict[str, str]:
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
        return {
            "applicant_name": name,
            "applicant_id_number": f"0{self.rng.randrange(10**10, 10**11)}",
            "applicant_phone": f"09{self.rng.randrange(10**7, 10**8)}",
            "applicant_address": f"Số {self.rng.randint(1, 300)} đường {self.rng.choice(STREETS)}",
        }

    def _moment(self, day: date) -> datetime:
        minutes = self.rng.randint(7 * 60 + 35, 16 * 60 + 50)
        if 11 * 60 + 30 <= minutes < 13 * 60 + 30:
            minutes += 120
        return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))

    def _shared_file(self, name: str) -> str:
        """One small PDF stored once, that the bulk history's scans and electronic results point to."""
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        path = f"dossiers/demo/{name}.pdf"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(PDF))
        return path

    def _working_days(self) -> list[date]:
        days = []
        day = self.start
        while day <= self.today:
            if calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def _after(self, moment: datetime, hours: calendar.OfficeHours, amount: float) -> datetime:
        return calendar.add_working_hours(moment, amount, hours, cutoff=False)

    # --- the history in bulk --------------------------------------------------------------------------------
    def build(self) -> dict[str, int]:
        if Dossier.objects.exists():
            return {"dossiers": Dossier.objects.count()}
        procedures = list(Procedure.objects.filter(active=True).prefetch_related("steps", "fees", "papers"))
        communes = list(Agency.objects.filter(kind="commune_committee", valid_to__isnull=True).order_by("pk"))
        departments = list(Agency.objects.filter(kind="department", valid_to__isnull=True).order_by("pk"))
        if not procedures or not communes or not departments:
            return {"dossiers": 0}
        weights = [POPULAR.get(p.code, 1) for p in procedures]
        days = self._working_days()
        officers = self._officers([*communes, *departments])
        self.files = {name: self._shared_file(name) for name in ("result", "scan")}
        with transaction.atomic(), notifications_silenced():
            pending: list[tuple[Dossier, dict[str, Any]]] = []
            for index in range(self.count):
                procedure = self.rng.choices(procedures, weights)[0]
                pool = communes if procedure.level == "commune" else departments
                handling = pool[index % len(pool)] if self.rng.random() < 0.5 else self.rng.choice(pool)
                receiving = handling if self.rng.random() < 0.93 else self.rng.choice(communes)
                day = days[int(len(days) * (index + self.rng.random()) / self.count) % len(days)]
                pending.append(self._dossier(procedure, handling, receiving, day, officers))
                if len(pending) >= BATCH:
                    self._flush(pending)
                    pending = []
            self._flush(pending)
            DossierCounter.objects.bulk_create(
                [DossierCounter(agency_id=a, day=d, last_number=n) for (a, d), n in self.sequence.items()],
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["agency", "day"],
                update_fields=["last_number"],
            )
        return {"dossiers": Dossier.objects.count()}

    def _officers(self, agencies: list[Agency]) -> dict[int, dict[str, Any]]:
        from congso.accounts.models import Membership

        found: dict[int, dict[str, Any]] = defaultdict(dict)
        for membership in (
            Membership.objects.active()
            .filter(agency__in=agencies)
            .select_related("user")
            .prefetch_related("role_rows")
        ):
            for role in membership.roles:
                found[membership.agency_id].setdefault(role, membership.user)
        return found

    def _dossier(self, procedure, handling, receiving, day, officers) -> tuple[Dossier, dict[str, Any]]:
        rng = self.rng
        channel = rng.choices(["direct", "online", "postal"], [55, 40, 5])[0]
        if procedure.online_level == "none" and channel == "online":
            channel = "direct"
        received = self._moment(day)
        self.sequence[(receiving.pk, day)] += 1
        code = dossier_code(agency=receiving, day=day, number=self.sequence[(receiving.pk, day)])
        hours = self._hours(handling)
        fate = rng.random()
        dossier = Dossier(
            code=code,
            procedure=procedure,
            receiving_agency=receiving,
            handling_agency=handling,
            channel=channel,
            received_at=received,
            received_by=officers[receiving.pk].get("one_stop_officer"),
            postal_reference=f"EB{rng.randrange(10**8, 10**9)}VN" if channel == "postal" else "",
            version=1,
            **self._person(),
        )
        plan: dict[str, Any] = {"events": [("received", received, dossier.received_by, "")]}
        if fate < 0.02:  # refused at the desk
            dossier.status = Dossier.Status.NOT_ACCEPTED
            plan["events"] = [
                ("refused", received, dossier.received_by, "Hồ sơ không thuộc thẩm quyền giải quyết")
            ]
            return dossier, plan
        start = received
        if 0.02 <= fate < 0.05:  # a supplement within 3 days, the clock restarted when it came
            asked = self._after(received, hours, rng.uniform(2, 18))
            came = self._after(asked, hours, rng.uniform(7, 60))
            plan["supplement"] = (asked, came)
            dossier.supplement_requested = True
            plan["events"] += [
                ("supplement_requested", asked, None, "Bổ sung bản sao giấy tờ còn thiếu"),
                ("supplement_received", came, dossier.received_by, ""),
            ]
            start = came
        dossier.clock_start = calendar.intake_day(start, hours)
        dossier.appointment_at = appointment(
            procedure=procedure, channel=channel, received_at=start, hours=hours
        )
        limit = float(procedure.time_for(channel))
        if fate > 0.985:
            outcome = "stopped"
        elif fate > 0.975:
            outcome = "withdrawn"
        elif fate > 0.94:
            outcome = "late"
        elif fate > 0.915:
            outcome = "apology"
        else:
            outcome = "on_time"
        spent = limit * (rng.uniform(0.3, 0.98) if outcome == "on_time" else rng.uniform(1.05, 1.6))
        unit_hours = 1 if procedure.time_unit == "working_hours" else hours.minutes_per_day / 60
        finished = self._after(start, hours, spent * unit_hours)
        if outcome == "apology":
            old = dossier.appointment_at
            dossier.original_appointment_at = old
            new_day = calendar.nth_working_day_after(timezone.localtime(old).date(), rng.randint(2, 5), hours)
            dossier.appointment_at = timezone.make_aware(datetime.combine(new_day, hours.closing))
            finished = min(finished, dossier.appointment_at - timedelta(hours=1))
            plan["events"].append(
                ("extended", self._after(old, hours, -0.0) - timedelta(days=2), None, "Chờ xác minh thực địa")
            )
        plan["finished"] = finished
        if outcome in ("stopped", "withdrawn"):
            when = self._after(start, hours, limit * unit_hours * 0.4)
            if when >= self.now:
                outcome = "open"
            else:
                dossier.status = Dossier.Status.STOPPED if outcome == "stopped" else Dossier.Status.WITHDRAWN
                plan["events"].append(
                    (outcome, when, None, "Theo đề nghị" if outcome == "withdrawn" else "Không đủ điều kiện")
                )
                plan["open_until"] = when
        if outcome in ("on_time", "late", "apology"):
            if finished >= self.now:
                outcome = "open"
            else:
                returned = self._after(finished, hours, rng.uniform(0.5, 16))
                dossier.finished_at = finished
                dossier.result_summary = "Cấp kết quả giải quyết thủ tục " + procedure.name[:80]
                if rng.random() < 0.85:  # results kept as electronic copies (one shared demo file)
                    dossier.result_file.name = self.files["result"]
                plan["events"].append(("approved", finished, officers[handling.pk].get("leader"), ""))
                if returned < self.now:
                    dossier.status = Dossier.Status.RETURNED
                    dossier.returned_at = returned
                    dossier.return_method = rng.choice(["desk", "desk", "postal", "electronic"])
                    plan["events"].append(("returned", returned, dossier.received_by, ""))
                else:
                    dossier.status = Dossier.Status.DONE
        if outcome == "open":
            dossier.status = Dossier.Status.PROCESSING
            plan["open_until"] = self.now
        plan["outcome"] = outcome
        plan["start"] = start
        return dossier, plan

    def _flush(self, pending: list[tuple[Dossier, dict[str, Any]]]) -> None:
        if not pending:
            return
        for dossier, _plan in pending:
            dossier.applicant_folded = fold(dossier.applicant_name)  # bulk_create skips Dossier.save()
        Dossier.objects.bulk_create([d for d, _ in pending], batch_size=BATCH)
        steps: list[DossierStep] = []
        events: list[DossierEvent] = []
        intervals: list[DossierInterval] = []
        fees: list[FeeLine] = []
        payments: list[Payment] = []
        ratings: list[Rating] = []
        papers: list[DossierPaper] = []
        for dossier, plan in pending:
            for action, at, actor, comment in sorted(plan["events"], key=lambda e: e[1]):
                events.append(
                    DossierEvent(
                        dossier=dossier,
                        at=at,
                        actor=actor,
                        actor_name=getattr(actor, "full_name", ""),
                        action=action,
                        comment=comment,
                    )
                )
            if "supplement" in plan:
                asked, came = plan["supplement"]
                intervals.append(
                    DossierInterval(
                        dossier=dossier,
                        kind="supplement",
                        effect="pause" if dossier.procedure.pause_on_supplement else "restart",
                        reason="Hồ sơ chưa đầy đủ",
                        items=["Bản sao giấy tờ còn thiếu"],
                        started_at=asked,
                        ended_at=came,
                        resume_status="4",
                    )
                )
            if dossier.status != Dossier.Status.NOT_ACCEPTED:
                if dossier.channel == "online" or self.rng.random() < 0.6:  # scanned or uploaded papers
                    papers.append(self._scan(dossier))
                steps += self._steps(dossier, plan)
                self._money(dossier, plan, fees, payments)
                if dossier.status == Dossier.Status.RETURNED and self.rng.random() < 0.3:
                    ratings.append(self._rating(dossier, plan))
        DossierStep.objects.bulk_create(steps, batch_size=BATCH)
        DossierEvent.objects.bulk_create(events, batch_size=BATCH)
        DossierInterval.objects.bulk_create(intervals, batch_size=BATCH)
        Payment.objects.bulk_create(payments, batch_size=BATCH)
        for line in fees:
            line.payment_id = line.payment.pk if line.payment else None
        FeeLine.objects.bulk_create(fees, batch_size=BATCH)
        Rating.objects.bulk_create(ratings, batch_size=BATCH)
        DossierPaper.objects.bulk_create(papers, batch_size=BATCH)

    def _scan(self, dossier: Dossier) -> DossierPaper:
        first = next(iter(dossier.procedure.papers.all()), None)
        paper = DossierPaper(
            dossier=dossier,
            paper=first,
            name=first.name if first else "Hồ sơ",
            filename="ho-so.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_at=dossier.received_at,
        )
        paper.file.name = self.files["scan"]
        return paper

    def _steps(self, dossier: Dossier, plan: dict[str, Any]) -> list[DossierStep]:
        procedure = dossier.procedure
        template = sorted(procedure.steps.all(), key=lambda s: (s.order, s.pk))
        hours = self._hours(dossier.handling_agency)
        start: datetime = plan["start"]
        finished: datetime = plan.get("finished") or self.now
        stop_at: datetime = plan.get("open_until") or self.now
        closed = dossier.status in (Dossier.Status.STOPPED, Dossier.Status.WITHDRAWN)
        rows = []
        dues = planned_deadlines(dossier, start, [step.share for step in template], hours)
        whole = sum(Decimal(step.share) for step in template)
        done_share = Decimal(0)
        span = (finished - start) if finished > start else timedelta(hours=1)
        previous_end = start
        for number, (step, due) in enumerate(zip(template, dues, strict=True), start=1):
            # When the step really ended in this made-up history: its share of the time the dossier took.
            done_share += Decimal(step.share)
            planned_end = start + span * float(done_share / whole) if whole else finished
            row = step_from_process(dossier, number, step, due_at=due)
            last = number == len(template)
            end = dossier.returned_at if last and dossier.returned_at else planned_end
            if last and dossier.status == Dossier.Status.DONE:
                row.status, row.started_at = "active", finished
            elif (
                end is not None
                and end <= stop_at
                and not (last and dossier.status != Dossier.Status.RETURNED)
            ):
                row.status, row.started_at, row.finished_at = "done", previous_end, end
            elif previous_end <= stop_at and (not rows or rows[-1].status == "done"):
                row.status, row.started_at = ("cancelled", None) if closed else ("active", previous_end)
            else:
                row.status = "cancelled" if closed else "pending"
            previous_end = end or previous_end
            rows.append(row)
        return rows

    def _money(
        self, dossier: Dossier, plan: dict[str, Any], fees: list[FeeLine], payments: list[Payment]
    ) -> None:
        lines = [f for f in dossier.procedure.fees.all() if f.amount > 0]
        if not lines:
            return
        amount = sum(f.amount for f in lines)
        online = dossier.channel == "online" and self.rng.random() < 0.7
        paid_at = plan["start"] + timedelta(minutes=self.rng.randint(1, 90))
        payment = Payment(
            dossier=dossier,
            method="online" if online else "desk",
            provider="sandbox" if online else "",
            reference=f"DEMO{dossier.code[-12:]}{self.rng.randrange(10**6):06d}",
            amount=amount,
            status="paid",
            transaction_id=f"SBX{self.rng.randrange(10**12):012d}{len(payments)}" if online else None,
            receipt_number="" if online else f"BL{self.rng.randrange(10**6):06d}",
            created_at=paid_at,
            paid_at=paid_at,
            callbacks=1 if online else 0,
        )
        payments.append(payment)
        for fee in lines:
            fees.append(
                FeeLine(
                    dossier=dossier,
                    kind=fee.kind,
                    name=fee.name,
                    amount=fee.amount,
                    status="refund" if dossier.status == Dossier.Status.STOPPED else "paid",
                    payment=payment,
                    paid_at=paid_at,
                    receipt_number=payment.receipt_number,
                )
            )

    def _rating(self, dossier: Dossier, plan: dict[str, Any]) -> Rating:
        outcome = plan["outcome"]
        first = 2 if outcome == "on_time" else 1 if outcome == "apology" else 0
        scores = {"i1": first, "i2": 2 if outcome == "on_time" else 1}
        for index in range(3, 10):
            scores[f"i{index}"] = self.rng.choices([2, 1, 0], [80, 17, 3])[0]
        return Rating(
            dossier=dossier,
            handling_agency_id=dossier.handling_agency_id,
            receiving_agency_id=dossier.receiving_agency_id,
            officer_id=dossier.received_by_id,
            scores=scores,
            created_at=dossier.returned_at + timedelta(hours=2),
        )


def _live(citizen: Any) -> int:
    """Dossiers in progress through the real services at the first commune's desk (xa01.*), so that every demo
    role has something to do; receipts and forms are real PDFs."""
    from congso.accounts.models import User
    from congso.core.errors import ApplicationError
    from congso.core.uploads import Upload
    from congso.dossiers import services

    people = {u.username.split(".")[-1]: u for u in User.objects.filter(username__startswith="xa01.")}
    officer, leader, specialist = people.get("motcua"), people.get("lanhdao"), people.get("quantri")
    if officer is None or leader is None or specialist is None or not officer.active_memberships():
        return 0
    desk = officer.active_memberships()[0].agency
    procedures = {
        p.code: p for p in Procedure.objects.filter(code__in=["1.001193", "1.001612", "2.000908", "1.009974"])
    }
    rng = random.Random(7)
    made = 0

    def applicant() -> dict[str, str]:
        return {
            "name": f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "id_number": f"0{rng.randrange(10**10, 10**11)}",
            "phone": f"09{rng.randrange(10**7, 10**8)}",
            "address": f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
        }

    def receive(code: str) -> Dossier:
        return services.dossier_receive(
            actor=officer,
            receiving_agency=desk,
            procedure=procedures[code],
            channel="direct",
            applicant=applicant(),
            handling_agency=desk,
        )

    try:
        for code in ("1.001193", "1.001612", "2.000908"):
            receive(code)  # in the desk officer's hands
            made += 1
        for code in ("1.001612", "1.009974", "1.001193"):
            dossier = receive(code)
            services.dossier_forward(
                actor=officer, dossier=dossier, comment="Hồ sơ đầy đủ"
            )  # the specialist's
            made += 1
        waiting = receive("1.009974")
        services.dossier_forward(actor=officer, dossier=waiting)
        services.dossier_request_supplement(
            actor=specialist, dossier=waiting, items=["Bản vẽ mặt bằng công trình"]
        )
        for code in ("1.001612", "2.000908"):
            dossier = receive(code)
            services.dossier_forward(actor=officer, dossier=dossier)
            services.dossier_forward(actor=specialist, dossier=dossier, comment="Đề nghị cấp")  # the leader's
            made += 1
        ready = receive("1.001193")
        services.dossier_forward(actor=officer, dossier=ready)
        services.dossier_forward(actor=specialist, dossier=ready)
        services.dossier_approve(
            actor=leader,
            dossier=ready,
            result_summary="Cấp Giấy khai sinh",
            result_file=Upload(name="kq.pdf", content=PDF),
        )
        made += 2
        if citizen is not None:
            procedure = procedures["1.001612"]
            first = procedure.papers.first()
            draft = services.online_draft_save(
                actor=citizen,
                procedure=procedure,
                handling_agency=desk,
                applicant={"name": citizen.full_name, "id_number": "001099012345", "phone": citizen.phone},
                form_data={
                    str(first.pk): {
                        "ho_ten": citizen.full_name,
                        "so_dinh_danh": "001099012345",
                        "dien_thoai": citizen.phone,
                    }
                },
                uploads={
                    p.pk: Upload(name="giay-to.pdf", content=PDF)
                    for p in procedure.papers.filter(required=True)
                },
            )
            services.online_submit(actor=citizen, dossier=draft)  # waiting for the desk to check it
            made += 1
    except ApplicationError:  # a PDF library missing on this machine: the bulk history is still there
        return made
    return made


def build_demo_dossiers(count: int = 20_000, citizen: Any = None) -> dict[str, int]:
    if Dossier.objects.exists():
        return {"dossiers": Dossier.objects.count()}
    counts = DossiersDemo(count).build()
    with notifications_silenced():
        counts["live"] = _live(citizen)
    counts["dossiers"] = Dossier.objects.count()
    return counts
