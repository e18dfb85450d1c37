"""Reception of dossiers (issue 4 §2). Checking a dossier ends in one of three outcomes: accepted (the code, the
appointment on the legal calendar and the receipt Mẫu 01), incomplete (a supplement request Mẫu 02 listing every
missing item at once) or refused (Mẫu 03 with the reasons). A dossier submitted online (status 1) or sent back
for completion at the desk gets the same three outcomes when an officer checks it.

Every outcome gets a dossier code, so that the applicant can come back with it and the statistics count it."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed
from congso.core.text import clean_text

from ..models import Dossier, DossierCounter, DossierInterval, workflow
from .clock import clock_start, steps_create
from .common import check, commit, item_list, locked, required_text
from .ledger import fee_lines_create, refunds_record
from .paperwork import form_issue, receipt_queue

PHONE_RE = re.compile(r"^0\d{9}$")
ID_RE = re.compile(r"^\d{12}$")


def dossier_code(*, agency: Any, day: date, number: int) -> str:
    """`CONGSO_DOSSIER_CODE_FORMAT` with {organ_id}, {date} and {seq}; the 2018 default gives
    `000.00.01.H29-240115-0001` (a setting, because newer rules change the format)."""
    return settings.CONGSO_DOSSIER_CODE_FORMAT.format(organ_id=agency.organ_id, date=day, seq=number)


def next_number(agency: Any, day: date) -> int:
    DossierCounter.objects.get_or_create(agency=agency, day=day)
    counter = DossierCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def applicant_clean(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    name = clean_text(str(data.get("name") or ""))
    if not name:
        errors["name"] = [_("Enter the applicant's name.")]
    id_number = re.sub(r"\s", "", str(data.get("id_number") or ""))
    if not ID_RE.match(id_number):
        errors["id_number"] = [_("An identity number has 12 digits.")]
    phone = re.sub(r"[\s.]", "", str(data.get("phone") or "")).replace("+84", "0", 1)
    if not PHONE_RE.match(phone):
        errors["phone"] = [_("A mobile number has 10 digits and starts with 0.")]
    email = clean_text(str(data.get("email") or ""))
    if email and ("@" not in email or " " in email):
        errors["email"] = [_("Enter a valid email address.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)
    return {
        "applicant_name": name[:200],
        "applicant_id_number": id_number,
        "applicant_phone": phone,
        "applicant_email": email[:254],
        "applicant_address": clean_text(str(data.get("address") or ""))[:300],
    }


def _check_new(
    *,
    actor: Any,
    receiving_agency: Any,
    procedure: Any,
    channel: str,
    handling_agency: Any,
    postal_reference: str,
    action: str,
) -> str:
    check(
        actor,
        None,
        action,
        _("Only a one-stop officer of this desk receives dossiers."),
        agency_id=receiving_agency.pk,
    )
    if channel not in (Dossier.Channel.DIRECT, Dossier.Channel.POSTAL):
        raise ValidationFailed(_("Choose the channel."), details={"channel": [_("Choose the channel.")]})
    reference = clean_text(postal_reference)[:40]
    if channel == Dossier.Channel.POSTAL and not reference:
        message = _("Enter the postal item number of the hand-over.")
        raise ValidationFailed(message, details={"postal_reference": [message]})
    check_procedure(procedure=procedure, handling_agency=handling_agency)
    return reference


def check_procedure(*, procedure: Any, handling_agency: Any) -> None:
    if not procedure.active:
        message = _("This procedure is no longer in use.")
        raise ValidationFailed(message, details={"procedure": [message]})
    if handling_agency.valid_to is not None or (
        procedure.agency_kinds and handling_agency.kind not in procedure.agency_kinds
    ):
        message = _("This agency does not handle this procedure.")
        raise ValidationFailed(message, details={"handling_agency": [message]})


def dossier_create(
    *,
    actor: Any,
    receiving_agency: Any,
    procedure: Any,
    channel: str,
    applicant: dict[str, Any],
    handling_agency: Any,
    status: str,
    received_at: datetime | None = None,
    postal_reference: str = "",
    applicant_user: Any = None,
    numbered: bool = True,
) -> Dossier:
    """A new dossier with its code (daily sequence of the receiving agency, taken under a row lock, so two
    officers never share one). Callers validate and hold the transaction. With `numbered=False` the code is a
    placeholder until `code_assign`: a caller that does more work first takes the lock only at the end, so
    concurrent intakes at one desk wait on each other for as short a time as possible."""
    person = applicant_clean(applicant)
    moment = received_at or timezone.now()
    day = timezone.localtime(moment).date()
    dossier = Dossier.objects.create(
        code=(
            dossier_code(agency=receiving_agency, day=day, number=next_number(receiving_agency, day))
            if numbered
            else f"tam-{uuid.uuid4().hex}"
        ),
        procedure=procedure,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency,
        channel=channel,
        status=status,
        received_at=moment,
        received_by=actor if getattr(actor, "kind", "") == "staff" else None,
        postal_reference=postal_reference,
        applicant_user=applicant_user,
        **person,
    )
    dossier.version = 0  # commit() makes it 1 with the first event
    return dossier


def code_assign(dossier: Dossier) -> list[str]:
    day = timezone.localtime(dossier.received_at).date()
    agency = dossier.receiving_agency
    dossier.code = dossier_code(agency=agency, day=day, number=next_number(agency, day))
    return ["code"]


def _accept(dossier: Dossier, *, actor: Any, moment: datetime) -> list[str]:
    fields = (
        workflow.advance(dossier, "received") if dossier.pk and dossier.status != workflow.ACCEPTED else []
    )
    dossier.received_at = moment
    dossier.received_by = actor
    steps_create(dossier, actor=actor)
    fee_lines_create(dossier)
    return [*fields, "received_at", "received_by", *clock_start(dossier, moment)]


def _new_at_desk(kwargs: dict[str, Any], action: str, numbered: bool = True) -> Dossier:
    """A dossier brought to the desk, created straight in the state `action` leads to (the state machine's
    transitions from CREATED)."""
    actor = kwargs["actor"]
    reference = _check_new(
        actor=actor,
        receiving_agency=kwargs["receiving_agency"],
        procedure=kwargs["procedure"],
        channel=kwargs["channel"],
        handling_agency=kwargs["handling_agency"],
        postal_reference=kwargs.pop("postal_reference", "") or "",
        action=action,
    )
    target = workflow.BY_ACTION[action].target
    assert target is not None
    return dossier_create(**kwargs, status=target, postal_reference=reference, numbered=numbered)


@transaction.atomic
def dossier_receive(**kwargs: Any) -> Dossier:
    """Accept a complete dossier at a desk (in person or handed over by the postal service): the code, the clock,
    the steps of the process, and the receipt Mẫu 01. Arguments as `dossier_create`, plus `postal_reference`."""
    dossier = _new_at_desk(kwargs, "received", numbered=False)
    fields = _accept(dossier, actor=kwargs["actor"], moment=dossier.received_at)
    fields += code_assign(dossier)  # the desk's daily counter is locked from here to the commit only
    commit(
        dossier,
        actor=kwargs["actor"],
        action="received",
        fields=fields,
        data={
            "channel": dossier.channel,
            "appointment": timezone.localtime(dossier.appointment_at).isoformat(),
        },
    )
    receipt_queue(dossier=dossier)
    return dossier


def _completion(dossier: Dossier, *, actor: Any, items: Any, reason: str) -> list[str]:
    listed = item_list(items)
    fields = (
        workflow.advance(dossier, "completion_requested") if dossier.status != workflow.SUPPLEMENT else []
    )
    DossierInterval.objects.create(
        dossier=dossier,
        kind=DossierInterval.Kind.SUPPLEMENT,
        effect=DossierInterval.Effect.RESTART,
        reason=clean_text(reason) or _("The dossier is incomplete."),
        items=listed,
        started_at=timezone.now(),
    )
    form_issue(dossier=dossier, code="02", actor=actor, items=listed, reason=clean_text(reason))
    return fields or ["status"]


@transaction.atomic
def dossier_receive_incomplete(*, items: Any, reason: str = "", **kwargs: Any) -> Dossier:
    """The dossier brought to the desk is incomplete: Mẫu 02 lists every missing item at once. The time limit
    has not started; it starts when the officer accepts the completed dossier."""
    item_list(items)
    dossier = _new_at_desk(kwargs, "completion_requested")
    fields = _completion(dossier, actor=kwargs["actor"], items=items, reason=reason)
    commit(
        dossier, actor=kwargs["actor"], action="completion_requested", fields=fields, data={"items": items}
    )
    return dossier


@transaction.atomic
def dossier_receive_refused(*, reason: str, **kwargs: Any) -> Dossier:
    """The dossier is not accepted (the procedure does not apply, the applicant is not entitled …): Mẫu 03."""
    text = required_text(reason, "reason", _("Give the reasons for the refusal."))
    dossier = _new_at_desk(kwargs, "refused")
    form_issue(dossier=dossier, code="03", actor=kwargs["actor"], reason=text)
    commit(dossier, actor=kwargs["actor"], action="refused", fields=["status"], comment=text)
    return dossier


def _at_intake(dossier: Dossier, actor: Any, action: str) -> None:
    """Checks for the outcome of a dossier waiting at the desk: submitted online, or back for completion."""
    if not workflow.awaiting_intake(dossier) or not workflow.allows(dossier, action):
        raise ValidationFailed(
            _("Dossier %(code)s is not waiting for reception (it is “%(status)s”).")
            % {"code": dossier.code, "status": dossier.get_status_display()}
        )
    check(actor, dossier, action, _("Only a one-stop officer of the receiving desk checks this dossier."))


def _end_intervals(dossier: Dossier, moment: datetime) -> DossierInterval | None:
    interval = dossier.intervals.filter(ended_at__isnull=True).order_by("-started_at").first()
    if interval is not None:
        interval.ended_at = moment
        interval.save(update_fields=["ended_at"])
    return interval


@transaction.atomic
def dossier_accept(*, actor: Any, dossier: Dossier, version: int | None = None) -> Dossier:
    """Accept a dossier submitted online, or completed after a Mẫu 02 at the desk: the clock starts now."""
    dossier = locked(dossier, version)
    _at_intake(dossier, actor, "received")
    moment = timezone.now()
    _end_intervals(dossier, moment)
    fields = _accept(dossier, actor=actor, moment=moment)
    commit(
        dossier,
        actor=actor,
        action="received",
        fields=fields,
        data={
            "channel": dossier.channel,
            "appointment": timezone.localtime(dossier.appointment_at).isoformat(),
        },
    )
    receipt_queue(dossier=dossier)
    return dossier


@transaction.atomic
def dossier_request_completion(
    *, actor: Any, dossier: Dossier, items: Any, reason: str = "", version: int | None = None
) -> Dossier:
    """A dossier submitted online is incomplete: Mẫu 02 to the applicant, who completes it and submits again."""
    dossier = locked(dossier, version)
    if workflow.state_of(dossier) == workflow.SUPPLEMENT_AT_INTAKE:
        raise ValidationFailed(_("A completion has already been requested; wait for the applicant."))
    _at_intake(dossier, actor, "completion_requested")
    fields = _completion(dossier, actor=actor, items=items, reason=reason)
    commit(
        dossier, actor=actor, action="completion_requested", fields=fields, data={"items": item_list(items)}
    )
    return dossier


@transaction.atomic
def dossier_refuse(*, actor: Any, dossier: Dossier, reason: str, version: int | None = None) -> Dossier:
    """Refuse a dossier waiting at the desk, with the reasons (Mẫu 03)."""
    dossier = locked(dossier, version)
    _at_intake(dossier, actor, "refused")
    text = required_text(reason, "reason", _("Give the reasons for the refusal."))
    _end_intervals(dossier, timezone.now())
    fields = workflow.advance(dossier, "refused")
    refunds_record(dossier, reason=_("Refused: %(reason)s") % {"reason": text})
    form_issue(dossier=dossier, code="03", actor=actor, reason=text)
    commit(dossier, actor=actor, action="refused", fields=fields, comment=text)
    return dossier


@transaction.atomic
def dossier_withdraw(*, actor: Any, dossier: Dossier, reason: str, version: int | None = None) -> Dossier:
    """The applicant withdraws the dossier (in person at a desk, or from their own account) before the result."""
    dossier = locked(dossier, version)
    if not workflow.allows(dossier, "withdrawn"):
        raise ValidationFailed(
            _("Dossier %(code)s is closed (“%(status)s”); it can no longer be withdrawn.")
            % {"code": dossier.code, "status": dossier.get_status_display()}
        )
    check(actor, dossier, "withdrawn", _("Only the applicant or a one-stop officer records a withdrawal."))
    text = required_text(reason, "reason", _("Give the reason for the withdrawal."))
    moment = timezone.now()
    _end_intervals(dossier, moment)
    dossier.steps.filter(status__in=["active", "pending"]).update(status="cancelled")
    commit(
        dossier, actor=actor, action="withdrawn", fields=workflow.advance(dossier, "withdrawn"), comment=text
    )
    return dossier
