"""Processing (issue 4 §3): the dossier moves through its procedure's steps, each with its own deadline, to its
approval and the returned result; an apology with one new date (at least one working day before the deadline), a
stop by the agency's leader. Every action locks the dossier, checks the version the actor saw and the state
machine (models/workflow.py), and writes the history and the audit entry in the same transaction. The clock's
pauses (supplement, payment) are in pauses.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core import calendar
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.text import clean_text
from congso.core.uploads import Upload, check_upload

from ..models import Dossier, DossierStep, workflow
from ..permissions import current_lead_step, may
from .common import check, commit, locked, required_text
from .ledger import refunds_record
from .paperwork import form_issue

DATE_FORMAT = "%d/%m/%Y"


def current_step(dossier: Dossier) -> DossierStep:
    step = current_lead_step(dossier)
    if step is None:
        raise ValidationFailed(_("Dossier %(code)s has no step in hand.") % {"code": dossier.code})
    return step


def approval_order(dossier: Dossier) -> int:
    """The step whose completion approves the result: the last one not at the desk (the ones after it return the
    result); the first step when every step is at the desk."""
    orders = [s.order for s in dossier.steps.all() if s.role != "one_stop_officer" and s.lead]
    return max(orders) if orders else 1


def _my_step(actor: Any, dossier: Dossier, action: str) -> DossierStep:
    """The current step, checked against the state machine for `action` and held by `actor`."""
    workflow.require(dossier, action)
    step = current_step(dossier)
    if not may(actor, dossier, action, step=step):
        raise PermissionDenied(
            _("The step “%(step)s” is not in your hands.") % {"step": step.name},
        )
    return step


def _finish(step: DossierStep, actor: Any, comment: str, moment: datetime) -> None:
    step.status = DossierStep.Status.DONE
    step.finished_at = moment
    step.finished_by = actor
    step.comment = comment
    step.save(update_fields=["status", "finished_at", "finished_by", "comment"])


def _member_of(user: Any, agency_id: int) -> bool:
    return bool(user is not None and user.is_active and agency_id in user.agency_ids())


@transaction.atomic
def dossier_forward(
    *,
    actor: Any,
    dossier: Dossier,
    comment: str = "",
    assignee: Any = None,
    agencies: list[Any] | None = None,
    lead_agency: Any = None,
    version: int | None = None,
) -> Dossier:
    """Finish the step in hand and pass the dossier to the next one, to a named person or to everyone of the
    step's agency with its role. A cross-agency step goes to several agencies at once, one of them the lead;
    each gets its own row and deadline. The step that approves the result is finished by `dossier_approve`."""
    dossier = locked(dossier, version)
    step = _my_step(actor, dossier, "forwarded")
    if step.order >= approval_order(dossier):
        raise ValidationFailed(_("This step approves the result: approve it instead of forwarding."))
    waiting = dossier.steps.filter(order=step.order, lead=False, status=DossierStep.Status.ACTIVE)
    if waiting.exists():
        names = ", ".join(s.agency.name for s in waiting.select_related("agency"))
        raise ValidationFailed(_("Still waiting for the opinion of: %(names)s.") % {"names": names})
    following = dossier.steps.filter(order=step.order + 1, lead=True).first()
    if following is None:
        raise ValidationFailed(_("There is no next step."))
    moment = timezone.now()
    cross = following.cross_agency
    rows = [following]
    if cross:
        chosen = list({a.pk: a for a in agencies or []}.values())
        if not chosen:
            message = _("Choose the agencies whose opinion is needed.")
            raise ValidationFailed(message, details={"agencies": [message]})
        lead = lead_agency or chosen[0]
        if lead.pk not in {a.pk for a in chosen}:
            message = _("The lead agency must be one of the chosen agencies.")
            raise ValidationFailed(message, details={"lead_agency": [message]})
        following.agency = lead
        for other in chosen:
            if other.pk != lead.pk:
                rows.append(
                    DossierStep.objects.create(
                        dossier=dossier,
                        order=following.order,
                        name=following.name,
                        agency=other,
                        role=following.role,
                        share=following.share,
                        lead=False,
                        cross_agency=True,
                        due_at=following.due_at,
                    )
                )
    if assignee is not None:
        if cross or not _member_of(assignee, following.agency_id):
            message = _("%(name)s does not work at %(agency)s.") % {
                "name": assignee.full_name,
                "agency": following.agency.name,
            }
            raise ValidationFailed(message, details={"assignee": [message]})
        following.assignee = assignee
    _finish(step, actor, clean_text(comment), moment)
    for row in rows:
        row.status = DossierStep.Status.ACTIVE
        row.started_at = moment
        row.save()
    commit(
        dossier,
        actor=actor,
        action="forwarded",
        fields=workflow.advance(dossier, "forwarded"),
        comment=clean_text(comment),
        data={
            "from": step.name,
            "to": following.name,
            "agencies": [row.agency.name for row in rows],
            "assignee": getattr(assignee, "full_name", ""),
            "order": following.order,
        },
    )
    return dossier


@transaction.atomic
def dossier_give_opinion(
    *, actor: Any, dossier: Dossier, step: DossierStep, comment: str, version: int | None = None
) -> Dossier:
    """A collaborating agency answers its part of a cross-agency step."""
    dossier = locked(dossier, version)
    step = dossier.steps.get(pk=step.pk)
    workflow.require(dossier, "opinion")
    if step.lead or not may(actor, dossier, "opinion", step=step):
        raise PermissionDenied(_("This opinion is not yours to give."))
    text = required_text(comment, "comment", _("Write the opinion."))
    _finish(step, actor, text, timezone.now())
    commit(dossier, actor=actor, action="opinion", fields=[], comment=text, data={"agency": step.agency.name})
    return dossier


@transaction.atomic
def dossier_send_back(*, actor: Any, dossier: Dossier, reason: str, version: int | None = None) -> Dossier:
    """Send the dossier back to the previous step (to be reworked); the reason is kept in the history."""
    dossier = locked(dossier, version)
    step = _my_step(actor, dossier, "sent_back")
    text = required_text(reason, "reason", _("Say why the dossier goes back."))
    previous = dossier.steps.filter(order=step.order - 1, lead=True).first()
    if previous is None:
        raise ValidationFailed(_("This is the first step: there is nothing to send back to."))
    moment = timezone.now()
    dossier.steps.filter(order=step.order, status=DossierStep.Status.ACTIVE).update(
        status=DossierStep.Status.PENDING, started_at=None
    )
    previous.status = DossierStep.Status.ACTIVE
    previous.started_at = moment
    previous.finished_at = None
    previous.finished_by = None
    previous.save(update_fields=["status", "started_at", "finished_at", "finished_by"])
    commit(
        dossier,
        actor=actor,
        action="sent_back",
        fields=[],
        comment=text,
        data={"from": step.name, "to": previous.name, "order": previous.order},
    )
    return dossier


@transaction.atomic
def dossier_extend(
    *, actor: Any, dossier: Dossier, new_date: date, reason: str, version: int | None = None
) -> Dossier:
    """The apology with a new date (Mẫu 04): at least one working day before the deadline, only once. The new date
    replaces the old one for on-time statistics; the original is kept."""
    dossier = locked(dossier, version)
    check(actor, dossier, "extended", _("Only whoever has the dossier in hand, or a leader, extends it."))
    text = required_text(reason, "reason", _("Give the reason for the delay."))
    if dossier.original_appointment_at is not None:
        raise ValidationFailed(_("This dossier has already been given a new date once; only one is allowed."))
    hours = dossier.handling_agency.office_hours()
    old = timezone.localtime(dossier.appointment_at)
    today = timezone.localdate()
    if calendar.working_days_between(today, old.date(), hours) < 1:
        raise ValidationFailed(
            _(
                "An apology with a new date must be sent at least one working day before the appointment "
                "(%(date)s)."
            )
            % {"date": old.strftime(DATE_FORMAT)}
        )
    if not isinstance(new_date, date) or new_date <= old.date():
        message = _("The new date must be after the appointment (%(date)s).") % {
            "date": old.strftime(DATE_FORMAT)
        }
        raise ValidationFailed(message, details={"new_date": [message]})
    if not calendar.is_working_day(new_date, hours):
        name = calendar.holiday_name(new_date)
        message = (
            _("%(date)s is a day off (%(name)s); choose a working day.")
            % {"date": new_date.strftime(DATE_FORMAT), "name": name}
            if name
            else _("%(date)s is not a working day; choose a working day.")
            % {"date": new_date.strftime(DATE_FORMAT)}
        )
        raise ValidationFailed(message, details={"new_date": [message]})
    new = timezone.make_aware(datetime.combine(new_date, hours.closing))
    delta = calendar.working_days_between(old.date(), new_date, hours)
    dossier.original_appointment_at = dossier.appointment_at
    dossier.appointment_at = new
    for step in dossier.steps.exclude(status__in=[DossierStep.Status.DONE, DossierStep.Status.CANCELLED]):
        if step.due_at is not None:
            due = timezone.localtime(step.due_at)
            day = calendar.nth_working_day_after(due.date(), delta, hours)
            step.due_at = min(due.replace(year=day.year, month=day.month, day=day.day), new)
            step.save(update_fields=["due_at"])
    form_issue(dossier=dossier, code="04", actor=actor, old_date=old, new_date=new, reason=text)
    commit(
        dossier,
        actor=actor,
        action="extended",
        fields=["original_appointment_at", "appointment_at"],
        comment=text,
        data={"old": old.isoformat(), "new": new.isoformat()},
    )
    return dossier


@transaction.atomic
def dossier_stop(*, actor: Any, dossier: Dossier, reason: str, version: int | None = None) -> Dossier:
    """Stop processing (status 8), by a leader of the competent agency, with the reason."""
    dossier = locked(dossier, version)
    if not workflow.is_open(dossier):
        raise ValidationFailed(_("Dossier %(code)s is already closed.") % {"code": dossier.code})
    check(actor, dossier, "stopped", _("Only a leader of the competent agency stops a dossier."))
    text = required_text(reason, "reason", _("Give the reason for stopping."))
    dossier.intervals.filter(ended_at__isnull=True).update(ended_at=timezone.now())
    dossier.steps.filter(status__in=["active", "pending"]).update(status=DossierStep.Status.CANCELLED)
    refunds_record(dossier, reason=_("Stopped: %(reason)s") % {"reason": text})
    commit(dossier, actor=actor, action="stopped", fields=workflow.advance(dossier, "stopped"), comment=text)
    return dossier


@transaction.atomic
def dossier_approve(
    *,
    actor: Any,
    dossier: Dossier,
    result_summary: str,
    result_file: Upload | None = None,
    version: int | None = None,
) -> Dossier:
    """Approve the result (status 9, done): the approving step is finished and the result goes to the desk that
    received the dossier. A PDF result is signed by the worker with the agency's certificate (services.signing)."""
    from django.core.files.base import ContentFile

    dossier = locked(dossier, version)
    step = _my_step(actor, dossier, "approved")
    if step.order != approval_order(dossier):
        raise ValidationFailed(
            _("The result is approved at the step “%(step)s”.") % {"step": _approval_name(dossier)}
        )
    text = required_text(result_summary, "result_summary", _("Describe the result."))
    if result_file is not None:
        check_upload(result_file, "result_file")
    moment = timezone.now()
    _finish(step, actor, text, moment)
    following = dossier.steps.filter(order=step.order + 1, lead=True).first()
    if following is not None:
        following.status = DossierStep.Status.ACTIVE
        following.started_at = moment
        following.save(update_fields=["status", "started_at"])
    fields = [*workflow.advance(dossier, "approved"), "finished_at", "result_summary"]
    if result_file is not None:
        dossier.result_file.save(
            f"{dossier.code}-ket-qua-{result_file.name}", ContentFile(result_file.content), save=False
        )
        fields.append("result_file")
        from .signing import queue

        queue("sign_result", dossier.pk)
    dossier.finished_at = moment
    dossier.result_summary = text
    commit(
        dossier,
        actor=actor,
        action="approved",
        fields=fields,
        comment=text,
        data={"timeliness": dossier.timeliness},
    )
    return dossier


def _approval_name(dossier: Dossier) -> str:
    step = dossier.steps.filter(order=approval_order(dossier), lead=True).first()
    return step.name if step else ""


@transaction.atomic
def dossier_return_result(
    *, actor: Any, dossier: Dossier, method: str, note: str = "", version: int | None = None
) -> Dossier:
    """Hand the result over (status 10): at the desk, by post, or as an electronic result the applicant downloads
    (which needs the result file)."""
    dossier = locked(dossier, version)
    if not workflow.allows(dossier, "returned"):
        raise ValidationFailed(_("The result of dossier %(code)s is not ready.") % {"code": dossier.code})
    check(actor, dossier, "returned", _("Only a one-stop officer of the desk returns the result."))
    if method not in Dossier.ReturnMethod.values:
        message = _("Choose how the result is returned.")
        raise ValidationFailed(message, details={"method": [message]})
    if method == Dossier.ReturnMethod.ELECTRONIC and not (dossier.result_file or dossier.result_signed_file):
        message = _("An electronic result needs the result file.")
        raise ValidationFailed(message, details={"method": [message]})
    moment = timezone.now()
    for step in dossier.steps.filter(status__in=[DossierStep.Status.ACTIVE, DossierStep.Status.PENDING]):
        _finish(step, actor, clean_text(note), moment)
    dossier.returned_at = moment
    dossier.return_method = method
    commit(
        dossier,
        actor=actor,
        action="returned",
        fields=[*workflow.advance(dossier, "returned"), "returned_at", "return_method"],
        comment=clean_text(note),
        data={"method": method},
    )
    return dossier
