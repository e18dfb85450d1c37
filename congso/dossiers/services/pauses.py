"""The clock stops while the dossier waits on its applicant (issue 4 §3): a supplement asked for during processing
(once, within 3 working days of reception; the time limit then restarts from zero, or pauses where the procedure
says so) and a financial obligation (the clock pauses until it is paid). Every interval is kept with its start, end
and reason; resuming goes back to the state the dossier had (workflow.RESUME)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core import calendar
from congso.core.errors import ValidationFailed
from congso.core.text import clean_text

from ..models import Dossier, DossierInterval, workflow
from .clock import clock_start, shift
from .common import check, commit, item_list, locked, required_text
from .ledger import obligation_add
from .paperwork import form_issue

DATE_FORMAT = "%d/%m/%Y"


def _pause(dossier: Dossier, *, kind: str, reason: str, items: list[str], effect: str) -> DossierInterval:
    if dossier.intervals.filter(ended_at__isnull=True).exists():
        raise ValidationFailed(_("The dossier is already waiting for the applicant."))
    return DossierInterval.objects.create(
        dossier=dossier,
        kind=kind,
        effect=effect,
        reason=reason,
        items=items,
        resume_status=dossier.status,
        started_at=timezone.now(),
    )


@transaction.atomic
def dossier_request_supplement(
    *, actor: Any, dossier: Dossier, items: Any, reason: str = "", version: int | None = None
) -> Dossier:
    """Ask the applicant, once and for every missing item at once, to supplement the dossier (Mẫu 02): only within
    3 working days of reception. The clock stops; see `dossier_supplement_received`."""
    dossier = locked(dossier, version)
    check(
        actor,
        dossier,
        "supplement_requested",
        _("Only whoever has the dossier in hand asks for a supplement."),
    )
    listed = item_list(items)
    if dossier.supplement_requested:
        raise ValidationFailed(_("A supplement has already been requested once for this dossier."))
    hours = dossier.handling_agency.office_hours()
    limit = calendar.add_working_days(dossier.received_at, 3, hours)
    if timezone.now() > limit:
        raise ValidationFailed(
            _(
                "A supplement can only be requested within 3 working days of reception (until %(limit)s). "
                "Past that, handle the dossier or extend it with an apology."
            )
            % {"limit": timezone.localtime(limit).strftime("%H:%M " + DATE_FORMAT)}
        )
    effect = (
        DossierInterval.Effect.PAUSE
        if dossier.procedure.pause_on_supplement
        else DossierInterval.Effect.RESTART
    )
    text = clean_text(reason) or _("The dossier is incomplete.")
    _pause(dossier, kind=DossierInterval.Kind.SUPPLEMENT, reason=text, items=listed, effect=effect)
    form_issue(dossier=dossier, code="02", actor=actor, items=listed, reason=text)
    dossier.supplement_requested = True
    commit(
        dossier,
        actor=actor,
        action="supplement_requested",
        fields=[*workflow.advance(dossier, "supplement_requested"), "supplement_requested"],
        comment=text,
        data={"items": listed, "effect": effect},
    )
    return dossier


def resume_clock(
    dossier: Dossier, *, kind: str, moment: datetime, action: str
) -> tuple[DossierInterval, list[str]]:
    """End the interval the clock was stopped for and go back to the state before it (`action`: the transition
    that resumes, workflow.RESUME)."""
    interval = dossier.intervals.filter(ended_at__isnull=True, kind=kind).order_by("-started_at").first()
    if interval is None:
        raise ValidationFailed(_("The dossier is not waiting for that."))
    interval.ended_at = moment
    interval.save(update_fields=["ended_at"])
    if interval.effect == DossierInterval.Effect.RESTART:
        fields = clock_start(dossier, moment)
    else:
        fields = shift(dossier, since=interval.started_at, until=moment)
    return interval, [*workflow.advance(dossier, action, resume_to=interval.resume_status), *fields]


def supplement_resume(dossier: Dossier, *, actor: Any, note: str, **data: Any) -> None:
    """The supplement is in (at the desk, or uploaded by the applicant): the clock restarts or resumes and the
    event is recorded, with the new appointment."""
    interval, fields = resume_clock(
        dossier, kind=DossierInterval.Kind.SUPPLEMENT, moment=timezone.now(), action="supplement_received"
    )
    commit(
        dossier,
        actor=actor,
        action="supplement_received",
        fields=fields,
        comment=clean_text(note),
        data={
            "effect": interval.effect,
            "appointment": timezone.localtime(dossier.appointment_at).isoformat(),
            **data,
        },
    )


@transaction.atomic
def dossier_supplement_received(
    *, actor: Any, dossier: Dossier, note: str = "", version: int | None = None
) -> Dossier:
    """The complete supplement arrived at the desk: the time limit restarts from zero (or resumes where the
    procedure pauses instead), and every step's deadline follows."""
    dossier = locked(dossier, version)
    if not workflow.awaiting_supplement(dossier):
        raise ValidationFailed(
            _("Dossier %(code)s is not waiting for a supplement.") % {"code": dossier.code}
        )
    check(actor, dossier, "supplement_received", _("Only a one-stop officer records the supplement."))
    supplement_resume(dossier, actor=actor, note=note)
    return dossier


@transaction.atomic
def dossier_request_payment(
    *, actor: Any, dossier: Dossier, reason: str, amount: int | None = None, version: int | None = None
) -> Dossier:
    """Ask the applicant to pay a financial obligation (status 6); the clock pauses until it is paid. With an
    amount, the obligation becomes a fee line the applicant pays online or at the desk, which resumes the clock by
    itself; without one (a tax paid elsewhere) an officer records the payment."""
    dossier = locked(dossier, version)
    check(actor, dossier, "payment_requested", _("Only whoever has the dossier in hand asks for a payment."))
    text = required_text(reason, "reason", _("Say what is to be paid."))
    if amount is not None:
        obligation_add(dossier, name=text, amount=amount)
    _pause(
        dossier, kind=DossierInterval.Kind.PAYMENT, reason=text, items=[], effect=DossierInterval.Effect.PAUSE
    )
    commit(
        dossier,
        actor=actor,
        action="payment_requested",
        fields=workflow.advance(dossier, "payment_requested"),
        comment=text,
        data={"amount": amount},
    )
    return dossier


@transaction.atomic
def dossier_payment_received(
    *, actor: Any, dossier: Dossier, note: str = "", version: int | None = None
) -> Dossier:
    dossier = locked(dossier, version)
    if not workflow.awaiting_payment(dossier):
        raise ValidationFailed(_("Dossier %(code)s is not waiting for a payment.") % {"code": dossier.code})
    check(actor, dossier, "payment_received", _("Only whoever has the dossier in hand records the payment."))
    fields = resume_clock(
        dossier, kind=DossierInterval.Kind.PAYMENT, moment=timezone.now(), action="payment_received"
    )[1]
    commit(dossier, actor=actor, action="payment_received", fields=fields, comment=clean_text(note))
    return dossier
