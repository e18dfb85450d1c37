"""Outgoing documents (văn bản đi), NĐ 30/2020 Điều 10–19: drafts with every version kept, review and approval
with a signing authority, numbering and issue by the clerk, dispatch to the recipients."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import Conflict, ValidationFailed
from congso.core.services import notify
from congso.core.text import clean_text, nfc

from .. import permissions
from ..models import Direction, Document, DocumentFile, DocumentRecipient, Register
from .common import clean_metadata, record_event, refresh_search_text, require, take_number
from .exchange import dispatch
from .files import Upload, attach_file, check_upload
from .signing import sign_on_issue


def _recipients(document: Document, recipients: list[dict[str, Any]]) -> None:
    from congso.organizations.models import Agency
    from congso.organizations.selectors import agency_get_by_organ_id

    for index, item in enumerate(recipients):
        agency = None
        if item.get("unit_id") or item.get("user_id"):
            _internal_recipient(document, item, index)
            continue
        if item.get("agency_id"):
            agency = Agency.objects.filter(pk=item["agency_id"], valid_to__isnull=True).first()
            if agency is None:
                raise ValidationFailed(
                    _("Unknown recipient agency."),
                    details={f"recipients.{index}": [_("Unknown recipient agency.")]},
                )
        elif item.get("organ_id"):
            agency = agency_get_by_organ_id(organ_id=str(item["organ_id"]))
        name = clean_text(item.get("name") or (agency.name if agency else ""))
        if not name:
            raise ValidationFailed(
                _("Name each recipient."), details={f"recipients.{index}": [_("Name each recipient.")]}
            )
        if agency is not None and agency.pk == document.agency_id:
            raise ValidationFailed(
                _("The agency does not send a document to itself; name the unit or person."),
                details={
                    f"recipients.{index}": [
                        _("The agency does not send a document to itself; name the unit or person.")
                    ]
                },
            )
        DocumentRecipient.objects.create(
            document=document,
            agency=agency,
            organ_id=(agency.organ_id if agency else clean_text(item.get("organ_id") or ""))[:35],
            name=name[:255],
            paper=bool(item.get("paper")),
        )


def _internal_recipient(document: Document, item: dict[str, Any], index: int) -> None:
    """A unit or a person of the issuing agency itself (internal circulation)."""
    from congso.accounts.selectors import user_get_active_member
    from congso.organizations.models import Unit

    unit = user = None
    if item.get("unit_id"):
        unit = Unit.objects.filter(
            pk=item["unit_id"], agency_id=document.agency_id, valid_to__isnull=True
        ).first()
    if item.get("user_id"):
        user = user_get_active_member(pk=item["user_id"], agency_id=document.agency_id)
    if unit is None and user is None:
        message = _("The unit or person is not in this agency.")
        raise ValidationFailed(message, details={f"recipients.{index}": [message]})
    name = user.full_name if user is not None else unit.name  # type: ignore[union-attr]
    DocumentRecipient.objects.create(document=document, unit=unit, user=user, name=name[:255])


@transaction.atomic
def outgoing_recipient_paper_sent(
    *, actor: Any, recipient: DocumentRecipient, sent_on: Any
) -> DocumentRecipient:
    """The clerk records that the paper copy left for this recipient (the register's "Ngày chuyển")."""
    from datetime import date as date_type

    document = recipient.document
    require(
        permissions.is_clerk(actor, document.agency_id) and document.status == Document.Status.ISSUED,
        _("Only the records clerk dispatches an issued document."),
    )
    if (
        not isinstance(sent_on, date_type)
        or sent_on < (document.issued_date or sent_on)
        or sent_on > timezone.localdate()
    ):
        message = _("The dispatch date is between the issue date and today.")
        raise ValidationFailed(message, details={"sent_on": [message]})
    recipient.paper, recipient.paper_sent_on = True, sent_on
    recipient.save(update_fields=["paper", "paper_sent_on"])
    record_event(
        document, actor, "paper_sent", recipient=recipient.name, sent_on=sent_on.strftime("%d/%m/%Y")
    )
    return recipient


@transaction.atomic
def outgoing_draft_create(
    *,
    actor: Any,
    agency_id: int,
    data: dict[str, Any],
    main_file: Upload | None = None,
    attachments: list[Upload] | None = None,
    recipients: list[dict[str, Any]] | None = None,
    answers: list[int] | None = None,
    unit_id: int | None = None,
    replaces: int | None = None,
) -> Document:
    require(permissions.can_create_draft(actor, agency_id), _("You do not work in this agency."))
    cleaned = clean_metadata(data, incoming=False)
    uploads = [(main_file, check_upload(main_file, "main_file"))] if main_file else []
    extra = [(upload, check_upload(upload, "attachments")) for upload in attachments or []]
    if unit_id is None:
        membership = next((m for m in actor.active_memberships() if m.agency_id == agency_id), None)
        unit_id = membership.unit_id if membership else None
    document = Document(
        agency_id=agency_id,
        direction=Direction.OUTGOING,
        status=Document.Status.DRAFTING,
        source=Document.Source.DRAFT,
        drafter=actor,
        unit_id=unit_id,
        created_by=actor,
    )
    for field, value in cleaned.items():
        setattr(document, field, value)
    document.issuer_name = ""
    document.code_number = ""
    if replaces:
        from ..selectors import document_list

        old = (
            document_list(user=actor, direction=Direction.OUTGOING)
            .filter(
                pk=replaces,
                agency_id=agency_id,
                status__in=[Document.Status.ISSUED, Document.Status.RECALLED],
            )
            .first()
        )
        if old is None:
            raise ValidationFailed(
                _("Only an issued document of this agency can be replaced."),
                details={"replaces": [_("Only an issued document of this agency can be replaced.")]},
            )
        document.replaces = old
    document.save()
    for upload, kind in uploads:
        attach_file(document=document, upload=upload, actor=actor, sniffed=kind)
    for upload, kind in extra:
        attach_file(
            document=document, upload=upload, actor=actor, sniffed=kind, kind=DocumentFile.Kind.ATTACHMENT
        )
    _recipients(document, recipients or [])
    if answers:
        from ..selectors import document_list

        answered = list(
            document_list(user=actor, direction=Direction.INCOMING).filter(
                pk__in=answers, agency_id=agency_id
            )
        )
        if len(answered) != len(set(answers)):
            raise ValidationFailed(
                _("An answered document is not visible to you."),
                details={"answers": [_("An answered document is not visible to you.")]},
            )
        document.answers.set(answered)
        for incoming in answered:
            record_event(incoming, actor, "answer_drafted", subject=document.subject, draft=document.pk)
    refresh_search_text(document)
    record_event(document, actor, "drafted", version=1 if uploads else 0)
    return document


@transaction.atomic
def outgoing_draft_add_version(
    *, actor: Any, document: Document, main_file: Upload, comment: str = ""
) -> DocumentFile:
    """A new version of the main file; earlier versions stay (NĐ 30/2020 Phụ lục VI: history of drafts)."""
    require(permissions.can_edit_draft(actor, document), _("You cannot change this draft."))
    kind = check_upload(main_file, "main_file")
    latest = document.files.filter(kind=DocumentFile.Kind.MAIN).order_by("-version").first()
    stored = attach_file(
        document=document,
        upload=main_file,
        actor=actor,
        sniffed=kind,
        version=(latest.version + 1) if latest else 1,
        comment=comment,
    )
    refresh_search_text(document)
    record_event(document, actor, "version_added", comment, version=stored.version)
    return stored


@transaction.atomic
def outgoing_draft_submit(*, actor: Any, document: Document, leader: Any, comment: str = "") -> Document:
    """The drafter sends the draft for review and approval; `leader` is the intended signer."""
    require(
        permissions.can_edit_draft(actor, document) and document.status == Document.Status.DRAFTING,
        _("You cannot send this draft for review."),
    )
    if not document.files.filter(kind=DocumentFile.Kind.MAIN).exists():
        raise ValidationFailed(
            _("Attach the main file of the draft first."),
            details={"main_file": [_("Attach the main file of the draft first.")]},
        )
    if leader is None or not permissions.is_leader(leader, document.agency_id):
        raise ValidationFailed(
            _("Choose a leader of this agency."), details={"leader": [_("Choose a leader of this agency.")]}
        )
    document.leader = leader
    document.status = Document.Status.IN_REVIEW
    document.save(update_fields=["leader", "status", "updated_at"])
    record_event(document, actor, "submitted_for_review", comment, leader_name=str(leader))
    notify(
        recipients=[leader],
        kind="documents.work",
        title=_("Draft to approve: %(subject)s") % {"subject": document.subject[:120]},
        url=document.get_absolute_url(),
    )
    return document


REVIEW_DECISIONS = ("comment", "agree", "return", "approve")


@transaction.atomic
def outgoing_draft_review(
    *, actor: Any, document: Document, decision: str, comment: str = "", signing_authority: str | None = None
) -> Document:
    """comment / agree (a unit head or consulted leader), return to the drafter, approve (the signer)."""
    if decision not in REVIEW_DECISIONS:
        raise ValidationFailed(_("Invalid value."), details={"decision": [_("Choose a decision.")]})
    if decision == "approve":
        require(
            permissions.can_approve(actor, document), _("Only a leader of the agency approves for signature.")
        )
    else:
        require(permissions.can_review(actor, document), _("You cannot review this draft."))
    comment = nfc(comment or "").strip()
    if decision in ("comment", "return") and not comment:
        raise ValidationFailed(_("Write your comment."), details={"comment": [_("Write your comment.")]})
    if decision == "return":
        document.status = Document.Status.DRAFTING
    elif decision == "approve":
        if signing_authority is not None:
            if signing_authority not in Document.SigningAuthority.values:
                raise ValidationFailed(
                    _("Invalid value."),
                    details={"signing_authority": [_("Choose TM., KT., TL., TUQ., Q. or none.")]},
                )
            document.signing_authority = signing_authority
        document.status = Document.Status.APPROVED
        document.signer_name = document.signer_name or actor.full_name
        membership = next((m for m in actor.active_memberships() if m.agency_id == document.agency_id), None)
        document.signer_position = document.signer_position or (
            membership.position_title if membership else ""
        )
    document.save()
    record_event(document, actor, f"review_{decision}", comment, signing_authority=document.signing_authority)
    if decision in ("return", "approve") and document.drafter_id:
        notify(
            recipients=[document.drafter],
            kind="documents.work",
            title=(
                _("Draft approved: %(subject)s")
                if decision == "approve"
                else _("Draft returned: %(subject)s")
            )
            % {"subject": document.subject[:120]},
            url=document.get_absolute_url(),
        )
    return document


def _notation(register: Register, document: Document) -> str:
    unit = document.unit.short_name if document.unit_id and document.unit else ""
    notation = (register.notation_pattern or "{type}-{agency}").format(
        type=document.document_type.abbreviation,
        agency=document.agency.short_name_on(timezone.localdate()),
        unit=unit,
    )
    return "-".join(part for part in notation.split("-") if part)


@transaction.atomic
def outgoing_document_issue(*, actor: Any, document: Document, register: Register | None = None) -> Document:
    """Number, date and issue an approved document (NĐ 30/2020 Điều 15–16), then dispatch it.

    Numbering, the issue, the history, the audit entry and the delivery to agencies on this installation are one
    transaction: two clerks never get the same number (the register's counter is locked), and a failure rolls the
    number back with everything else."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("agency", "document_type", "unit")
        .get(pk=document.pk)
    )
    require(permissions.can_issue(actor, document), _("Only the records clerk issues an approved document."))
    secret = document.secrecy != Document.Secrecy.NONE
    if register is None:
        candidates = Register.objects.filter(
            agency_id=document.agency_id, direction=Direction.OUTGOING, secret=secret, active=True
        )
        wanted_unit = not document.document_type.abbreviation  # công văn: <agency>-<unit>
        register = (
            next((r for r in candidates if ("{unit}" in r.notation_pattern) == wanted_unit), None)
            or candidates.first()
        )
        if register is None:
            from .registers import registers_ensure_defaults

            registers_ensure_defaults(agency_id=document.agency_id)
            return outgoing_document_issue(actor=actor, document=document, register=None)
    if (
        register.agency_id != document.agency_id
        or register.direction != Direction.OUTGOING
        or not register.active
    ):
        raise ValidationFailed(
            _("Choose an outgoing register of this agency."),
            details={"register": [_("Choose an outgoing register of this agency.")]},
        )
    if register.secret != secret:
        message = _("Secret documents go in the secret register, others in an ordinary register.")
        raise ValidationFailed(message, details={"register": [message]})
    if not document.files.filter(kind=DocumentFile.Kind.MAIN).exists():
        raise Conflict(_("The document has no main file."))
    today = timezone.localdate()
    document.register = register
    document.year = today.year
    document.number = take_number(register, today.year)
    document.code_number = (
        f"{document.number:02d}"  # NĐ 30/2020 Phụ lục I: numbers below 10 take a leading zero
    )
    document.code_notation = _notation(register, document)
    document.issued_date = today
    document.issuer = document.agency
    document.issuer_name = document.agency.name
    document.status = Document.Status.ISSUED
    document.closed_at = timezone.now()
    document.save()
    refresh_search_text(document)
    record_event(document, actor, "issued", code=document.code, register=register.name)
    sign_on_issue(actor=actor, document=document)
    internal = [r.user for r in document.recipients.all() if r.user_id]
    if internal:
        notify(
            recipients=internal,
            kind="documents.work",
            url=document.get_absolute_url(),
            title=_("New document for you: %(subject)s") % {"subject": document.subject[:120]},
        )
    if document.replaces is not None:
        record_event(document.replaces, actor, "replaced", replacement=document.code)
    for incoming in document.answers.all():
        record_event(incoming, actor, "answered", code=document.code, answer=document.pk)
    dispatch(document, actor)
    return document
