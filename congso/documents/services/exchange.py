"""Electronic exchange between agencies (liên thông, QĐ 28/2018; regulations §2).

- On this installation: an issued document goes straight into the receiving agency's inbox inside the issuing
  transaction (status "received"), and the arrival is acknowledged at once (status 01).
- To another installation (a registered `Peer`): an edXML package is written to the outbox in the issuing
  transaction and sent after commit by the worker, with retries and back-off; the peer answers 01 or 02 at once,
  and later statuses (03 registered, 04 assigned, …) come back as status messages.
- From another installation: the inbound endpoint (views_exchange) hands each message to `inbound_package` or
  `inbound_status`; a message id seen before gets the stored answer and changes nothing (exactly-once effect);
  an invalid or mis-addressed package is answered with status 02 and the reason, and kept in the inbox.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from congso.core.errors import ValidationFailed
from congso.core.text import clean_text, fold, nfc

from .. import edxml
from ..models import (
    Direction,
    Document,
    DocumentRecipient,
    DocumentType,
    ExchangeStatus,
    InboxMessage,
    OutboxMessage,
    Peer,
)
from .common import actor_name, record_event
from .exchange_outbox import (  # noqa: F401 - the outbox half of exchange, re-exported
    TRANSPORT,
    apply_status,
    outbox_due,
    outbox_retry,
    outbox_send,
    sign,
    verify,
)

logger = logging.getLogger("congso.exchange")
PRIORITY_OF = {"normal": 0, "urgent": 1, "very_urgent": 2, "express": 3}


def exchange_document_id(document: Document) -> str:
    """edXML DocumentId: `<issuer organ id>,<yyyy/MM/dd>,<number>/<symbol>`."""
    issued = document.issued_date.strftime("%Y/%m/%d") if document.issued_date else ""
    return f"{document.agency.organ_id},{issued},{document.code}"


def peer_for(organ_id: str) -> Peer | None:
    """The peer that serves `organ_id` most specifically (a neighbouring province's own peer before the national
    axis that serves everyone)."""
    ranked = [(peer.match(organ_id), peer.pk, peer) for peer in Peer.objects.filter(active=True)]
    ranked = [entry for entry in ranked if entry[0] >= 0]
    return max(ranked, key=lambda entry: (entry[0], -entry[1]))[2] if ranked else None


def _organization(agency: Any) -> edxml.Organization:
    return edxml.Organization(
        organ_id=agency.organ_id,
        organ_name=agency.name,
        organ_add=getattr(agency, "address", ""),
        email=getattr(agency, "email", ""),
        telephone=getattr(agency, "phone", ""),
        website=getattr(agency, "website", ""),
    )


# --- status messages (receiver → sender) ----------------------------------------------------------------


def report_status(document: Document, code: str, actor: Any, description: str = "") -> None:
    """Tell the sender what the receiver did with a document that came by exchange (each code once)."""
    if document.source != Document.Source.EXCHANGE:
        return
    if document.exchange_peer_id is None:
        recipient = DocumentRecipient.objects.filter(delivered=document).first()
        if recipient is not None:
            apply_status(recipient, code, description, actor_name(actor))
        return
    message = edxml.StatusMessage(
        sender=_organization(document.agency),
        document_id=document.exchange_id,
        status_code=code,
        timestamp=timezone.localtime(),
        staff_name=actor_name(actor),
        description=description,
    )
    peer = document.exchange_peer
    if peer is None:
        return
    _outbox(
        peer,
        OutboxMessage.Kind.STATUS,
        edxml.build_status(message),
        document_id=document.exchange_id,
        message_id=f"status-{hashlib.sha256(f'{document.pk}:{code}'.encode()).hexdigest()[:40]}",
    )


# --- sending ---------------------------------------------------------------------------------------------


def _outbox(
    peer: Peer, kind: str, payload: bytes, *, recipient=None, document_id: str = "", message_id: str = ""
) -> OutboxMessage | None:
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                message_id=message_id or uuid.uuid4().hex,
                peer=peer,
                kind=kind,
                recipient=recipient,
                document_id_text=document_id,
                payload=payload,
            )
    except IntegrityError:
        return None  # the same status was queued before: never twice
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from ..tasks import send_exchange_message

    try:
        send_exchange_message.enqueue(message_id)
    except Exception:  # noqa: BLE001 - the message stays in the outbox; `congso exchange retry` sends it
        logger.exception("could not queue exchange message %s", message_id)


def envelope_for(document: Document, recipients: list[DocumentRecipient]) -> edxml.Envelope:
    from .signing import current_files

    files = current_files(document)
    attachments = [
        edxml.Attachment(
            content_id=str(f.pk),
            name=f.name,
            content_type=f.content_type,
            content=f.file.open("rb").read(),
        )
        for f in files
    ]
    return edxml.Envelope(
        sender=_organization(document.agency),
        recipients=[edxml.Organization(organ_id=r.organ_id, organ_name=r.name) for r in recipients],
        code_number=document.code_number,
        code_notation=document.code_notation,
        promulgation_place=getattr(document.agency.area, "name", "") if document.agency.area_id else "",
        promulgation_date=document.issued_date or timezone.localdate(),
        type_code=document.document_type.code,
        type_name=document.document_type.name,
        subject=document.subject,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        competence=document.signing_authority,
        due_date=document.due_date,
        to_places=[r.name for r in document.recipients.all()],
        priority=PRIORITY_OF.get(document.urgency, 0),
        page_amount=document.page_count,
        staff=edxml.StaffInfo(staff=document.signer_name),
        response_for=[d.exchange_id for d in document.answers.all() if d.exchange_id],
        business_doc_type=3 if document.replaces_id else 0,
        replaces=[exchange_document_id(document.replaces)] if document.replaces is not None else [],
        attachments=attachments,
    )


def dispatch(document: Document, actor: Any) -> None:
    """Send an issued document to each recipient with an electronic route (called inside the issue)."""
    from congso.organizations.selectors import agency_get_by_organ_id

    for recipient in document.recipients.select_related("agency"):
        agency = recipient.agency or (
            agency_get_by_organ_id(organ_id=recipient.organ_id) if recipient.organ_id else None
        )
        if agency is not None and agency.valid_to is None:
            if recipient.agency_id is None:
                recipient.agency = agency
                recipient.save(update_fields=["agency"])
            deliver_locally(document, recipient, actor)
            continue
        peer = peer_for(recipient.organ_id) if recipient.organ_id else None
        if peer is None:
            continue  # no electronic route: paper dispatch (recorded on the recipient)
        _outbox(
            peer,
            OutboxMessage.Kind.PACKAGE,
            package_sign(document.agency_id, edxml.build_envelope(envelope_for(document, [recipient]))),
            recipient=recipient,
            document_id=exchange_document_id(document),
        )


def deliver_locally(document: Document, recipient: DocumentRecipient, actor: Any) -> Document:
    """Put an issued document into the receiving agency's inbox (status "received") and acknowledge arrival
    the same moment (status 01, regulations §1: notify the sender the same day)."""
    exchange_id = exchange_document_id(document)
    if recipient.agency_id is None:
        raise ValueError("local delivery needs an agency on this installation")
    existing = Document.objects.filter(
        agency_id=recipient.agency_id,
        direction=Direction.INCOMING,
        exchange_id=exchange_id,
        source=Document.Source.EXCHANGE,
    ).first()
    if existing is not None:
        return existing
    copy = Document.objects.create(
        agency_id=recipient.agency_id,
        direction=Direction.INCOMING,
        status=Document.Status.RECEIVED,
        source=Document.Source.EXCHANGE,
        arrival_at=timezone.now(),
        issuer=document.agency,
        issuer_name=document.agency.name,
        code_number=document.code_number,
        code_notation=document.code_notation,
        issued_date=document.issued_date,
        document_type=document.document_type,
        subject=document.subject,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        signing_authority=document.signing_authority,
        urgency=document.urgency,
        secrecy=document.secrecy,
        page_count=document.page_count,
        due_date=document.due_date,
        exchange_id=exchange_id,
        search_text=document.search_text,
        subject_folded=document.subject_folded,
    )
    from .signing import current_files

    for stored in current_files(document):
        copy.files.create(
            kind=stored.kind,
            version=1,
            file=stored.file.name,
            name=stored.name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            text=stored.text,
            text_status=stored.text_status,
            signature_check=stored.signature_check,
        )
    recipient.delivered = copy
    recipient.save(update_fields=["delivered"])
    record_event(copy, None, "arrived", sender=document.agency.name, exchange_id=exchange_id)
    report_status(copy, ExchangeStatus.Code.ARRIVED, None)
    if document.replaces is not None:
        from .changes import link_replacement

        link_replacement(copy, [exchange_document_id(document.replaces)])
    return copy


# --- receiving -------------------------------------------------------------------------------------------


def _status_answer(organ_id: str, organ_name: str, document_id: str, code: str, description: str) -> bytes:
    return edxml.build_status(
        edxml.StatusMessage(
            sender=edxml.Organization(organ_id=organ_id or "unknown", organ_name=organ_name),
            document_id=document_id or "unknown",
            status_code=code,
            timestamp=timezone.localtime(),
            description=description[:500],
        )
    )


def queue_answer(peer: Peer, answer: bytes, *, message_id: str) -> None:
    """Our 01/02 answer to a package that came through the axis goes back through it as a status message (a
    Công Sở peer gets it as the HTTP answer instead)."""
    try:
        document_id = edxml.parse_status(answer).document_id
    except edxml.EdxmlError:
        document_id = ""
    _outbox(peer, OutboxMessage.Kind.STATUS, answer, document_id=document_id, message_id=message_id[:64])


def _remember(
    peer: Peer, message_id: str, kind: str, accepted: bool, reason: str, answer: bytes, documents=()
) -> bytes:
    try:
        with transaction.atomic():
            inbox = InboxMessage.objects.create(
                peer=peer,
                message_id=message_id,
                kind=kind,
                accepted=accepted,
                reason=reason[:2000],
                answer=answer,
            )
            if documents:
                inbox.documents.set(documents)
    except IntegrityError:
        pass  # delivered twice at the same moment: the first one recorded it
    return answer


def package_sign(agency_id: int, data: bytes) -> bytes:
    """The package signed with the sending agency's certificate when it has a PKCS#12 key (signatures)."""
    from congso.signatures.services.xml import xml_sign

    return xml_sign(agency_id=agency_id, data=data)


def package_signature_refusal(check: edxml.SignatureCheck | None) -> str:
    """Why a package's signature makes it refused (status 02), or "": a signature that does not match the
    package always; no signature (or one we cannot check) when CONGSO_EXCHANGE_REQUIRE_SIGNATURE is on; a signer
    outside the trust store when CONGSO_EXCHANGE_REQUIRE_TRUSTED_SIGNATURE is on. Otherwise the package is
    received and the clerk sees the warning. The trust verdict is kept on the check."""
    from congso.signatures.services.xml import certificate_trust

    if check is None or check.status == "unverifiable":
        if settings.CONGSO_EXCHANGE_REQUIRE_SIGNATURE:
            return "Gói tin không có chữ ký số hợp lệ của cơ quan gửi (bắt buộc trên hệ thống này)."
        return ""
    if check.status == "invalid":
        return check.detail
    try:
        check.trust = certificate_trust(check.certificate)
    except ValidationFailed:
        check.trust = {"trusted": False, "problem": "untrusted"}
    if not check.trust["trusted"] and (
        settings.CONGSO_EXCHANGE_REQUIRE_TRUSTED_SIGNATURE
        or check.trust["problem"] in ("revoked", "key_usage")
    ):
        words = {
            "revoked": "đã bị thu hồi",
            "key_usage": "không dùng để ký",
            "expired": "đã hết hạn",
            "untrusted": "không do tổ chức chứng thực tin cậy cấp",
        }
        return (
            f"Chứng thư số ký gói tin ({check.signer}) {words.get(check.trust['problem'], 'không hợp lệ')}."
        )
    return ""


def _document_type(code: str, name: str) -> DocumentType:
    found = DocumentType.objects.filter(code=code).first() if code else None
    if found is None and name:
        folded = fold(name)
        found = next((t for t in DocumentType.objects.all() if fold(t.name) == folded), None)
    return found or DocumentType.objects.get(code="CV")


@transaction.atomic
def inbound_package(*, peer: Peer, message_id: str, body: bytes) -> tuple[bool, bytes]:
    """Receive a package from a peer; returns (accepted, status message to answer with: 01 or 02)."""
    from congso.organizations.selectors import agency_get_by_organ_id

    from .files import Upload, check_upload

    seen = InboxMessage.objects.filter(peer=peer, message_id=message_id).first()
    if seen is not None:
        return seen.accepted, bytes(seen.answer)
    try:
        envelope = edxml.parse_envelope(body, max_attachment_bytes=settings.CONGSO_DOCUMENT_MAX_UPLOAD_BYTES)
    except edxml.EdxmlError as exc:
        answer = _status_answer("", "", "", "02", f"Gói tin không hợp lệ: {exc}")
        return False, _remember(peer, message_id, "package", False, str(exc), answer)
    if not peer.serves(envelope.sender.organ_id):
        reason = f"Nơi gửi {envelope.sender.organ_id} không thuộc hệ thống {peer.name}."
        answer = _status_answer("", "", envelope.document_id, "02", reason)
        return False, _remember(peer, message_id, "package", False, reason, answer)
    reason = package_signature_refusal(envelope.signature)
    if reason:
        answer = _status_answer("", "", envelope.document_id, "02", reason)
        return False, _remember(peer, message_id, "package", False, reason, answer)
    # A package from the axis may be addressed to several organs: each one served here gets its copy; the others
    # are the axis's business. Refused only when none is here.
    agencies = [
        agency
        for agency in (agency_get_by_organ_id(organ_id=to.organ_id) for to in envelope.recipients)
        if agency is not None
    ]
    if not agencies:
        to = envelope.recipients[0]
        organs = ", ".join(r.organ_id for r in envelope.recipients)
        reason = f"Không có cơ quan có mã định danh {organs} trên hệ thống này (gửi nhầm nơi nhận)."
        answer = _status_answer(to.organ_id, to.organ_name, envelope.document_id, "02", reason)
        return False, _remember(peer, message_id, "package", False, reason, answer)
    for attachment in envelope.attachments:
        try:
            check_upload(Upload(attachment.name, attachment.content), "Attachment")
        except ValidationFailed as exc:
            reason = f"Tệp đính kèm {attachment.name}: {exc.message}"
            answer = _status_answer(
                agencies[0].organ_id, agencies[0].name, envelope.document_id, "02", reason
            )
            return False, _remember(peer, message_id, "package", False, reason, answer)
    created = [_receive(peer, envelope, agency) for agency in agencies]
    answer = _status_answer(
        agencies[0].organ_id, agencies[0].name, envelope.document_id, "01", "Đã nhận văn bản."
    )
    return True, _remember(peer, message_id, "package", True, "", answer, created)


def _receive(peer: Peer, envelope: edxml.Envelope, agency: Any) -> Document:
    """The receiving agency's copy of a package (once per agency and DocumentId). A recall (business type 1) or a
    correction (2) of a document already here waits on it for the clerk to accept or refuse; a replacement (3)
    arrives as a new document linked to the one it replaces."""
    from .changes import link_replacement
    from .common import refresh_search_text
    from .files import Upload, attach_file

    existing = Document.objects.filter(
        agency=agency, exchange_id=envelope.document_id, source=Document.Source.EXCHANGE
    ).first()
    if existing is not None:
        if envelope.business_doc_type in (1, 2) and not existing.pending_change:
            change = "recall" if envelope.business_doc_type == 1 else "update"
            existing.pending_change, existing.pending_reason = change, nfc(envelope.business_doc_reason)
            existing.save(update_fields=["pending_change", "pending_reason", "updated_at"])
            if change == "update":
                for attachment in envelope.attachments[:1]:
                    attach_file(
                        document=existing,
                        upload=Upload(attachment.name, attachment.content),
                        actor=None,
                        kind="pending",
                    )
            record_event(
                existing,
                None,
                f"{change}_requested",
                envelope.business_doc_reason,
                sender=envelope.sender.organ_name,
            )
        return existing
    copy = Document.objects.create(
        agency=agency,
        direction=Direction.INCOMING,
        status=Document.Status.RECEIVED,
        source=Document.Source.EXCHANGE,
        exchange_peer=peer,
        arrival_at=timezone.now(),
        issuer_name=clean_text(envelope.sender.organ_name)[:255] or envelope.sender.organ_id,
        code_number=clean_text(envelope.code_number)[:20],
        code_notation=clean_text(envelope.code_notation)[:80],
        issued_date=envelope.promulgation_date,
        document_type=_document_type(envelope.type_code, envelope.type_name),
        subject=nfc(envelope.subject),
        signer_name=clean_text(envelope.signer_name)[:150],
        signer_position=clean_text(envelope.signer_position)[:150],
        signing_authority=envelope.competence
        if envelope.competence in Document.SigningAuthority.values
        else "",
        urgency=edxml.PRIORITIES.get(envelope.priority, "normal"),
        page_count=max(envelope.page_amount, 1),
        due_date=envelope.due_date,
        exchange_id=envelope.document_id,
        signature_result={"package": envelope.signature.as_dict()} if envelope.signature else {},
    )
    for index, attachment in enumerate(envelope.attachments):
        attach_file(
            document=copy,
            upload=Upload(attachment.name, attachment.content),
            actor=None,
            kind="main" if index == 0 else "attachment",
        )
    refresh_search_text(copy)
    record_event(
        copy,
        None,
        "arrived",
        sender=envelope.sender.organ_name,
        exchange_id=envelope.document_id,
        business_doc_type=envelope.business_doc_type,
        reason=envelope.business_doc_reason,
    )
    if envelope.business_doc_type == 3 and envelope.replaces:
        link_replacement(copy, envelope.replaces)
    return copy


@transaction.atomic
def inbound_status(*, peer: Peer, message_id: str, body: bytes) -> tuple[bool, str]:
    seen = InboxMessage.objects.filter(peer=peer, message_id=message_id).first()
    if seen is not None:
        return seen.accepted, seen.reason
    try:
        status = edxml.parse_status(body)
    except edxml.EdxmlError as exc:
        _remember(peer, message_id, "status", False, str(exc), b"")
        return False, str(exc)
    # Only the peer that serves the organ the status claims, and only for a package sent to that peer (security
    # finding 4: any registered peer could post a status for a document sent elsewhere).
    recipient = (
        DocumentRecipient.objects.filter(
            organ_id=status.sender.organ_id,
            outbox__document_id_text=status.document_id,
            outbox__peer=peer,
            outbox__kind=OutboxMessage.Kind.PACKAGE,
        )
        .order_by("pk")
        .first()
        if peer.serves(status.sender.organ_id)
        else None
    )
    if recipient is None:
        reason = f"Không có văn bản {status.document_id} gửi tới {status.sender.organ_id}."
        _remember(peer, message_id, "status", False, reason, b"")
        return False, reason
    apply_status(recipient, status.status_code, status.description, status.staff_name, at=status.timestamp)
    _remember(peer, message_id, "status", True, "", b"")
    return True, ""


@transaction.atomic
def peer_save(
    *,
    actor: Any,
    name: str,
    code: str,
    base_url: str,
    organ_ids: list[str],
    secret: str,
    protocol: str = Peer.Protocol.CONGSO,
    system_id: str = "",
) -> Peer:
    """Register or update a peer: another installation, or the national axis / an LGSP (protocol "axis", with the
    system id the axis gave us; it usually serves every organ: `*`). Operators only: the command line or the admin."""
    from django.core.exceptions import ValidationError as DjangoValidationError

    from congso.core.services import audit_log

    if len(secret) < 32:
        raise ValidationFailed(
            "Khóa bí mật phải có ít nhất 32 ký tự.", details={"secret": ["Ít nhất 32 ký tự."]}
        )
    peer = Peer.objects.filter(code=code).first() or Peer(code=code)
    if protocol not in Peer.Protocol.values:
        raise ValidationFailed(
            "Giao thức không hợp lệ.", details={"protocol": [f"Một trong: {Peer.Protocol.values}"]}
        )
    if protocol == Peer.Protocol.AXIS and not system_id.strip():
        raise ValidationFailed(
            "Trục liên thông cần mã hệ thống do trục cấp.", details={"system_id": ["Bắt buộc với trục."]}
        )
    peer.name, peer.base_url, peer.secret = clean_text(name), base_url.strip(), secret
    peer.protocol, peer.system_id = protocol, clean_text(system_id)
    peer.organ_ids = "\n".join(o.strip().upper() for o in organ_ids if o.strip())
    try:
        peer.full_clean()
    except DjangoValidationError as exc:
        raise ValidationFailed.from_django(exc) from exc
    peer.save()
    audit_log(
        actor=actor,
        action="exchange.peer_saved",
        obj=peer,
        changes={"base_url": peer.base_url, "organ_ids": peer.organ_ids, "protocol": peer.protocol},
    )
    return peer
