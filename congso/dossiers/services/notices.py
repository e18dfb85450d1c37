"""The applicant hears of every status change (issue 4 §6): by email and SMS through the core notification
service — to their account when they applied online (with their choice of channels), else to the phone and email
they gave at the desk. Written in the action's transaction, sent after it commits, retried, never twice (the
dedup key is the dossier's version)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congso.core.services import notify, notify_addresses

from ..models import Dossier

KIND = "dossiers.status"


def _body(dossier: Dossier, action: str) -> str:
    parts = [_("Procedure: %(name)s.") % {"name": dossier.procedure.name}]
    if dossier.appointment_at and dossier.is_open:
        parts.append(
            _("Appointment: %(date)s.")
            % {"date": timezone.localtime(dossier.appointment_at).strftime("%H:%M %d/%m/%Y")}
        )
    if action == "extended" and dossier.original_appointment_at:
        parts.append(_("We apologise for the delay."))
    if dossier.status == Dossier.Status.DONE:
        parts.append(_("The result is ready."))
    parts.append(
        _("Look it up with the code and the last 4 digits of your phone: %(url)s")
        % {"url": f"{settings.CONGSO_PUBLIC_URL}/tra-cuu/"}
    )
    return " ".join(parts)


def applicant_notify(dossier: Dossier, action: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Dossier %(code)s: %(status)s") % {
            "code": dossier.code,
            "status": dossier.get_status_display(),
        }
        if action == "extended":
            title = _("Dossier %(code)s: new appointment date") % {"code": dossier.code}
        body = _body(dossier, action)
    key = f"dossier:{dossier.pk}:v{dossier.version}"
    if dossier.applicant_user_id:
        notify(
            recipients=[dossier.applicant_user],
            kind=KIND,
            title=title,
            body=body,
            url=f"/dich-vu-cong/{dossier.pk}/",
            dedup_key=key,
        )
    else:
        notify_addresses(
            email=dossier.applicant_email,
            phone=dossier.applicant_phone,
            kind=KIND,
            title=title,
            body=body,
            dedup_key=key,
        )
