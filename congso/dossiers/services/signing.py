"""The one-stop shop's papers signed with the agency's certificate (signatures): the receipt (Mẫu 01), the forms
it issues (Mẫu 02–04) and the electronic result. Always by the worker — no request waits on a signature — and
only when the agency has a signing key on the server; the signature goes at the top right of page 1 without an
image (the paper keeps its signer's block for the printed copy), with the verification code and QR at the foot.

A paper is signed once: the record of its signature (signatures.IssuedSignature, target
"dossiers.dossier:<id>:<paper>") says it is done, so a job that runs twice does nothing the second time."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from congso.core.errors import ApplicationError
from congso.signatures.models import IssuedSignature, SigningKey

from ..models import Dossier, IssuedForm

logger = logging.getLogger("congso.dossiers")


def _target(dossier: Dossier, paper: str) -> str:
    return f"dossiers.dossier:{dossier.pk}:{paper}"


def _sign(dossier: Dossier, agency: Any, pdf: bytes, paper: str, subject: str) -> tuple[bytes, str] | None:
    from congso.signatures import services as signatures

    if not SigningKey.objects.filter(agency_id=agency.pk, active=True).exists():
        return None
    if IssuedSignature.objects.filter(target=_target(dossier, paper)).exists():
        return None
    try:
        signed, record = signatures.agency_sign(
            actor=None,
            agency_id=agency.pk,
            agency_name=agency.name,
            pdf=pdf,
            mode="attachment",
            target=_target(dossier, paper),
            subject=subject,
            reference=dossier.code,
            public=False,
        )
    except (
        ApplicationError
    ) as exc:  # an expired certificate, a locked token: the paper stays unsigned, said so
        logger.warning("dossier %s %s not signed: %s", dossier.code, paper, exc.message)
        return None
    return signed, record.code


def _read(field: Any) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@transaction.atomic
def receipt_sign(*, dossier: Dossier) -> bool:
    """Sign the stored Mẫu 01 with the receiving agency's certificate; True when it was signed now."""
    dossier = Dossier.objects.select_for_update().select_related("receiving_agency").get(pk=dossier.pk)
    if not dossier.receipt:
        return False
    done = _sign(
        dossier,
        dossier.receiving_agency,
        _read(dossier.receipt),
        "receipt",
        f"Giấy tiếp nhận hồ sơ {dossier.code}",
    )
    if done is None:
        return False
    dossier.receipt.save(f"{dossier.code}-mau-01.pdf", ContentFile(done[0]), save=False)
    Dossier.objects.filter(pk=dossier.pk).update(receipt=dossier.receipt.name)
    return True


@transaction.atomic
def form_sign(*, form_id: int) -> bool:
    form = (
        IssuedForm.objects.select_for_update()
        .select_related("dossier__receiving_agency")
        .filter(pk=form_id)
        .first()
    )
    if form is None:
        return False
    dossier = form.dossier
    done = _sign(
        dossier,
        dossier.receiving_agency,
        _read(form.file),
        f"form-{form.pk}",
        f"Mẫu {form.code} — hồ sơ {dossier.code}",
    )
    if done is None:
        return False
    form.file.save(f"{dossier.code}-mau-{form.code}.pdf", ContentFile(done[0]), save=False)
    IssuedForm.objects.filter(pk=form.pk).update(file=form.file.name)
    return True


@transaction.atomic
def result_sign(*, dossier: Dossier) -> bool:
    """The electronic result, when it is a PDF, signed by the agency that handled the dossier: kept beside the
    unsigned file (`result_signed_file`), which is what the applicant downloads."""
    dossier = Dossier.objects.select_for_update().select_related("handling_agency").get(pk=dossier.pk)
    if not dossier.result_file or dossier.result_signed_file:
        return False
    pdf = _read(dossier.result_file)
    if pdf.lstrip()[:5] != b"%PDF-":
        return False
    done = _sign(dossier, dossier.handling_agency, pdf, "result", f"Kết quả giải quyết hồ sơ {dossier.code}")
    if done is None:
        return False
    signed, code = done
    dossier.result_signed_file.save(f"{dossier.code}-ket-qua-da-ky.pdf", ContentFile(signed), save=False)
    Dossier.objects.filter(pk=dossier.pk).update(
        result_signed_file=dossier.result_signed_file.name,
        result_signature={
            "code": code,
            "sha256": hashlib.sha256(signed).hexdigest(),
            "agency": dossier.handling_agency.name,
        },
    )
    return True


def paper_signatures_check(*, paper_id: int) -> str:
    """Validate the signatures of a PDF an applicant or an officer attached, and keep the result with it."""
    from congso.signatures.services import validate_pdf

    from ..models import DossierPaper

    paper = DossierPaper.objects.filter(pk=paper_id).first()
    if paper is None:
        return "missing"
    result = validate_pdf(_read(paper.file))
    DossierPaper.objects.filter(pk=paper.pk).update(signature_check=result)
    return result["status"]


def queue(job: str, object_id: int) -> None:
    """Queue a signing job after the commit (a lost job is harmless: the paper stays unsigned and valid)."""

    def enqueue() -> None:
        from .. import tasks

        try:
            getattr(tasks, job).enqueue(object_id)
        except Exception:  # noqa: BLE001
            logger.exception("could not queue %s for %s", job, object_id)

    transaction.on_commit(enqueue)
