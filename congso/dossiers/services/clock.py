"""The time limit of a dossier: when its clock starts (acceptance, or the complete supplement when the procedure
restarts from zero), the appointment date, and the planned deadline of each step of the internal process (the
clock start plus the shares of the steps up to it, so the last step ends at the appointment)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from congso.core import calendar

from ..models import Dossier, DossierStep
from .common import deadline


def appointment(
    *, procedure: Any, channel: str, received_at: datetime, hours: calendar.OfficeHours
) -> datetime:
    """The appointment date: the procedure's time limit for the channel, counted on the working-day calendar from
    the effective intake day (after the 15:00 cut-off, from the next working day)."""
    return deadline(received_at, procedure.time_for(channel), procedure.time_unit, hours)


def _scale(procedure: Any, channel: str) -> Decimal:
    """Step shares are written for the desk's time limit; another channel's limit scales them."""
    direct = Decimal(procedure.time_direct)
    return Decimal(procedure.time_for(channel)) / direct if direct else Decimal(1)


def planned_deadlines(
    dossier: Dossier, start: datetime, shares: list[Any], hours: calendar.OfficeHours
) -> list[datetime | None]:
    """The planned deadline of each step, given the steps' shares in process order: the clock start plus the
    shares up to and including that step, scaled to the channel's limit; a step that reaches the whole limit
    ends at the appointment."""
    procedure = dossier.procedure
    scale = _scale(procedure, dossier.channel)
    total = Decimal(procedure.time_for(dossier.channel))
    dues, cumulative = [], Decimal(0)
    for share in shares:
        cumulative += Decimal(share) * scale
        reached = cumulative >= total
        dues.append(
            dossier.appointment_at if reached else deadline(start, cumulative, procedure.time_unit, hours)
        )
    return dues


def step_from_process(dossier: Dossier, number: int, step: Any, **fields: Any) -> DossierStep:
    """The dossier's copy of the procedure's `number`-th step (unsaved). It is done at the receiving desk if it
    is the one-stop officer's, at the competent agency otherwise."""
    at_desk = step.role == "one_stop_officer"
    return DossierStep(
        dossier=dossier,
        order=number,
        name=step.name,
        agency_id=dossier.receiving_agency_id if at_desk else dossier.handling_agency_id,
        role=step.role,
        share=step.share,
        cross_agency=step.cross_agency,
        **fields,
    )


def steps_create(dossier: Dossier, *, actor: Any) -> None:
    """Copy the procedure's process into the dossier: desk steps (the one-stop officer's) at the receiving desk,
    the others at the competent agency; the first step is in the receiving officer's hands."""
    rows = []
    for number, step in enumerate(dossier.procedure.steps.order_by("order", "pk"), start=1):
        rows.append(
            step_from_process(
                dossier,
                number,
                step,
                lead=True,
                status=DossierStep.Status.ACTIVE if number == 1 else DossierStep.Status.PENDING,
                started_at=dossier.received_at if number == 1 else None,
                assignee=actor if number == 1 and getattr(actor, "pk", None) else None,
            )
        )
    DossierStep.objects.bulk_create(rows)


def clock_start(dossier: Dossier, moment: datetime) -> list[str]:
    """Start (or restart from zero) the time limit at `moment`: the appointment and every unfinished step's
    planned deadline. Returns the changed dossier fields."""
    hours = dossier.handling_agency.office_hours()
    procedure = dossier.procedure
    dossier.clock_start = calendar.intake_day(moment, hours)
    dossier.appointment_at = appointment(
        procedure=procedure, channel=dossier.channel, received_at=moment, hours=hours
    )
    steps = list(dossier.steps.order_by("order", "pk"))
    first_of_order = {step.order: step for step in reversed(steps)}  # cross-agency steps share their order
    orders = sorted(first_of_order)
    dues = planned_deadlines(dossier, moment, [first_of_order[order].share for order in orders], hours)
    due = dict(zip(orders, dues, strict=True))
    changed = []
    for step in steps:
        if step.status in (DossierStep.Status.DONE, DossierStep.Status.CANCELLED):
            continue
        step.due_at = due[step.order]
        changed.append(step)
    DossierStep.objects.bulk_update(changed, ["due_at"])
    return ["clock_start", "appointment_at"]


def shift(dossier: Dossier, *, since: datetime, until: datetime) -> list[str]:
    """A paused clock: move the appointment and the unfinished steps' deadlines by the working time between
    `since` and `until` (working days for procedures counted in days, working hours otherwise)."""
    hours = dossier.handling_agency.office_hours()
    by_hours = dossier.procedure.time_unit == "working_hours"
    amount = (
        calendar.working_hours_between(since, until, hours)
        if by_hours
        else calendar.working_days_between(since, until, hours)
    )
    if amount <= 0:
        return []

    def moved(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if by_hours:
            return calendar.add_working_hours(value, amount, hours, cutoff=False)
        local = timezone.localtime(value)
        day = calendar.nth_working_day_after(local.date(), int(amount), hours)
        return local.replace(year=day.year, month=day.month, day=day.day)

    dossier.appointment_at = moved(dossier.appointment_at)
    steps = list(dossier.steps.exclude(status__in=[DossierStep.Status.DONE, DossierStep.Status.CANCELLED]))
    for step in steps:
        step.due_at = moved(step.due_at)
    DossierStep.objects.bulk_update(steps, ["due_at"])
    return ["appointment_at"]
