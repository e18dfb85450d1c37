"""Online submission (issue 4 §2): a citizen or organisation with an account fills the procedure's e-form, uploads
the papers, saves a draft and submits. Submission gives the dossier its code (the competent agency's desk receives
it) and status 1; an officer then accepts it, asks for its completion or refuses it (reception.py). After a
completion request the applicant uploads what was missing and submits again; after a supplement request during
processing the uploaded supplement restarts (or resumes) the clock at once."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.text import clean_text
from congso.core.uploads import KINDS, Upload, check_upload

from ..models import Dossier, DossierPaper, workflow
from .common import commit, locked
from .ledger import fee_lines_create
from .pauses import supplement_resume
from .reception import ID_RE, PHONE_RE, applicant_clean, check_procedure, dossier_code, next_number

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _applicant_account(actor: Any) -> None:
    if not (
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "kind", "") in ("citizen", "organization")
    ):
        raise PermissionDenied(_("Sign in with a citizen or organisation account to submit online."))


def _own(actor: Any, dossier: Dossier) -> None:
    _applicant_account(actor)
    if dossier.applicant_user_id != actor.pk:
        raise PermissionDenied(_("This dossier is not yours."))


def _field_error(field: dict[str, Any], value: str) -> str | None:
    kind = field.get("type", "text")
    if not value:
        return (
            _("Fill in “%(label)s”.") % {"label": field.get("label") or field["name"]}
            if field.get("required")
            else None
        )
    if kind == "id_number" and not ID_RE.match(re.sub(r"\s", "", value)):
        return _("An identity number has 12 digits.")
    if kind == "phone" and not PHONE_RE.match(re.sub(r"[\s.]", "", value).replace("+84", "0", 1)):
        return _("A mobile number has 10 digits and starts with 0.")
    if kind == "email" and not EMAIL_RE.match(value):
        return _("Enter a valid email address.")
    if kind == "number" and not re.fullmatch(r"-?\d+([.,]\d+)?", value):
        return _("Enter a number.")
    if kind == "date":
        try:
            datetime.strptime(value, "%d/%m/%Y")
        except ValueError:
            return _("Enter a date as dd/mm/yyyy.")
    return None


def _form_values(procedure: Any, data: dict[str, Any], *, strict: bool) -> dict[str, dict[str, str]]:
    """The e-form's values by paper, cleaned; with `strict` (submission) every error is reported at once."""
    values: dict[str, dict[str, str]] = {}
    errors: dict[str, list[str]] = {}
    for paper in procedure.papers.all():
        given = data.get(str(paper.pk)) or {}
        for field in paper.form_fields:
            value = clean_text(str(given.get(field["name"]) or ""))[:500]
            values.setdefault(str(paper.pk), {})[field["name"]] = value
            error = _field_error(field, value) if strict else None
            if error:
                errors[f"f_{paper.pk}_{field['name']}"] = [error]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)
    return values


def paper_attach(*, dossier: Dossier, paper: Any, upload: Upload, actor: Any, round: int = 0) -> DossierPaper:
    kind = check_upload(upload, f"paper_{paper.pk}" if paper else "files")
    if paper is not None and round == 0:
        for old in dossier.papers.filter(paper=paper, round=0):
            old.file.delete(save=False)
            old.delete()
    item = DossierPaper(
        dossier=dossier,
        paper=paper,
        name=paper.name if paper else clean_text(upload.name)[:500],
        filename=clean_text(upload.name)[:255] or "tep",
        content_type=KINDS[kind][0],
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        round=round,
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )
    item.file.save(
        f"{uuid.uuid4().hex}{'.' + upload.name.rsplit('.', 1)[-1].lower() if '.' in upload.name else ''}",
        ContentFile(upload.content),
        save=False,
    )
    item.save()
    if kind == "pdf":
        from .signing import queue

        queue("check_paper_signatures", item.pk)
    return item


def _uploads_checked(procedure: Any, uploads: dict[int, Upload]) -> list[tuple[Any, Upload]]:
    papers = {p.pk: p for p in procedure.papers.all()}
    checked = []
    for paper_id, upload in uploads.items():
        if paper_id not in papers:
            raise ValidationFailed(_("This paper is not part of the procedure."))
        check_upload(upload, f"paper_{paper_id}")
        checked.append((papers[paper_id], upload))
    return checked


@transaction.atomic
def online_draft_save(
    *,
    actor: Any,
    procedure: Any,
    handling_agency: Any,
    applicant: dict[str, Any],
    form_data: dict[str, Any] | None = None,
    uploads: dict[int, Upload] | None = None,
    dossier: Dossier | None = None,
) -> Dossier:
    """Create or update a draft (or a dossier sent back for completion): nothing is checked for completeness yet,
    but every file is checked (type sniffed, size) and a bad one changes nothing."""
    _applicant_account(actor)
    if procedure.online_level == "none":
        message = _("This procedure cannot be submitted online.")
        raise ValidationFailed(message, details={"procedure": [message]})
    check_procedure(procedure=procedure, handling_agency=handling_agency)
    checked = _uploads_checked(procedure, uploads or {})
    person = {
        "applicant_name": clean_text(str(applicant.get("name") or ""))[:200],
        "applicant_id_number": re.sub(r"\D", "", str(applicant.get("id_number") or ""))[:12],
        "applicant_phone": re.sub(r"[^\d+]", "", str(applicant.get("phone") or ""))[:15],
        "applicant_email": clean_text(str(applicant.get("email") or ""))[:254],
        "applicant_address": clean_text(str(applicant.get("address") or ""))[:300],
    }
    values = _form_values(procedure, form_data or {}, strict=False)
    if dossier is None:
        dossier = Dossier.objects.create(
            code=f"nhap-{uuid.uuid4().hex[:16]}",
            procedure=procedure,
            receiving_agency=handling_agency,
            handling_agency=handling_agency,
            channel=Dossier.Channel.ONLINE,
            status=workflow.DRAFT,
            received_at=timezone.now(),
            applicant_user=actor,
            form_data=values,
            **person,
        )
        dossier.version = 0
        fields: list[str] = []
    else:
        dossier = locked(dossier, None)
        _own(actor, dossier)
        if not _editable(dossier):
            raise ValidationFailed(_("This dossier has been submitted; it can no longer be edited."))
        if workflow.is_draft(dossier):
            dossier.procedure, dossier.handling_agency, dossier.receiving_agency = (
                procedure,
                handling_agency,
                handling_agency,
            )
        for key, value in person.items():
            setattr(dossier, key, value)
        dossier.form_data = values
        fields = ["procedure", "handling_agency", "receiving_agency", "form_data", *person]
    for paper, upload in checked:
        paper_attach(dossier=dossier, paper=paper, upload=upload, actor=actor)
    commit(dossier, actor=actor, action="draft_saved", fields=fields)
    return dossier


def _editable(dossier: Dossier) -> bool:
    return workflow.editable_by_applicant(dossier)


@transaction.atomic
def online_submit(*, actor: Any, dossier: Dossier, version: int | None = None) -> Dossier:
    """Submit a draft (or resubmit after a completion request): every required paper, the e-form and the applicant
    are checked, all errors at once; the dossier gets its code and waits for an officer (status 1)."""
    dossier = locked(dossier, version)
    _own(actor, dossier)
    if not _editable(dossier):
        raise ValidationFailed(_("This dossier has already been submitted."))
    errors: dict[str, list[str]] = {}
    try:
        applicant_clean(
            {
                "name": dossier.applicant_name,
                "id_number": dossier.applicant_id_number,
                "phone": dossier.applicant_phone,
                "email": dossier.applicant_email,
            }
        )
    except ValidationFailed as exc:
        errors.update(exc.details)
    try:
        _form_values(dossier.procedure, dossier.form_data, strict=True)
    except ValidationFailed as exc:
        errors.update(exc.details)
    present = set(dossier.papers.values_list("paper_id", flat=True))
    for paper in dossier.procedure.papers.filter(required=True):
        if paper.pk not in present:
            errors[f"paper_{paper.pk}"] = [_("Attach “%(paper)s”.") % {"paper": paper.name}]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)
    moment = timezone.now()
    fields = ["received_at"]
    if workflow.is_draft(dossier):
        day = timezone.localtime(moment).date()
        agency = dossier.receiving_agency
        dossier.code = dossier_code(agency=agency, day=day, number=next_number(agency, day))
        fields.append("code")
    else:
        dossier.intervals.filter(ended_at__isnull=True).update(ended_at=moment)
    fields += workflow.advance(dossier, "submitted")
    dossier.received_at = moment
    fee_lines_create(dossier)
    commit(dossier, actor=actor, action="submitted", fields=fields)
    return dossier


@transaction.atomic
def online_supplement(
    *, actor: Any, dossier: Dossier, uploads: list[Upload], note: str = "", version: int | None = None
) -> Dossier:
    """The applicant uploads the supplement asked for during processing: the files are kept as a new round and
    the clock restarts from zero (or resumes) at once."""
    dossier = locked(dossier, version)
    _own(actor, dossier)
    if not workflow.awaiting_supplement(dossier):
        raise ValidationFailed(
            _("Dossier %(code)s is not waiting for a supplement.") % {"code": dossier.code}
        )
    if not uploads:
        message = _("Attach the papers that were asked for.")
        raise ValidationFailed(message, details={"files": [message]})
    for upload in uploads:
        check_upload(upload, "files")
    round_number = (dossier.papers.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    for upload in uploads:
        paper_attach(dossier=dossier, paper=None, upload=upload, actor=actor, round=round_number)
    supplement_resume(dossier, actor=actor, note=note, online=True, files=len(uploads))
    return dossier
