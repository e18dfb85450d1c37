"""Electronic exchange between agencies on this installation (liên thông, QĐ 28/2018): delivery of an issued
document to each recipient agency, and the status messages the receiver sends back (edXML status codes 01…16).

Delivery runs inside the issuing transaction: the recipient's copy and the sender's "01 arrived" are written with
the issue or not at all, so a crash loses nothing and nothing is delivered twice (the exchange identifier is
unique per receiving agency). Packages to other installations (edXML over HTTPS with an outbox) come next; see
docs/documents.md.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..models import Direction, Document, DocumentRecipient, ExchangeStatus
from .common import actor_name, record_event


def exchange_document_id(document: Document) -> str:
    """edXML DocumentId: `<issuer organ id>,<yyyy/MM/dd>,<number>/<symbol>`."""
    issued = document.issued_date.strftime("%Y/%m/%d") if document.issued_date else ""
    return f"{document.agency.organ_id},{issued},{document.code}"


def report_status(document: Document, code: str, actor: Any, description: str = "") -> ExchangeStatus | None:
    """Tell the sender what the receiver did with a document that came by exchange (each code once)."""
    if document.source != Document.Source.EXCHANGE:
        return None
    recipient = DocumentRecipient.objects.filter(delivered=document).first()
    if recipient is None:
        return None
    status, created = ExchangeStatus.objects.get_or_create(
        recipient=recipient,
        code=code,
        defaults={
            "description": description[:500],
            "staff_name": actor_name(actor)[:150],
            "at": timezone.now(),
        },
    )
    if created and (recipient.status_code or "00") < code or code == ExchangeStatus.Code.REJECTED:
        recipient.status_code = code
        recipient.status_at = status.at
        recipient.save(update_fields=["status_code", "status_at"])
    return status


def deliver_locally(document: Document, recipient: DocumentRecipient, actor: Any) -> Document:
    """Put an issued document into the receiving agency's inbox (status "received") and acknowledge arrival
    the same moment (status 01, regulations §1: notify the sender the same day)."""
    exchange_id = exchange_document_id(document)
    assert recipient.agency_id is not None, "local delivery needs an agency on this installation"
    existing = Document.objects.filter(
        agency_id=recipient.agency_id, direction=Direction.INCOMING, exchange_id=exchange_id
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
    for stored in document.files.filter(version=_latest_version(document)):
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
        )
    recipient.delivered = copy
    recipient.save(update_fields=["delivered"])
    record_event(copy, None, "arrived", sender=document.agency.name, exchange_id=exchange_id)
    report_status(copy, ExchangeStatus.Code.ARRIVED, None)
    return copy


def _latest_version(document: Document) -> int:
    versions = document.files.filter(kind="main").values_list("version", flat=True)
    return max(versions, default=1)
