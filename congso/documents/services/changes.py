"""Recall, update and replacement of an issued document (edXML business types 1, 2, 3; NĐ 30/2020 Điều 16: errors
of content are fixed by a new document of the same form; a recalled document is frozen by the sender and deleted
by the receiver, who says so through the system). Each recipient answers: 15 accepted or 16 refused."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed
from congso.core.services import notify
from congso.core.text import nfc

from .. import edxml, permissions
from ..models import (
    Document,
    DocumentAssignment,
    DocumentFile,
    DocumentRecipient,
    ExchangeStatus,
    OutboxMessage,
)
from .common import actor_name, record_event, refresh_search_text, require
from .exchange import _outbox, apply_status, envelope_for, package_sign, report_status
from .files import Upload, attach_file, check_upload

BUSINESS = {"recall": 1, "update": 2}


def _reason(reason: str) -> str:
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give the reason."), details={"reason": [_("Give the reason.")]})
    return reason


def _clerks(agency_id: int) -> list[Any]:
    from congso.accounts.selectors import colleagues

    return list(colleagues(agency_id=agency_id, role="clerk"))


def _send_change(
    document: Document,
    recipient: DocumentRecipient,
    change: str,
    reason: str,
    actor: Any,
    stored: DocumentFile | None = None,
) -> None:
    if recipient.delivered_id is not None:
        copy = recipient.delivered
        assert copy is not None
        copy.pending_change, copy.pending_reason = change, reason
        copy.save(update_fields=["pending_change", "pending_reason", "updated_at"])
        if stored is not None:
            copy.files.create(
                kind=DocumentFile.Kind.PENDING,
                version=1,
                file=stored.file.name,
                name=stored.name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                text=stored.text,
                text_status=stored.text_status,
            )
        record_event(copy, None, f"{change}_requested", reason, sender=document.agency.name)
        notify(
            recipients=_clerks(copy.agency_id),
            kind="documents.work",
            url=copy.get_absolute_url(),
            title=_("The sender asks to take back or correct: %(subject)s") % {"subject": copy.subject[:100]},
        )
    else:
        sent = (
            OutboxMessage.objects.filter(recipient=recipient, kind="package").select_related("peer").first()
        )
        if sent is None:
            return  # paper recipient: the clerk informs them on paper
        envelope = envelope_for(document, [recipient])
        envelope.business_doc_type = BUSINESS[change]
        envelope.business_doc_reason = reason
        envelope.staff = edxml.StaffInfo(staff=actor_name(actor))
        _outbox(
            sent.peer,
            OutboxMessage.Kind.PACKAGE,
            package_sign(document.agency_id, edxml.build_envelope(envelope)),
            recipient=recipient,
            document_id=sent.document_id_text,
        )
    apply_status(recipient, ExchangeStatus.Code.TAKE_BACK_REQUESTED, reason, actor_name(actor))


@transaction.atomic
def outgoing_document_recall(*, actor: Any, document: Document, reason: str) -> Document:
    """Freeze an issued document and ask every recipient to take it back."""
    require(permissions.can_recall(actor, document), _("Only the records clerk recalls an issued document."))
    reason = _reason(reason)
    document.status = Document.Status.RECALLED
    document.save(update_fields=["status", "updated_at"])
    record_event(document, actor, "recall_sent", reason)
    for recipient in document.recipients.select_related("delivered"):
        _send_change(document, recipient, "recall", reason, actor)
    return document


@transaction.atomic
def outgoing_document_update(*, actor: Any, document: Document, main_file: Upload, reason: str) -> Document:
    """Send a corrected main file of an issued document (same number) to every recipient."""
    require(permissions.can_recall(actor, document), _("Only the records clerk corrects an issued document."))
    reason = _reason(reason)
    kind = check_upload(main_file, "main_file")
    latest = document.files.filter(kind=DocumentFile.Kind.MAIN).order_by("-version").first()
    stored = attach_file(
        document=document,
        upload=main_file,
        actor=actor,
        sniffed=kind,
        comment=reason,
        version=(latest.version + 1) if latest else 1,
    )
    refresh_search_text(document)
    record_event(document, actor, "update_sent", reason, version=stored.version)
    for recipient in document.recipients.select_related("delivered"):
        _send_change(document, recipient, "update", reason, actor, stored)
    return document


@transaction.atomic
def incoming_document_answer_change(
    *, actor: Any, document: Document, accept: bool, reason: str = ""
) -> Document:
    """The receiving clerk accepts (15) or refuses (16) a recall or a correction."""
    require(
        permissions.is_clerk(actor, document.agency_id) and bool(document.pending_change),
        _("There is no recall or correction to answer."),
    )
    change = document.pending_change
    pending = document.files.filter(kind=DocumentFile.Kind.PENDING)
    if accept:
        if change == "recall":
            now = timezone.now()
            document.status = Document.Status.RECALLED
            document.closed_at = now
            document.assignments.exclude(status=DocumentAssignment.Status.DONE).update(
                status=DocumentAssignment.Status.DONE, done_at=now, result="Văn bản đã bị thu hồi"
            )
        else:
            top = max(
                document.files.filter(kind=DocumentFile.Kind.MAIN).values_list("version", flat=True),
                default=0,
            )
            for index, stored in enumerate(pending, start=1):
                stored.kind, stored.version = DocumentFile.Kind.MAIN, top + index
                stored.save(update_fields=["kind", "version"])
    else:
        pending.delete()
    document.pending_change, document.pending_reason = "", ""
    document.save()
    refresh_search_text(document)
    record_event(document, actor, "change_accepted" if accept else "change_refused", reason, change=change)
    code = ExchangeStatus.Code.ACCEPTED if accept else ExchangeStatus.Code.REFUSED
    report_status(document, code, actor, reason)
    return document


def link_replacement(copy: Document, replaced_exchange_ids: list[str]) -> None:
    """A replacement (business type 3) received here points at this agency's copy of what it replaces."""
    old = (
        Document.objects.filter(
            agency_id=copy.agency_id, exchange_id__in=replaced_exchange_ids, source=Document.Source.EXCHANGE
        )
        .exclude(pk=copy.pk)
        .first()
    )
    if old is not None:
        copy.replaces = old
        copy.save(update_fields=["replaces"])
        record_event(old, None, "replaced", replacement=copy.exchange_id)
