"""Digital signatures on outgoing documents (NĐ 30/2020 Điều 5, docs/signing.md): the leader signs the approved
draft through the signing agent (personal), the clerk numbers it — the number and the date are stamped into the
PDF — and the agency signs with its key on the server (the seal against the leader's signature; attachments at
the top right of page 1 without image) before dispatch. All of the clerk's part is the issue's one transaction.

Incoming PDFs are validated when they arrive (the worker's text job): `file_signatures_check`."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import Conflict, ValidationFailed
from congso.signatures import services as signatures
from congso.signatures.models import IssuedSignature, SigningKey, new_code

from .. import permissions
from ..models import Document, DocumentFile
from .common import record_event, require
from .files import Upload, attach_file

TARGET = "documents.document:"


def current_files(document: Document) -> list[DocumentFile]:
    """What the document is made of now: the newest version of the main file and of each attachment (a signed
    attachment is a new version of the same name)."""
    newest: dict[tuple[str, str], DocumentFile] = {}
    for stored in document.files.all():
        if stored.kind == DocumentFile.Kind.PENDING:
            continue
        key = (stored.kind, "" if stored.kind == DocumentFile.Kind.MAIN else stored.name)
        if key not in newest or stored.version > newest[key].version:
            newest[key] = stored
    return sorted(newest.values(), key=lambda f: (f.kind != DocumentFile.Kind.MAIN, f.pk))


def _read(stored: DocumentFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def _main_pdf(document: Document) -> DocumentFile:
    main = next((f for f in current_files(document) if f.kind == DocumentFile.Kind.MAIN), None)
    if main is None or main.content_type != "application/pdf":
        raise ValidationFailed(
            _("Only a PDF is signed digitally: add the final version of the draft as a PDF."),
            details={"main_file": [_("Only a PDF is signed digitally.")]},
        )
    return main


def agency_can_sign(agency_id: int) -> bool:
    return SigningKey.objects.filter(agency_id=agency_id, active=True).exists()


def outgoing_sign_request(*, actor: Any, document: Document) -> Any:
    """The leader asks to sign the approved draft with the token: the request waits for the signing agent."""
    require(permissions.can_sign(actor, document), _("Only the leader who approved the draft signs it."))
    if document.signature_result.get("personal"):
        raise Conflict(_("The draft is already signed."))
    main = _main_pdf(document)
    pdf = _read(main)
    look = signatures.personal_appearance(
        user=actor,
        pdf=pdf,
        signer_name=document.signer_name or actor.full_name,
        position=document.document_type.signature_position or None,
    )
    return signatures.signing_request_create(
        actor=actor,
        pdf=pdf,
        target=f"{TARGET}{document.pk}",
        subject=document.subject,
        appearance=look,
        reason=_("Signed as %(position)s") % {"position": document.signer_position or _("leader")},
    )


def on_signature_completed(*, request: Any, pdf: bytes, signed_at: Any, digest: str, actor: Any) -> None:
    """Hook `signature_completed`: the signed PDF becomes the draft's newest main version."""
    if not request.target.startswith(TARGET):
        return
    document = Document.objects.select_for_update().get(pk=int(request.target.removeprefix(TARGET)))
    main = _main_pdf(document)
    if (
        document.status != Document.Status.APPROVED
        or document.signature_result.get("personal")
        or main.sha256 != request.state.get("source_sha256")
    ):
        raise Conflict(_("The draft changed while it was being signed; sign it again."))
    stored = attach_file(
        document=document,
        upload=Upload(main.name, pdf),
        actor=actor,
        sniffed="pdf",
        version=main.version + 1,
        comment=_("Signed digitally by %(name)s") % {"name": actor.full_name},
    )
    code = new_code()
    signatures.record_personal(
        request=request,
        code=code,
        agency_id=document.agency_id,
        signed_at=signed_at,
        digest=digest,
        file_sha256=stored.sha256,
    )
    document.signature_result = {
        **document.signature_result,
        "code": code,
        "personal": {
            "signer": request.certificate.common_name,
            "at": signed_at.isoformat(),
            "file": stored.pk,
        },
    }
    document.save(update_fields=["signature_result", "updated_at"])
    record_event(document, actor, "signed_personal", certificate=request.certificate.common_name)


def sign_on_issue(*, actor: Any, document: Document) -> None:
    """Called by the issue, after numbering, inside its transaction: the number and date stamped into the main
    PDF with the agency's signature, each PDF attachment signed at the top right of page 1. Nothing happens
    when the agency has no key on the server (the document is issued unsigned, and counted so)."""
    if not agency_can_sign(document.agency_id):
        return
    code = document.signature_result.get("code") or None
    files = current_files(document)
    main = next((f for f in files if f.kind == DocumentFile.Kind.MAIN), None)
    signed_main = None
    public = document.secrecy == Document.Secrecy.NONE
    common = {
        "actor": actor,
        "agency_id": document.agency_id,
        "agency_name": document.agency.name,
        "target": f"{TARGET}{document.pk}",
        "subject": document.subject,
        "reference": document.code,
        "public": public,
    }
    if main is not None and main.content_type == "application/pdf":
        pdf = _read(main)
        stamps = signatures.number_stamps(pdf, code=document.code, issued=document.issued_date)
        signed, record = signatures.agency_sign(
            **common,
            pdf=pdf,
            mode="seal",
            stamps=stamps,
            signer_name=document.signer_name,
            position=document.document_type.signature_position or None,
            code=code,
        )
        code = record.code
        signed_main = attach_file(
            document=document,
            upload=Upload(main.name, signed),
            actor=actor,
            sniffed="pdf",
            version=main.version + 1,
            comment=_("Numbered and signed by the agency"),
        )
    for stored in files:
        if stored.kind == DocumentFile.Kind.ATTACHMENT and stored.content_type == "application/pdf":
            signed, record = signatures.agency_sign(**common, pdf=_read(stored), mode="attachment", code=code)
            code = record.code
            attach_file(
                document=document,
                upload=Upload(stored.name, signed),
                actor=actor,
                sniffed="pdf",
                kind=DocumentFile.Kind.ATTACHMENT,
                version=stored.version + 1,
                comment=_("Signed by the agency"),
            )
    if signed_main is not None:
        IssuedSignature.objects.filter(code=code).update(reference=document.code, public=public)
        document.signed_file = signed_main
        document.signature_result = {
            **document.signature_result,
            "code": code,
            "agency": {"at": timezone.now().isoformat(), "file": signed_main.pk},
        }
        document.save(update_fields=["signed_file", "signature_result", "updated_at"])
        record_event(document, actor, "signed_agency", code=code)


def file_signatures_check(stored: DocumentFile, content: bytes) -> dict[str, Any]:
    """Validate the signatures of a PDF that arrived (exchange, upload, one-stop) and keep the result with it."""
    if stored.content_type != "application/pdf":
        return {}
    result = signatures.validate_pdf(content)
    result["sha256"] = hashlib.sha256(content).hexdigest()
    return result
