"""The forms of TT 01/2018/TT-VPCP as PDF (Mẫu 01–05 on A5): rendered from the template row in force on the day
(data, versioned by effective date) and stored with the dossier."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed
from congso.core.text import nfc

from ..models import Dossier, FormTemplate, IssuedForm

logger = logging.getLogger("congso.dossiers")

# The page around every form (size, margins, font): a file of the app, read once.
_PAGE = (Path(__file__).parent.parent / "templates" / "dossiers" / "pdf" / "form.html").read_text(
    encoding="utf-8"
)


def form_render(*, code: str, on: date, context: dict[str, Any]) -> bytes:
    """A form of TT 01/2018 as PDF: the template row in force on `on` (data, versioned by effective date)."""
    from django.template import Context, Template

    from congso.core.pdf import font_face_css, html_to_pdf

    form = FormTemplate.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from").first()
    if form is None:
        raise ValidationFailed(_("No form %(code)s is in force on that day.") % {"code": code})
    body = Template(form.body).render(Context(context))
    size = {"A4L": "A4 landscape"}.get(form.page_size, form.page_size)
    page = Template(_PAGE).render(
        Context({"body": body, "page_size": size, "font_face_css": font_face_css()})
    )
    return html_to_pdf(page)


HEADER_LINE = 30  # characters of the header's left column on A5 at 9.5 pt (its half of the page)


def agency_header(name: str) -> str:
    """The agency's name as a form's header prints it (upper case), on lines that never split a place name:
    "ỦY BAN NHÂN DÂN / PHƯỜNG BẾN NGỰ", not "ỦY BAN NHÂN DÂN PHƯỜNG BẾN / NGỰ". A line that fits the column is
    held together with non-breaking spaces; a longer one may wrap between words."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    upper = nfc(name or "").upper().strip()
    lines = [upper]
    for body in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if upper.startswith(body + " "):
            lines = [body, upper[len(body) + 1 :]]
            break
    html = "<br>".join(
        escape(line).replace(" ", "&nbsp;")
        if len(line) <= HEADER_LINE
        else f'<span class="wrap">{escape(line)}</span>'
        for line in lines
    )
    return mark_safe(html)  # noqa: S308 - each line escaped above


def whole(value: Any) -> str:
    """A number of days or hours as people write it: 1 (not 1.0), 1,5 (a Vietnamese decimal comma)."""
    from decimal import Decimal

    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}".replace(".", ",")


def paper_counts(originals: int, copies: int) -> str:
    """ "01 bản chính, 02 bản sao", leaving out a kind of which none is asked."""
    parts = []
    if originals:
        parts.append(f"{originals:02d} bản chính")
    if copies:
        parts.append(f"{copies:02d} bản sao")
    return ", ".join(parts)


def _context(dossier: Dossier, actor: Any) -> dict[str, Any]:
    desk = dossier.receiving_agency
    received = timezone.localtime(dossier.received_at)
    return {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "agency_name": desk.name,
        "agency_header": agency_header(desk.name),
        "handling_name": dossier.handling_agency.name,
        "place": desk.name,
        "today": timezone.localdate(),
        "received": received,
        "appointment": timezone.localtime(dossier.appointment_at) if dossier.appointment_at else None,
        "original": (
            timezone.localtime(dossier.original_appointment_at) if dossier.original_appointment_at else None
        ),
        "officer_name": getattr(actor, "full_name", "") or "",
    }


def dossier_store_receipt(*, dossier: Dossier) -> None:
    """Mẫu 01 with the code, the dates and a QR code of the code, stored with the dossier."""
    import segno
    from django.core.files.base import ContentFile

    context = _context(dossier, dossier.received_by)
    context.update(
        {
            "papers": [
                {"name": paper.name, "counts": paper_counts(paper.originals, paper.copies)}
                for paper in dossier.procedure.papers.all()
            ],
            "limit": whole(dossier.procedure.time_for(dossier.channel)),
            "unit": dossier.procedure.get_time_unit_display(),
            "result_place": _("the one-stop desk of %(agency)s") % {"agency": dossier.receiving_agency.name},
            "qr_svg": segno.make(dossier.code, error="m").svg_inline(scale=2, border=1),
        }
    )
    pdf = form_render(code="01", on=context["received"].date(), context=context)
    dossier.receipt.save(f"{dossier.code}-mau-01.pdf", ContentFile(pdf), save=False)
    Dossier.objects.filter(pk=dossier.pk).update(receipt=dossier.receipt.name)


def receipt_queue(*, dossier: Dossier) -> None:
    """Make Mẫu 01 in the background once the acceptance has committed: intake stays fast (a PDF costs more than
    the rest of the intake together); if the officer prints before the worker has run, `receipt_ensure` makes it
    on the spot."""
    from django.db import transaction

    def enqueue() -> None:
        from ..tasks import make_receipt

        try:
            make_receipt.enqueue(dossier.pk)
        except Exception:  # noqa: BLE001 - the receipt is made when first opened
            logger.exception("could not queue the receipt of dossier %s", dossier.pk)

    transaction.on_commit(enqueue)


def receipt_ensure(*, dossier: Dossier) -> Any:
    """The stored Mẫu 01, made now for an accepted dossier that has none (history loaded in bulk, or a PDF
    library that was missing when it was received)."""
    if not dossier.receipt and dossier.clock_start is not None:
        dossier_store_receipt(dossier=dossier)
        from .signing import queue

        queue("sign_receipt", dossier.pk)
    return dossier.receipt


def form_issue(*, dossier: Dossier, code: str, actor: Any, **extra: Any) -> IssuedForm:
    """Mẫu 02 (supplement request: `items`, `reason`), 03 (refusal: `reason`), 04 (apology: `old_date`,
    `new_date`, `reason`) rendered from the dossier and stored with it."""
    from django.core.files.base import ContentFile

    context = _context(dossier, actor)
    context.update(extra)
    pdf = form_render(code=code, on=context["today"], context=context)
    issued = IssuedForm(
        dossier=dossier,
        code=code,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    issued.file.save(f"{dossier.code}-mau-{code}.pdf", ContentFile(pdf), save=False)
    issued.save()
    from .signing import queue

    queue("sign_form", issued.pk)
    return issued


def control_sheet(*, dossier: Dossier) -> bytes:
    """Mẫu 05, the processing control sheet, built from the steps: who had it when, each step's deadline and
    whether it was done early, on time or late; send-backs are noted from the history."""
    labels = {"early": _("Early"), "on_time": _("On time"), "late": _("Late")}
    sent_back: dict[int, int] = {}
    for event in dossier.events.filter(action="sent_back"):
        order = int(event.data.get("order", 0))
        sent_back[order] = sent_back.get(order, 0) + 1
    rows = []
    for step in dossier.steps.select_related("agency", "assignee", "finished_by"):
        if step.status == step.Status.CANCELLED:
            continue
        person = step.finished_by or step.assignee
        note = step.comment
        if sent_back.get(step.order):
            note = (_("Sent back %(n)s time(s). ") % {"n": sent_back[step.order]}) + note
        rows.append(
            {
                "agency": step.agency.name if step.lead else f"{step.agency.name} ({_('collaborating')})",
                "name": step.name,
                "started": timezone.localtime(step.started_at) if step.started_at else None,
                "finished": timezone.localtime(step.finished_at) if step.finished_at else None,
                "due": timezone.localtime(step.due_at) if step.due_at else None,
                "person": getattr(person, "full_name", "") if person else "",
                "result": labels.get(step.timeliness, ""),
                "note": note,
            }
        )
    context = _context(dossier, None)
    context["rows"] = rows
    return form_render(code="05", on=context["received"].date(), context=context)


def tracking_register_pdf(
    *, agency: Any, start: date, end: date, headers: list[str], rows: list[list[Any]]
) -> bytes:
    """Mẫu 06, the tracking register of a desk for a period (A4 landscape), from the form in force at its end."""
    return form_render(
        code="06",
        on=end,
        context={
            "agency_name": agency.name,
            "start": start,
            "end": end,
            "headers": headers,
            "rows": rows,
            "today": timezone.localdate(),
            "place": agency.name,
        },
    )
