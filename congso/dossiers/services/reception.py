"""Reception of dossiers (issue 4 §2): the dossier code and the appointment date on the legal calendar."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core import calendar
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from .models import Dossier, DossierCounter, DossierEvent, FormTemplate
from .permissions import can_receive_at

PHONE_RE = re.compile(r"^0\d{9}$")
# The page around every form (size, margins, font): a file of the app, read once.
_PAGE = (Path(__file__).parent / "templates" / "dossiers" / "pdf" / "form.html").read_text(encoding="utf-8")
ID_RE = re.compile(r"^\d{12}$")


def dossier_code(*, agency: Any, day: date, number: int) -> str:
    """`CONGSO_DOSSIER_CODE_FORMAT` with {organ_id}, {date} and {seq}; the 2018 default gives
    `000.00.01.H29-240115-0001` (a setting, because newer rules change the format)."""
    return settings.CONGSO_DOSSIER_CODE_FORMAT.format(organ_id=agency.organ_id, date=day, seq=number)


def _next_number(agency: Any, day: date) -> int:
    DossierCounter.objects.get_or_create(agency=agency, day=day)
    counter = DossierCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def appointment(
    *, procedure: Any, channel: str, received_at: datetime, hours: calendar.OfficeHours
) -> datetime:
    """The appointment date: the procedure's time limit for the channel, counted on the working-day calendar from
    the effective intake day (after the 15:00 cut-off, from the next working day). Whole working days end at closing
    time of the last day; half days and working hours are counted in office hours."""
    limit = Decimal(procedure.time_for(channel))
    if procedure.time_unit == "working_hours":
        return calendar.add_working_hours(received_at, limit, hours)
    if limit == limit.to_integral_value():
        return calendar.add_working_days(received_at, int(limit), hours)
    return calendar.add_working_hours(received_at, float(limit) * hours.minutes_per_day / 60, hours)


def _applicant(data: dict[str, Any]) -> dict[str, str]:
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


@transaction.atomic
def dossier_receive(
    *,
    actor: Any,
    receiving_agency: Any,
    procedure: Any,
    channel: str,
    applicant: dict[str, Any],
    handling_agency: Any,
    received_at: datetime | None = None,
) -> Dossier:
    """Accept a complete dossier at a desk: the code (daily sequence of the receiving agency, taken under a row
    lock, so two officers never share one) and the appointment date on the competent agency's calendar."""
    if not can_receive_at(actor, receiving_agency.pk):
        raise PermissionDenied(_("Only a one-stop officer of this desk receives dossiers."))
    if channel not in Dossier.Channel.values:
        raise ValidationFailed(_("Choose the channel."), details={"channel": [_("Choose the channel.")]})
    if not procedure.active:
        raise ValidationFailed(
            _("This procedure is no longer in use."),
            details={"procedure": [_("This procedure is no longer in use.")]},
        )
    if handling_agency.valid_to is not None or (
        procedure.agency_kinds and handling_agency.kind not in procedure.agency_kinds
    ):
        message = _("This agency does not handle this procedure.")
        raise ValidationFailed(message, details={"handling_agency": [message]})
    person = _applicant(applicant)
    moment = received_at or timezone.now()
    hours = handling_agency.office_hours()
    day = timezone.localtime(moment).date()
    dossier = Dossier.objects.create(
        code=dossier_code(agency=receiving_agency, day=day, number=_next_number(receiving_agency, day)),
        procedure=procedure,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency,
        channel=channel,
        status=Dossier.Status.ACCEPTED,
        received_at=moment,
        clock_start=calendar.intake_day(moment, hours),
        appointment_at=appointment(procedure=procedure, channel=channel, received_at=moment, hours=hours),
        received_by=actor,
        **person,
    )
    DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        actor_name=getattr(actor, "full_name", ""),
        action="received",
        data={"channel": channel, "appointment": timezone.localtime(dossier.appointment_at).isoformat()},
    )
    audit_log(actor=actor, action="dossier.received", obj=dossier, agency_id=receiving_agency.pk)
    dossier_store_receipt(dossier=dossier)
    return dossier


def form_render(*, code: str, on: date, context: dict[str, Any]) -> bytes:
    """A form of TT 01/2018 as PDF: the template row in force on `on` (data, versioned by effective date)."""
    from django.template import Context, Template

    from congso.core.pdf import font_face_css, html_to_pdf

    form = FormTemplate.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from").first()
    if form is None:
        raise ValidationFailed(_("No form %(code)s is in force on that day.") % {"code": code})
    body = Template(form.body).render(Context(context))
    page = Template(_PAGE).render(
        Context({"body": body, "page_size": form.page_size, "font_face_css": font_face_css()})
    )
    return html_to_pdf(page)


def dossier_store_receipt(*, dossier: Dossier) -> None:
    """Mẫu 01 with the code, the dates and a QR code of the code, stored with the dossier."""
    import segno
    from django.core.files.base import ContentFile

    received = timezone.localtime(dossier.received_at)
    qr = segno.make(dossier.code, error="m").svg_inline(scale=2, border=1)
    pdf = form_render(
        code="01",
        on=received.date(),
        context={
            "dossier": dossier,
            "procedure": dossier.procedure,
            "papers": list(dossier.procedure.papers.all()),
            "agency_name": dossier.receiving_agency.name,
            "place": dossier.receiving_agency.name,
            "received": received,
            "appointment": timezone.localtime(dossier.appointment_at),
            "limit": f"{dossier.procedure.time_for(dossier.channel):g}",
            "unit": dossier.procedure.get_time_unit_display(),
            "result_place": _("the one-stop desk of %(agency)s") % {"agency": dossier.receiving_agency.name},
            "officer_name": getattr(dossier.received_by, "full_name", ""),
            "qr_svg": qr,
        },
    )
    dossier.receipt.save(f"{dossier.code}-mau-01.pdf", ContentFile(pdf), save=False)
    Dossier.objects.filter(pk=dossier.pk).update(receipt=dossier.receipt.name)
