"""Who may see and act on documents. The one place these rules live (architecture rule 4).

- A document belongs to one agency; nobody outside it reads it (no sharing across agencies: another agency
  receives its own copy through exchange). System administrators run the platform and do not read documents.
- Inside the agency, the records clerk (văn thư) and the leaders see every document of the agency, secret ones
  included: they register, direct and issue them.
- Everyone else sees what concerns them: documents assigned to them or to the unit they head, drafts they wrote
  or review, and the agency's issued outgoing documents that are not secret.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congso.core.roles import Role

from .models import Direction, Document, DocumentAssignment, DocumentRecipient, Register

WIDE_ROLES = (Role.CLERK, Role.LEADER)


def _staff(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "kind", "") == "staff"
    )


def _agencies_with(user: Any, *roles: str) -> set[int]:
    return {m.agency_id for m in user.active_memberships() if set(roles) & set(m.roles)}


def headed_unit_ids(user: Any) -> set[int]:
    if not _staff(user):
        return set()
    return {m.unit_id for m in user.active_memberships() if Role.UNIT_HEAD in m.roles and m.unit_id}


def visible_documents(user: Any) -> QuerySet[Document]:
    """One flat condition (no join, no DISTINCT): the agency for clerks and leaders; otherwise the person's own
    work — assignments are looked up in their own small subquery so the planner can use the indexes."""
    if not _staff(user):
        return Document.objects.none()
    wide = _agencies_with(user, *WIDE_ROLES)
    own = user.agency_ids() - wide
    condition = Q(agency_id__in=wide)
    if own:
        units = headed_unit_ids(user)
        assigned = DocumentAssignment.objects.filter(
            Q(user=user) | Q(unit_id__in=units) if units else Q(user=user)
        )
        addressed = DocumentRecipient.objects.filter(
            Q(user=user) | Q(unit_id__in=units) if units else Q(user=user)
        ).values("document_id")
        mine = (
            Q(pk__in=assigned.values("document_id"))
            | Q(pk__in=addressed, status__in=[Document.Status.ISSUED, Document.Status.RECALLED])
            | Q(drafter=user)
            | Q(leader=user)
            | Q(
                direction=Direction.OUTGOING,
                status__in=[Document.Status.ISSUED, Document.Status.RECALLED],
                secrecy=Document.Secrecy.NONE,
            )
        )
        if units:
            mine |= Q(unit_id__in=units, direction=Direction.OUTGOING)
        condition |= Q(agency_id__in=own) & mine
    return Document.objects.filter(condition)


def can_view_document(user: Any, document: Document) -> bool:
    return visible_documents(user).filter(pk=document.pk).exists()


def is_clerk(user: Any, agency_id: int) -> bool:
    return _staff(user) and user.has_role(Role.CLERK, agency_id=agency_id)


def is_leader(user: Any, agency_id: int) -> bool:
    return _staff(user) and user.has_role(Role.LEADER, agency_id=agency_id)


def is_member(user: Any, agency_id: int) -> bool:
    return _staff(user) and agency_id in user.agency_ids()


def can_register_incoming(user: Any, agency_id: int) -> bool:
    return is_clerk(user, agency_id)


def can_manage_registers(user: Any, agency_id: int) -> bool:
    return is_clerk(user, agency_id) or (
        _staff(user) and user.has_role(Role.AGENCY_ADMIN, agency_id=agency_id)
    )


def can_submit(user: Any, document: Document) -> bool:
    return is_clerk(user, document.agency_id) and document.status == Document.Status.REGISTERED


def can_direct(user: Any, document: Document) -> bool:
    return (
        is_leader(user, document.agency_id)
        and document.direction == Direction.INCOMING
        and document.status
        in (
            Document.Status.REGISTERED,
            Document.Status.SUBMITTED,
            Document.Status.ASSIGNED,
            Document.Status.IN_PROGRESS,
        )
    )


def can_act_on_assignment(user: Any, assignment: DocumentAssignment) -> bool:
    """The assigned person, or the head of the assigned unit while nobody in it holds it."""
    if not _staff(user) or assignment.status != DocumentAssignment.Status.OPEN:
        return False
    if assignment.user_id is not None:
        return assignment.user_id == user.pk
    return assignment.unit_id in headed_unit_ids(user)


def can_delegate(user: Any, assignment: DocumentAssignment) -> bool:
    return (
        assignment.unit_id is not None
        and assignment.user_id is None
        and assignment.status == DocumentAssignment.Status.OPEN
        and assignment.unit_id in headed_unit_ids(user)
    )


def can_edit_draft(user: Any, document: Document) -> bool:
    return (
        _staff(user)
        and document.direction == Direction.OUTGOING
        and document.status in (Document.Status.DRAFTING, Document.Status.IN_REVIEW)
        and (document.drafter_id == user.pk or is_clerk(user, document.agency_id))
    )


def can_create_draft(user: Any, agency_id: int) -> bool:
    return is_member(user, agency_id)


def can_review(user: Any, document: Document) -> bool:
    """Unit heads of the drafting unit and the agency's leaders review; the signer (a leader) approves."""
    if not _staff(user) or document.status != Document.Status.IN_REVIEW:
        return False
    return is_leader(user, document.agency_id) or (
        document.unit_id is not None and document.unit_id in headed_unit_ids(user)
    )


def can_approve(user: Any, document: Document) -> bool:
    return document.status == Document.Status.IN_REVIEW and is_leader(user, document.agency_id)


def can_sign(user: Any, document: Document) -> bool:
    """The personal signature of an approved draft: the leader it was sent to, who approved it."""
    return (
        document.status == Document.Status.APPROVED
        and document.leader_id == getattr(user, "pk", None)
        and is_leader(user, document.agency_id)
    )


def can_issue(user: Any, document: Document) -> bool:
    return document.status == Document.Status.APPROVED and is_clerk(user, document.agency_id)


def can_recall(user: Any, document: Document) -> bool:
    return document.status == Document.Status.ISSUED and is_clerk(user, document.agency_id)


def visible_registers(user: Any) -> QuerySet[Register]:
    if not _staff(user):
        return Register.objects.none()
    return Register.objects.filter(agency_id__in=user.agency_ids())


def can_manage_record_files(user: Any, agency_id: int) -> bool:
    """The clerk, the leaders and unit heads keep the agency's file list (danh mục hồ sơ)."""
    return _staff(user) and bool(_agencies_with(user, Role.CLERK, Role.LEADER, Role.UNIT_HEAD) & {agency_id})


def can_file_document(user: Any, record_file: Any, document: Document) -> bool:
    """Put a document in a record file: a document of the same agency the user can see, into an open file the
    user keeps (or any open file for the clerk and leaders)."""
    if (
        record_file.closed
        or document.agency_id != record_file.agency_id
        or not can_view_document(user, document)
    ):
        return False
    if record_file.agency_id in _agencies_with(user, *WIDE_ROLES):
        return True
    return record_file.keeper_id == user.pk or (
        record_file.unit_id is not None and record_file.unit_id in headed_unit_ids(user)
    )


def can_decide_extension(user: Any, assignment: DocumentAssignment) -> bool:
    """The person who gave the assignment, or a leader of the agency, decides on an extension asked for it."""
    if assignment.extension_requested_to is None or not _staff(user):
        return False
    return assignment.assigned_by_id == user.pk or is_leader(user, assignment.document.agency_id)


def can_see_access_log(user: Any, document: Document) -> bool:
    """Who opened a document is for the agency's clerks and leaders."""
    return is_clerk(user, document.agency_id) or is_leader(user, document.agency_id)
