"""/api/v1/documents: lists, search, registration, direction and handling, drafts, review, issue."""

from datetime import date, datetime
from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from congso.core.api_base import ErrorOut, InputSchema, PageNumber
from congso.core.errors import NotFound, ValidationFailed
from congso.core.uploads import upload_from_base64

from .. import services
from ..models import Document, DocumentAssignment
from ..permissions import can_view_document
from ..selectors import document_get, document_list, document_search, my_work

router = Router(tags=["documents"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class FileOut(Schema):
    id: int
    kind: str
    version: int
    name: str
    content_type: str
    size: int
    sha256: str
    text_status: str


class AssignmentOut(Schema):
    id: int
    kind: str
    unit_id: int | None
    user_id: int | None
    parent_id: int | None
    due_date: date | None
    status: str
    result: str


class StatusOut(Schema):
    code: str
    at: datetime
    staff_name: str
    description: str


class RecipientOut(Schema):
    id: int
    name: str
    organ_id: str
    agency_id: int | None
    status_code: str
    statuses: list[StatusOut]

    @staticmethod
    def resolve_statuses(obj):
        return list(obj.statuses.all())


class EventOut(Schema):
    at: datetime
    actor_name: str
    action: str
    comment: str
    data: dict[str, Any]


class DocumentOut(Schema):
    id: int
    agency_id: int
    direction: str
    status: str
    source: str
    register_id: int | None
    year: int | None
    number: int | None
    arrival_at: datetime | None
    issuer_id: int | None
    issuer_name: str
    code_number: str
    code_notation: str
    issued_date: date | None
    document_type: str
    subject: str
    signer_name: str
    signer_position: str
    signing_authority: str
    urgency: str
    secrecy: str
    page_count: int
    due_date: date | None
    exchange_id: str

    @staticmethod
    def resolve_document_type(obj):
        return obj.document_type.code


class DocumentDetailOut(DocumentOut):
    instruction: str
    result: str
    files: list[FileOut]
    assignments: list[AssignmentOut]
    recipients: list[RecipientOut]
    events: list[EventOut]
    answers: list[int]

    @staticmethod
    def resolve_files(obj):
        return list(obj.files.all())

    @staticmethod
    def resolve_assignments(obj):
        return list(obj.assignments.all())

    @staticmethod
    def resolve_recipients(obj):
        return list(obj.recipients.all())

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())

    @staticmethod
    def resolve_answers(obj):
        return list(obj.answers.values_list("pk", flat=True))


class FileIn(InputSchema):
    name: str
    content_base64: str


class MetadataIn(InputSchema):
    document_type: str
    subject: str
    urgency: str = "normal"
    secrecy: str = "none"
    page_count: int = 1
    due_date: date | None = None
    signer_name: str = ""
    signer_position: str = ""


class IncomingIn(MetadataIn):
    agency_id: int | None = None
    issuer_id: int | None = None
    issuer_name: str = ""
    code_number: str
    code_notation: str = ""
    issued_date: date
    files: list[FileIn] = []
    allow_duplicate: bool = False
    received_document_id: int | None = None


class RecipientIn(InputSchema):
    agency_id: int | None = None
    organ_id: str = ""
    name: str = ""
    paper: bool = False


class DraftIn(MetadataIn):
    agency_id: int | None = None
    main_file: FileIn | None = None
    attachments: list[FileIn] = []
    recipients: list[RecipientIn] = []
    answers: list[int] = []
    replaces: int | None = None


class LeaderIn(InputSchema):
    leader_id: int
    comment: str = ""


class AssignmentIn(InputSchema):
    kind: str
    unit_id: int | None = None
    user_id: int | None = None
    due_date: date | None = None
    due_in_working_days: int | None = None


class DirectIn(InputSchema):
    instruction: str = ""
    assignments: list[AssignmentIn] = []
    due_date: date | None = None


class DelegateIn(InputSchema):
    user_id: int
    due_date: date | None = None
    comment: str = ""


class CompleteIn(InputSchema):
    result: str = ""


class ReviewIn(InputSchema):
    decision: str
    comment: str = ""
    signing_authority: str | None = None


class VersionIn(InputSchema):
    main_file: FileIn
    comment: str = ""


class SearchFilter(Schema):
    q: str = ""
    direction: str = ""
    document_type: str = ""
    issuer: str = ""
    date_from: date | None = None
    date_to: date | None = None
    register_id: int | None = None
    status: str = ""
    urgency: str = ""
    order: str = "relevance"


class WorkItemOut(Schema):
    document: DocumentOut
    reason: str
    due_date: date | None
    badge: str
    assignment_id: int | None

    @staticmethod
    def resolve_assignment_id(obj):
        return obj.assignment.pk if obj.assignment else None


def _upload(item: FileIn, field: str) -> services.Upload:
    return upload_from_base64(item.name, item.content_base64, field)


def _agency(request, agency_id: int | None) -> int:
    if agency_id:
        return agency_id
    membership = getattr(request, "membership", None)
    if membership is None:
        memberships = request.user.active_memberships() if hasattr(request.user, "active_memberships") else []
        membership = memberships[0] if memberships else None
    if membership is None:
        raise ValidationFailed("Hãy chọn cơ quan.", details={"agency_id": ["Hãy chọn cơ quan."]})
    return membership.agency_id


def _document(request, document_id: int) -> Document:
    return document_get(user=request.user, pk=document_id)


def _assignment(request, assignment_id: int) -> DocumentAssignment:
    assignment = DocumentAssignment.objects.select_related("document").filter(pk=assignment_id).first()
    if assignment is None or not can_view_document(request.user, assignment.document):
        raise NotFound("Không tìm thấy phân công.")
    return assignment


def _leader(document: Document, leader_id: int):
    from congso.accounts.selectors import user_get_active_member

    return user_get_active_member(pk=leader_id, agency_id=document.agency_id)


@router.get("", response=list[DocumentOut])
@paginate(PageNumber)
def list_documents(request, direction: str = "", status: str = "", agency_id: int | None = None):
    return document_list(user=request.user, direction=direction or None, status=status, agency_id=agency_id)


@router.get("/search", response=list[DocumentOut])
@paginate(PageNumber)
def search_documents(request, filters: Query[SearchFilter]):
    data = filters.dict()
    return document_search(user=request.user, query=data.pop("q"), **data)


@router.get("/my-work", response=list[WorkItemOut])
def my_documents(request):
    return my_work(user=request.user, limit=200)


@router.get("/{int:document_id}", response={200: DocumentDetailOut, 404: ErrorOut})
def get_document(request, document_id: int):
    return _document(request, document_id)


@router.post("/incoming", response={201: DocumentDetailOut, **ERRORS})
def register_incoming(request, payload: IncomingIn):
    received = _document(request, payload.received_document_id) if payload.received_document_id else None
    data = payload.dict(
        exclude={"files", "agency_id", "issuer_id", "allow_duplicate", "received_document_id"}
    )
    document = services.incoming_document_register(
        actor=request.user,
        agency_id=received.agency_id if received else _agency(request, payload.agency_id),
        data=data,
        files=[_upload(f, "files") for f in payload.files],
        issuer_id=payload.issuer_id,
        allow_duplicate=payload.allow_duplicate,
        document=received,
    )
    return 201, document


@router.post("/{int:document_id}/submit", response={200: DocumentDetailOut, **ERRORS})
def submit_document(request, document_id: int, payload: LeaderIn):
    document = _document(request, document_id)
    leader = _leader(document, payload.leader_id)
    if document.direction == "incoming":
        return services.incoming_document_submit(
            actor=request.user, document=document, leader=leader, comment=payload.comment
        )
    return services.outgoing_draft_submit(
        actor=request.user, document=document, leader=leader, comment=payload.comment
    )


@router.post("/{int:document_id}/direct", response={200: DocumentDetailOut, **ERRORS})
def direct_document(request, document_id: int, payload: DirectIn):
    document = _document(request, document_id)
    assignments = [
        {
            "kind": a.kind,
            "unit_id": a.unit_id,
            "user_id": a.user_id,
            "due_date": a.due_in_working_days or a.due_date,
        }
        for a in payload.assignments
    ]
    return services.incoming_document_direct(
        actor=request.user,
        document=document,
        instruction=payload.instruction,
        assignments=assignments,
        due_date=payload.due_date,
    )


@router.post("/assignments/{int:assignment_id}/delegate", response={201: AssignmentOut, **ERRORS})
def delegate_assignment(request, assignment_id: int, payload: DelegateIn):
    assignment = _assignment(request, assignment_id)
    child = services.document_assignment_delegate(
        actor=request.user,
        assignment=assignment,
        user_id=payload.user_id,
        due_date=payload.due_date,
        comment=payload.comment,
    )
    return 201, child


@router.post("/assignments/{int:assignment_id}/complete", response={200: AssignmentOut, **ERRORS})
def complete_assignment(request, assignment_id: int, payload: CompleteIn):
    assignment = _assignment(request, assignment_id)
    return services.document_assignment_complete(
        actor=request.user, assignment=assignment, result=payload.result
    )


class ForwardIn(InputSchema):
    user_id: int
    comment: str = ""


class ExtensionIn(InputSchema):
    until: date
    reason: str


class DecisionIn(InputSchema):
    approve: bool
    comment: str = ""


@router.post("/assignments/{int:assignment_id}/forward", response={201: AssignmentOut, **ERRORS})
def forward_assignment(request, assignment_id: int, payload: ForwardIn):
    assignment = _assignment(request, assignment_id)
    moved = services.document_assignment_forward(
        actor=request.user, assignment=assignment, user_id=payload.user_id, comment=payload.comment
    )
    return 201, moved


@router.post("/assignments/{int:assignment_id}/extension", response={200: AssignmentOut, **ERRORS})
def ask_extension(request, assignment_id: int, payload: ExtensionIn):
    assignment = _assignment(request, assignment_id)
    return services.document_assignment_request_extension(
        actor=request.user, assignment=assignment, until=payload.until, reason=payload.reason
    )


@router.post("/assignments/{int:assignment_id}/extension/decision", response={200: AssignmentOut, **ERRORS})
def decide_extension(request, assignment_id: int, payload: DecisionIn):
    assignment = _assignment(request, assignment_id)
    return services.document_assignment_decide_extension(
        actor=request.user, assignment=assignment, approve=payload.approve, comment=payload.comment
    )


@router.post("/drafts", response={201: DocumentDetailOut, **ERRORS})
def create_draft(request, payload: DraftIn):
    data = payload.dict(
        exclude={"main_file", "attachments", "recipients", "answers", "agency_id", "replaces"}
    )
    document = services.outgoing_draft_create(
        actor=request.user,
        agency_id=_agency(request, payload.agency_id),
        data=data,
        main_file=_upload(payload.main_file, "main_file") if payload.main_file else None,
        attachments=[_upload(f, "attachments") for f in payload.attachments],
        recipients=[r.dict() for r in payload.recipients],
        answers=payload.answers,
        replaces=payload.replaces,
    )
    return 201, document


@router.post("/{int:document_id}/versions", response={201: FileOut, **ERRORS})
def add_version(request, document_id: int, payload: VersionIn):
    document = _document(request, document_id)
    stored = services.outgoing_draft_add_version(
        actor=request.user,
        document=document,
        main_file=_upload(payload.main_file, "main_file"),
        comment=payload.comment,
    )
    return 201, stored


@router.post("/{int:document_id}/review", response={200: DocumentDetailOut, **ERRORS})
def review_draft(request, document_id: int, payload: ReviewIn):
    document = _document(request, document_id)
    return services.outgoing_draft_review(
        actor=request.user,
        document=document,
        decision=payload.decision,
        comment=payload.comment,
        signing_authority=payload.signing_authority,
    )


class ReasonIn(InputSchema):
    reason: str


class CorrectionIn(InputSchema):
    main_file: FileIn
    reason: str


class AnswerChangeIn(InputSchema):
    accept: bool
    reason: str = ""


@router.post("/{int:document_id}/recall", response={200: DocumentDetailOut, **ERRORS})
def recall_document(request, document_id: int, payload: ReasonIn):
    document = _document(request, document_id)
    return services.outgoing_document_recall(actor=request.user, document=document, reason=payload.reason)


@router.post("/{int:document_id}/correction", response={200: DocumentDetailOut, **ERRORS})
def correct_document(request, document_id: int, payload: CorrectionIn):
    document = _document(request, document_id)
    return services.outgoing_document_update(
        actor=request.user,
        document=document,
        main_file=_upload(payload.main_file, "main_file"),
        reason=payload.reason,
    )


@router.post("/{int:document_id}/answer-change", response={200: DocumentDetailOut, **ERRORS})
def answer_change(request, document_id: int, payload: AnswerChangeIn):
    document = _document(request, document_id)
    return services.incoming_document_answer_change(
        actor=request.user, document=document, accept=payload.accept, reason=payload.reason
    )


@router.post("/{int:document_id}/issue", response={200: DocumentDetailOut, **ERRORS})
def issue_document(request, document_id: int):
    document = _document(request, document_id)
    return services.outgoing_document_issue(actor=request.user, document=document)


class SigningRequestOut(Schema):
    id: int
    status: str
    expires_at: datetime


@router.post("/{int:document_id}/sign", response={201: SigningRequestOut, **ERRORS})
def sign_document(request, document_id: int):
    """The leader asks to sign the approved draft with the token: the signing agent on their PC is sent the
    request (GET /api/v1/signatures/requests) and answers it; the signed PDF becomes the draft's newest version."""
    document = _document(request, document_id)
    signing = services.outgoing_sign_request(actor=request.user, document=document)
    return 201, signing


from . import records  # noqa: E402,F401 - registers its operations on the router
