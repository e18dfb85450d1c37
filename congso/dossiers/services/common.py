"""What every action on a dossier shares: the row lock with the version check (two officers acting on the same
dossier at once: the second gets a clear conflict), the event and audit entry written in the same transaction, and
deadlines counted on the legal calendar."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core import calendar
from congso.core.errors import Conflict, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from ..models import Dossier, DossierEvent

# Actions that do not change the status but that the applicant must hear of.
NOTIFIED_ACTIONS = {"extended", "supplement_received", "payment_received"}


def deadline(
    start: datetime, amount: Decimal | float | int, unit: str, hours: calendar.OfficeHours
) -> datetime:
    """`amount` of the procedure's unit counted from `start`: whole working days end at closing time of the last
    day (from the effective intake day: after the 15:00 cut-off, the next working day); half days and working hours
    are counted in office hours."""
    amount = Decimal(str(amount))
    if unit == "working_hours":
        return calendar.add_working_hours(start, amount, hours)
    if amount == amount.to_integral_value():
        return calendar.add_working_days(start, int(amount), hours)
    return calendar.add_working_hours(start, float(amount) * hours.minutes_per_day / 60, hours)


def check(actor: Any, dossier: Dossier | None, action: str, refusal: str, **where: Any) -> None:
    """The state machine's guard for `action` (models/workflow.py): a dossier in another state gets a clear
    ValidationFailed, a user who is not among the action's `who` a PermissionDenied with `refusal`."""
    from congso.core.errors import PermissionDenied

    from ..models import workflow
    from ..permissions import may

    if dossier is not None:
        workflow.require(dossier, action)
    if not may(actor, dossier, action, **where):
        raise PermissionDenied(refusal)


def locked(dossier: Dossier | int, version: int | None) -> Dossier:
    """The dossier under a row lock. With the version the actor's page showed, a change made meanwhile by someone
    else is a conflict (HTTP 409), never a silent overwrite."""
    pk = dossier if isinstance(dossier, int) else dossier.pk
    current = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "receiving_agency", "handling_agency")
        .get(pk=pk)
    )
    current._status_at_lock = current.status  # type: ignore[attr-defined]
    if version is not None and int(version) != current.version:
        raise Conflict(
            _("Someone else has just acted on dossier %(code)s. Reload the page to see what changed.")
            % {"code": current.code},
            details={"version": [str(current.version)]},
        )
    return current


def commit(
    dossier: Dossier,
    *,
    actor: Any,
    action: str,
    fields: list[str],
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Save the changed fields with a new version, and write the history event and the audit entry."""
    dossier.version += 1
    dossier.save(update_fields=[*fields, "version", "updated_at"])
    event = DossierEvent.objects.create(
        dossier=dossier,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "full_name", "") or "",
        action=action,
        comment=comment,
        data=data or {},
    )
    audit_log(
        actor=actor if getattr(actor, "pk", None) else None,
        action=f"dossier.{action}",
        obj=dossier,
        agency_id=dossier.handling_agency_id,
        message=comment[:500],
    )
    changed = dossier.status != getattr(dossier, "_status_at_lock", None)
    if (changed or action in NOTIFIED_ACTIONS) and dossier.status != Dossier.Status.DRAFT:
        from .notices import applicant_notify

        applicant_notify(dossier, action)
    from .portal import portal_queue

    portal_queue(dossier, event, status_changed=changed)
    return event


def required_text(value: Any, field: str, message: str) -> str:
    text = clean_text(str(value or ""))
    if not text:
        raise ValidationFailed(message, details={field: [message]})
    return text


def item_list(items: Any) -> list[str]:
    """The missing or incomplete papers of a supplement request: all of them at once, none empty."""
    listed = [clean_text(str(item)) for item in (items or [])]
    listed = [item for item in listed if item]
    if not listed:
        message = _("List every missing or incomplete paper (one per line).")
        raise ValidationFailed(message, details={"items": [message]})
    return listed


def now() -> datetime:
    return timezone.now()
