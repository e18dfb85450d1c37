"""Incoming documents (văn bản đến), NĐ 30/2020 Điều 20–24: registration with the arrival number, submission
to a leader, the leader's direction and assignments, handling by units and specialists, closing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import Conflict, ValidationFailed
from congso.core.services import notify
from congso.core.text import nfc

from .. import permissions
from ..models import Direction, Document, DocumentAssignment, ExchangeStatus, Register
from ..selectors import incoming_duplicates
from .common import clean_metadata, record_event, refresh_search_text, require, take_number
from .exchange import report_status
from .files import Upload, attach_file, check_upload

URGENT = (Document.Urgency.VERY_URGENT, Document.Urgency.EXPRESS)


def _notify(users: list[Any], document: Document, title: str) -> None:
    kind = "documents.urgent" if document.urgency in URGENT else "documents.work"
    recipients = [user for user in users if user is not None]
    if recipients:
        notify(recipients=recipients, kind=kind, title=title, url=document.get_absolute_url())


def _incoming_register(agency_id: int, register: Register | None, secret: bool) -> Register:
    if register is None:
        register = (
            Register.objects.filter(
                agency_id=agency_id, direction=Direction.INCOMING, secret=secret, active=True
            )
            .order_by("pk")
            .first()
        )
        if register is None:
            from .registers import registers_ensure_defaults

            registers_ensure_defaults(agency_id=agency_id)
            return _incoming_register(agency_id, None, secret)
    if register.agency_id != agency_id or register.direction != Direction.INCOMING or not register.active:
        raise ValidationFailed(
            _("Choose an incoming register of this agency."),
            details={"register": [_("Choose an incoming register of this agency.")]},
        )
    if register.secret != secret:
        message = _("Secret documents go in the secret register, others in an ordinary register.")
        raise ValidationFailed(message, details={"register": [message]})
    return register


@transaction.atomic
def incoming_document_register(
    *,
    actor: Any,
    agency_id: int,
    data: dict[str, Any],
    files: list[Upload] | None = None,
    register: Register | None = None,
    issuer_id: int | None = None,
    arrival_at: datetime | None = None,
    allow_duplicate: bool = False,
    document: Document | None = None,
) -> Document:
    """Register an incoming document: the next arrival number of the register in the year (shared by paper and
    electronic), metadata, files. Refuses a duplicate (same issuer + number/symbol + issue date, or the same
    exchange identifier) unless `allow_duplicate` — the clerk saw the warning and confirmed.
    `document` is a document received by exchange (status "received") that is being registered."""
    require(
        permissions.can_register_incoming(actor, agency_id),
        _("Only the records clerk registers incoming documents."),
    )
    cleaned = clean_metadata(data, incoming=True)
    uploads = [(upload, check_upload(upload, "files")) for upload in files or []]
    issuer = None
    if issuer_id:
        from congso.organizations.models import Agency

        issuer = Agency.objects.filter(pk=issuer_id).first()
        if issuer is None:
            raise ValidationFailed(_("Unknown issuer."), details={"issuer": [_("Unknown issuer.")]})
        cleaned["issuer_name"] = cleaned["issuer_name"] or issuer.name
    if not cleaned["issuer_name"]:
        raise ValidationFailed(_("Enter the issuer."), details={"issuer_name": [_("Enter the issuer.")]})
    exchange_id = (
        document.exchange_id if document is not None else nfc(str(data.get("exchange_id") or ""))[:255]
    )
    duplicates = incoming_duplicates(
        agency_id=agency_id,
        issuer_id=issuer.pk if issuer else None,
        issuer_name=cleaned["issuer_name"],
        code_number=cleaned["code_number"],
        code_notation=cleaned["code_notation"],
        issued_date=cleaned["issued_date"],
        exchange_id=exchange_id,
        exclude_pk=document.pk if document is not None else None,
    )
    if duplicates and not allow_duplicate:
        raise Conflict(
            _("This document seems to be registered already (same issuer, number, symbol and date)."),
            code="duplicate",
            details={
                "duplicates": [{"id": d.pk, "arrival_number": d.number, "year": d.year} for d in duplicates]
            },
        )
    secret = cleaned["secrecy"] != Document.Secrecy.NONE
    register = _incoming_register(agency_id, register, secret)
    arrival = arrival_at or (
        document.arrival_at if document is not None and document.arrival_at else timezone.now()
    )
    year = timezone.localtime(arrival).year
    if document is None:
        document = Document(
            agency_id=agency_id,
            direction=Direction.INCOMING,
            source=Document.Source.UPLOAD if uploads else Document.Source.MANUAL,
        )
    elif document.status != Document.Status.RECEIVED or document.agency_id != agency_id:
        raise Conflict(_("This document has already been registered."))
    for field, value in cleaned.items():
        setattr(document, field, value)
    document.issuer = issuer or document.issuer
    document.exchange_id = exchange_id
    document.register = register
    document.year = year
    document.number = take_number(register, year)
    document.arrival_at = arrival
    document.status = Document.Status.REGISTERED
    document.created_by = document.created_by or actor
    document.save()
    for upload, kind in uploads:
        attach_file(document=document, upload=upload, actor=actor, sniffed=kind)
    refresh_search_text(document)
    record_event(
        document,
        actor,
        "registered",
        register=register.name,
        arrival_number=document.number,
        duplicate_confirmed=bool(duplicates),
    )
    report_status(document, ExchangeStatus.Code.REGISTERED, actor)
    return document


@transaction.atomic
def incoming_document_submit(*, actor: Any, document: Document, leader: Any, comment: str = "") -> Document:
    """The clerk submits a registered document to a leader of the agency."""
    require(permissions.can_submit(actor, document), _("You cannot submit this document."))
    if leader is None or not permissions.is_leader(leader, document.agency_id):
        raise ValidationFailed(
            _("Choose a leader of this agency."), details={"leader": [_("Choose a leader of this agency.")]}
        )
    document.leader = leader
    document.status = Document.Status.SUBMITTED
    document.save(update_fields=["leader", "status", "updated_at"])
    record_event(document, actor, "submitted", comment, leader=leader.pk, leader_name=str(leader))
    _notify([leader], document, _("Document to direct: %(subject)s") % {"subject": document.subject[:120]})
    return document


def _resolve_due(value: Any, agency: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, int):
        from congso.core import calendar

        if value < 1:
            raise ValidationFailed(
                _("Invalid deadline."), details={"due_date": [_("At least one working day.")]}
            )
        return calendar.add_working_days(timezone.now(), value, agency.office_hours()).date()
    if isinstance(value, date):
        return value
    raise ValidationFailed(_("Invalid deadline."), details={"due_date": [_("Enter a date as dd/mm/yyyy.")]})


@transaction.atomic
def incoming_document_direct(
    *,
    actor: Any,
    document: Document,
    instruction: str,
    assignments: list[dict[str, Any]],
    due_date: Any = None,
) -> Document:
    """The leader's direction (ý kiến chỉ đạo): one lead (chủ trì) unit or person, collaborators (phối hợp) and
    recipients for information (để biết), each with a deadline — a date, or a number of working days on the
    agency's calendar (core.calendar)."""
    require(permissions.can_direct(actor, document), _("Only a leader of the agency directs this document."))
    from congso.accounts.selectors import user_get_active_member
    from congso.organizations.models import Unit

    instruction = nfc(instruction or "").strip()
    if not instruction and not assignments:
        raise ValidationFailed(
            _("Write a direction or choose who handles it."),
            details={"instruction": [_("Write a direction or choose who handles it.")]},
        )
    agency = document.agency
    today = timezone.localdate()
    default_due = _resolve_due(due_date, agency)
    rows = []
    for index, item in enumerate(assignments):
        kind = item.get("kind")
        if kind not in DocumentAssignment.Kind.values:
            raise ValidationFailed(
                _("Invalid assignment."),
                details={f"assignments.{index}.kind": [_("Choose lead, collaborate or for information.")]},
            )
        unit = user = None
        if item.get("unit_id"):
            unit = Unit.objects.filter(pk=item["unit_id"], valid_to__isnull=True).first()
            if unit is None or unit.agency_id != agency.pk:
                raise ValidationFailed(
                    _("The unit is not in this agency."),
                    details={f"assignments.{index}.unit_id": [_("The unit is not in this agency.")]},
                )
        if item.get("user_id"):
            user = user_get_active_member(pk=item["user_id"], agency_id=agency.pk)
            if user is None:
                raise ValidationFailed(
                    _("The person does not work in this agency."),
                    details={f"assignments.{index}.user_id": [_("The person does not work in this agency.")]},
                )
        if unit is None and user is None:
            raise ValidationFailed(
                _("Choose a unit or a person."),
                details={f"assignments.{index}": [_("Choose a unit or a person.")]},
            )
        due = _resolve_due(item.get("due_date"), agency) or (
            default_due if kind != "for_information" else None
        )
        if due is not None and due < today:
            raise ValidationFailed(
                _("The deadline is in the past."),
                details={f"assignments.{index}.due_date": [_("The deadline is in the past.")]},
            )
        rows.append(
            DocumentAssignment(
                document=document, kind=kind, unit=unit, user=user, due_date=due, assigned_by=actor
            )
        )
    leads = [row for row in rows if row.kind == DocumentAssignment.Kind.LEAD]
    has_open_lead = (
        document.assignments.filter(kind="lead", parent=None)
        .exclude(status__in=DocumentAssignment.CLOSED)
        .exists()
    )
    if rows and len(leads) + (1 if has_open_lead else 0) != 1:
        raise ValidationFailed(
            _("Exactly one lead (chủ trì) handles a document."),
            details={"assignments": [_("Exactly one lead (chủ trì) handles a document.")]},
        )
    DocumentAssignment.objects.bulk_create(rows)
    document.instruction = "\n".join(filter(None, [document.instruction, instruction]))
    if leads:
        document.due_date = leads[0].due_date or document.due_date
    document.status = (
        Document.Status.ASSIGNED
        if any(r.kind != "for_information" for r in rows) or has_open_lead
        else Document.Status.DONE
    )
    if document.status == Document.Status.DONE:
        document.closed_at = timezone.now()
    document.save()
    refresh_search_text(document)
    record_event(
        document,
        actor,
        "directed",
        instruction,
        assignments=[
            {
                "kind": r.kind,
                "unit": r.unit.name if r.unit else "",
                "user": str(r.user or ""),
                "due_date": r.due_date.strftime("%d/%m/%Y") if r.due_date else "",
            }
            for r in rows
        ],
    )
    report_status(document, ExchangeStatus.Code.ASSIGNED, actor)
    from congso.accounts.selectors import unit_heads

    people = [r.user for r in rows if r.user] + [
        head for r in rows if r.unit and not r.user for head in unit_heads(unit=r.unit)
    ]
    _notify(people, document, _("New document for you: %(subject)s") % {"subject": document.subject[:120]})
    return document


@transaction.atomic
def document_assignment_delegate(
    *, actor: Any, assignment: DocumentAssignment, user_id: int, due_date: Any = None, comment: str = ""
) -> DocumentAssignment:
    """A unit head hands the unit's assignment to a specialist of the unit."""
    require(permissions.can_delegate(actor, assignment), _("Only the head of the unit hands this on."))
    from congso.accounts.selectors import user_get_active_member

    person = user_get_active_member(
        pk=user_id, agency_id=assignment.document.agency_id, unit_id=assignment.unit_id
    )
    if person is None:
        raise ValidationFailed(
            _("The person does not work in this unit."),
            details={"user_id": [_("The person does not work in this unit.")]},
        )
    due = _resolve_due(due_date, assignment.document.agency) or assignment.due_date
    if assignment.due_date and due and due > assignment.due_date:
        raise ValidationFailed(
            _("The deadline is later than the unit's deadline."),
            details={"due_date": [_("The deadline is later than the unit's deadline.")]},
        )
    child = DocumentAssignment.objects.create(
        document=assignment.document,
        parent=assignment,
        kind=assignment.kind,
        unit=assignment.unit,
        user=person,
        due_date=due,
        assigned_by=actor,
    )
    assignment.status = DocumentAssignment.Status.DELEGATED
    assignment.save(update_fields=["status"])
    document = assignment.document
    if document.status == Document.Status.ASSIGNED:
        document.status = Document.Status.IN_PROGRESS
        document.save(update_fields=["status", "updated_at"])
    record_event(
        document,
        actor,
        "delegated",
        comment,
        unit=assignment.unit.name if assignment.unit else "",
        user=str(person),
        due_date=due.strftime("%d/%m/%Y") if due else "",
    )
    report_status(document, ExchangeStatus.Code.IN_PROGRESS, actor)
    _notify([person], document, _("New document for you: %(subject)s") % {"subject": document.subject[:120]})
    return child


@transaction.atomic
def document_assignment_complete(
    *, actor: Any, assignment: DocumentAssignment, result: str
) -> DocumentAssignment:
    """Close an assignment with its result. When the lead's work is done the document is done (status 06)."""
    require(permissions.can_act_on_assignment(actor, assignment), _("This assignment is not yours to close."))
    result = nfc(result or "").strip()
    if not result and assignment.kind != DocumentAssignment.Kind.FOR_INFORMATION:
        raise ValidationFailed(_("Write the result."), details={"result": [_("Write the result.")]})
    now = timezone.now()
    node: DocumentAssignment | None = assignment
    while node is not None:
        node.status = DocumentAssignment.Status.DONE
        node.done_at = now
        node.result = node.result or result
        node.save(update_fields=["status", "done_at", "result"])
        node = node.parent
    document = assignment.document
    record_event(document, actor, "completed", result, kind=assignment.kind)
    lead_open = (
        document.assignments.filter(kind="lead").exclude(status__in=DocumentAssignment.CLOSED).exists()
    )
    if assignment.kind == DocumentAssignment.Kind.LEAD and not lead_open:
        document.status = Document.Status.DONE
        document.result = result
        document.closed_at = now
        document.save(update_fields=["status", "result", "closed_at", "updated_at"])
        record_event(document, actor, "closed", result)
        report_status(document, ExchangeStatus.Code.DONE, actor)
    elif document.status == Document.Status.ASSIGNED:
        document.status = Document.Status.IN_PROGRESS
        document.save(update_fields=["status", "updated_at"])
        report_status(document, ExchangeStatus.Code.IN_PROGRESS, actor)
    return assignment


@transaction.atomic
def document_assignment_forward(
    *, actor: Any, assignment: DocumentAssignment, user_id: Any, comment: str = ""
) -> DocumentAssignment:
    """The assignee passes the work to a colleague of the agency (chuyển xử lý); the deadline stays."""
    require(
        permissions.can_act_on_assignment(actor, assignment), _("This assignment is not yours to forward.")
    )
    from congso.accounts.selectors import user_get_active_member

    document = assignment.document
    person = user_get_active_member(pk=user_id, agency_id=document.agency_id)
    if person is None or person.pk == actor.pk:
        raise ValidationFailed(
            _("Choose a colleague of this agency."),
            details={"user_id": [_("Choose a colleague of this agency.")]},
        )
    moved = DocumentAssignment.objects.create(
        document=document,
        parent=assignment.parent,
        kind=assignment.kind,
        unit=assignment.unit,
        user=person,
        due_date=assignment.due_date,
        assigned_by=actor,
    )
    assignment.status = DocumentAssignment.Status.FORWARDED
    assignment.result = nfc(comment or "").strip()
    assignment.done_at = timezone.now()
    assignment.save(update_fields=["status", "result", "done_at"])
    record_event(document, actor, "forwarded", comment, to=str(person))
    _notify([person], document, _("New document for you: %(subject)s") % {"subject": document.subject[:120]})
    return moved


@transaction.atomic
def document_assignment_request_extension(
    *, actor: Any, assignment: DocumentAssignment, until: date, reason: str
) -> DocumentAssignment:
    """The assignee asks for more time, before the deadline and with a reason; the one who assigned decides."""
    require(permissions.can_act_on_assignment(actor, assignment), _("This assignment is not yours."))
    reason = nfc(reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("Give the reason.")]
    if assignment.due_date is None:
        errors["until"] = [_("This assignment has no deadline.")]
    elif not isinstance(until, date) or until <= assignment.due_date:
        errors["until"] = [_("Ask for a date after the current deadline.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)
    assignment.extension_requested_to, assignment.extension_reason = until, reason
    assignment.save(update_fields=["extension_requested_to", "extension_reason"])
    record_event(
        assignment.document,
        actor,
        "extension_requested",
        reason,
        until=until.strftime("%d/%m/%Y"),
        deadline=assignment.due_date.strftime("%d/%m/%Y") if assignment.due_date else "",
    )
    approver = assignment.assigned_by or assignment.document.leader
    _notify(
        [approver],
        assignment.document,
        _("Extension asked for: %(subject)s") % {"subject": assignment.document.subject[:120]},
    )
    return assignment


@transaction.atomic
def document_assignment_decide_extension(
    *, actor: Any, assignment: DocumentAssignment, approve: bool, comment: str = ""
) -> DocumentAssignment:
    require(permissions.can_decide_extension(actor, assignment), _("You cannot decide on this extension."))
    document = assignment.document
    original = assignment.due_date
    if approve:
        assignment.due_date = assignment.extension_requested_to
        if assignment.kind == DocumentAssignment.Kind.LEAD:
            root = assignment
            while root.parent is not None:
                root = root.parent
            if root.due_date and assignment.due_date and root.due_date < assignment.due_date:
                root.due_date = assignment.due_date
                root.save(update_fields=["due_date"])
            document.due_date = assignment.due_date
            document.save(update_fields=["due_date", "updated_at"])
    assignment.extension_requested_to, assignment.extension_reason = None, ""
    assignment.save(update_fields=["due_date", "extension_requested_to", "extension_reason"])
    record_event(
        document,
        actor,
        "extension_granted" if approve else "extension_refused",
        comment,
        original=original.strftime("%d/%m/%Y") if original else "",
        new=assignment.due_date.strftime("%d/%m/%Y") if assignment.due_date else "",
    )
    if assignment.user is not None:
        _notify(
            [assignment.user],
            document,
            (_("Extension granted: %(subject)s") if approve else _("Extension refused: %(subject)s"))
            % {"subject": document.subject[:120]},
        )
    return assignment
