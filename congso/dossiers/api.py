"""/api/v1/dossiers: the officer's queue, lists, a dossier with its steps and history, reception with its three
outcomes, every processing action, and the public lookup (no account: code + check value, rate-limited)."""

from datetime import date, datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from congso.core.api_base import ErrorOut, InputSchema, PageNumber, ReportDay
from congso.core.errors import NotFound, ValidationFailed
from congso.core.uploads import Upload, upload_from_base64
from congso.organizations.models import Agency
from congso.procedures.models import Procedure

from . import services
from .models import Dossier, DossierStep
from .permissions import available_actions
from .selectors import dossier_get, dossier_list, my_queue, public_lookup

router = Router(tags=["dossiers"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class StepOut(Schema):
    id: int
    order: int
    name: str
    agency_id: int
    role: str
    lead: bool
    assignee_id: int | None
    status: str
    due_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    timeliness: str
    comment: str


class EventOut(Schema):
    at: datetime
    actor_name: str
    action: str
    comment: str
    data: dict[str, Any]


class IntervalOut(Schema):
    kind: str
    effect: str
    reason: str
    items: list[str]
    started_at: datetime
    ended_at: datetime | None


class FormOut(Schema):
    id: int
    code: str
    created_at: datetime


class DossierOut(Schema):
    id: int
    code: str
    procedure_code: str
    status: str
    channel: str
    receiving_agency_id: int
    handling_agency_id: int
    applicant_name: str
    received_at: datetime
    appointment_at: datetime | None
    original_appointment_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    timeliness: str
    version: int

    @staticmethod
    def resolve_procedure_code(obj):
        return obj.procedure.code


class DossierDetailOut(DossierOut):
    applicant_phone: str
    applicant_email: str
    applicant_address: str
    postal_reference: str
    result_summary: str
    return_method: str
    steps: list[StepOut]
    events: list[EventOut]
    intervals: list[IntervalOut]
    forms: list[FormOut]
    actions: list[str] = Field(
        default_factory=list,
        description="The actions the caller may take now, from the dossier's declared state machine "
        "(intake, complete, refuse, forward, approve, send_back, supplement, payment, extend, supplement_received, "
        "payment_received, pay_desk, stop, withdraw, return).",
    )

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_actions(obj, context):
        available = available_actions(context["request"].user, obj)
        return [name for name, allowed in available.items() if allowed is True]

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())

    @staticmethod
    def resolve_intervals(obj):
        return list(obj.intervals.all())

    @staticmethod
    def resolve_forms(obj):
        return list(obj.forms.all())


class QueueItemOut(Schema):
    dossier: DossierOut
    reason: str
    due: datetime | None
    badge: str
    step_id: int | None

    @staticmethod
    def resolve_step_id(obj):
        return obj.step.pk if obj.step else None


class ApplicantIn(InputSchema):
    name: str
    id_number: str
    phone: str
    email: str = ""
    address: str = ""


class ReceiveIn(InputSchema):
    receiving_agency_id: int
    handling_agency_id: int
    procedure_code: str
    channel: str = "direct"
    postal_reference: str = ""
    applicant: ApplicantIn
    outcome: str = "accept"
    items: list[str] = []
    reason: str = ""


class FileIn(InputSchema):
    name: str
    content_base64: str


class ActionIn(InputSchema):
    version: int
    comment: str = ""
    reason: str = ""
    items: list[str] = []
    new_date: date | None = None
    method: str = ""
    assignee_id: int | None = None
    agency_ids: list[int] = []
    lead_agency_id: int | None = None
    step_id: int | None = None
    amount: int | None = None
    receipt_number: str = ""
    result_summary: str = ""
    result_file: FileIn | None = None


class LookupOut(Schema):
    code: str
    procedure: str
    status: str
    status_label: str
    handling_agency: str
    received_at: datetime
    appointment_at: datetime | None
    history: list[dict[str, Any]]


def _dossier(request, dossier_id: int) -> Dossier:
    return dossier_get(user=request.user, pk=dossier_id)


def _upload(item: FileIn | None) -> Upload | None:
    if item is None:
        return None
    return upload_from_base64(item.name, item.content_base64, "result_file")


@router.get("", response=list[DossierOut])
@paginate(PageNumber)
def list_dossiers(
    request, status: str = "", q: str = "", agency_id: int | None = None, overdue: bool = False
):
    return dossier_list(user=request.user, status=status, query=q, agency_id=agency_id, overdue=overdue)


@router.get("/queue", response=list[QueueItemOut])
def queue(request):
    return my_queue(user=request.user, limit=200)


@router.get("/lookup", response={200: LookupOut, 404: ErrorOut, 429: ErrorOut}, auth=None)
def lookup(request, code: str, check: str):
    found = services.limited_lookup(
        request.META.get("REMOTE_ADDR", ""), lambda: public_lookup(code=code, check_value=check)
    )
    if found is None:
        raise NotFound("Không có hồ sơ nào khớp mã và 4 số này.")
    return {
        "code": found.code,
        "procedure": found.procedure_name,
        "status": found.status,
        "status_label": found.status_label,
        "handling_agency": found.handling_agency_name,
        "received_at": found.received_at,
        "appointment_at": found.appointment_at,
        "history": [{**row, "label": str(row["label"])} for row in found.history],
    }


@router.get("/{int:dossier_id}", response={200: DossierDetailOut, 404: ErrorOut})
def get_dossier(request, dossier_id: int):
    return _dossier(request, dossier_id)


@router.post("", response={201: DossierDetailOut, **ERRORS})
def receive(request, payload: ReceiveIn):
    kwargs = {
        "actor": request.user,
        "receiving_agency": get_object_or_404(Agency, pk=payload.receiving_agency_id),
        "handling_agency": get_object_or_404(Agency, pk=payload.handling_agency_id),
        "procedure": get_object_or_404(Procedure, code=payload.procedure_code),
        "channel": payload.channel,
        "applicant": payload.applicant.dict(),
        "postal_reference": payload.postal_reference,
    }
    if payload.outcome == "accept":
        dossier = services.dossier_receive(**kwargs)
    elif payload.outcome == "incomplete":
        dossier = services.dossier_receive_incomplete(items=payload.items, reason=payload.reason, **kwargs)
    elif payload.outcome == "refuse":
        dossier = services.dossier_receive_refused(reason=payload.reason, **kwargs)
    else:
        raise ValidationFailed(
            "Kết quả kiểm tra là accept, incomplete hoặc refuse.",
            details={"outcome": ["Kết quả kiểm tra là accept, incomplete hoặc refuse."]},
        )
    return 201, dossier


def _pay_desk(p: ActionIn, common: dict[str, Any]) -> Dossier:
    services.fee_pay_at_desk(receipt_number=p.receipt_number, **common)
    return Dossier.objects.get(pk=common["dossier"].pk)


def _run(action: str, dossier: Dossier, user: Any, p: ActionIn) -> Dossier:
    common = {"actor": user, "dossier": dossier, "version": p.version}
    if action == "forward":
        assignee = None
        if p.assignee_id:
            from congso.accounts.models import User

            assignee = User.objects.filter(pk=p.assignee_id, is_active=True).first()
            if assignee is None:
                raise ValidationFailed(
                    "Không có người nhận này.", details={"assignee_id": ["Không có người nhận này."]}
                )
        return services.dossier_forward(
            comment=p.comment,
            assignee=assignee,
            agencies=list(Agency.objects.filter(pk__in=p.agency_ids)),
            lead_agency=Agency.objects.filter(pk=p.lead_agency_id).first() if p.lead_agency_id else None,
            **common,
        )
    if action == "opinion":
        step = DossierStep.objects.filter(dossier=dossier, pk=p.step_id or 0).first()
        if step is None:
            raise NotFound("Không có bước này.")
        return services.dossier_give_opinion(step=step, comment=p.comment, **common)
    simple = {
        "accept": lambda: services.dossier_accept(**common),
        "complete": lambda: services.dossier_request_completion(items=p.items, reason=p.reason, **common),
        "refuse": lambda: services.dossier_refuse(reason=p.reason, **common),
        "send_back": lambda: services.dossier_send_back(reason=p.reason, **common),
        "supplement": lambda: services.dossier_request_supplement(items=p.items, reason=p.reason, **common),
        "supplement_received": lambda: services.dossier_supplement_received(note=p.comment, **common),
        "payment": lambda: services.dossier_request_payment(reason=p.reason, amount=p.amount, **common),
        "pay_desk": lambda: _pay_desk(p, common),
        "payment_received": lambda: services.dossier_payment_received(note=p.comment, **common),
        "extend": lambda: services.dossier_extend(new_date=p.new_date, reason=p.reason, **common),
        "stop": lambda: services.dossier_stop(reason=p.reason, **common),
        "withdraw": lambda: services.dossier_withdraw(reason=p.reason, **common),
        "approve": lambda: services.dossier_approve(
            result_summary=p.result_summary, result_file=_upload(p.result_file), **common
        ),
        "return": lambda: services.dossier_return_result(method=p.method, note=p.comment, **common),
    }
    if action not in simple:
        raise NotFound(f"Không có thao tác “{action}”.")
    return simple[action]()


@router.post("/{int:dossier_id}/actions/{action}", response={200: DossierDetailOut, **ERRORS})
def act(request, dossier_id: int, action: str, payload: ActionIn):
    """Actions: accept, complete, refuse, forward, opinion, send_back, supplement, supplement_received, payment
    (with `amount`, a fee line payable through the platform), payment_received, pay_desk (`receipt_number`),
    extend, stop, withdraw, approve, return. `version` is the dossier's version as last read:
    a change made meanwhile answers 409."""
    return _run(action, _dossier(request, dossier_id), request.user, payload)


class OnlineIn(InputSchema):
    procedure_code: str
    handling_agency_id: int
    applicant: ApplicantIn
    form_data: dict[str, dict[str, str]] = {}
    papers: dict[int, FileIn] = {}
    dossier_id: int | None = None


class SupplementIn(InputSchema):
    version: int
    files: list[FileIn]
    note: str = ""


class RatingIn(InputSchema):
    scores: dict[str, int]
    comment: str = ""


class PaymentOut(Schema):
    reference: str
    amount: int
    status: str
    url: str


class StatisticsOut(Schema):
    name: str
    values: dict[str, int]
    online_share: float
    on_time_share: float


def _file(item: FileIn, field: str) -> Upload:
    upload = _upload(item)
    assert upload is not None
    return upload


@router.post("/online", response={201: DossierDetailOut, **ERRORS})
def online_save(request, payload: OnlineIn):
    """A citizen's draft (created, or updated with `dossier_id`): the e-form values by paper id and the papers'
    files (base64) by paper id. Files are checked now; completeness when submitting."""
    dossier = _dossier(request, payload.dossier_id) if payload.dossier_id else None
    saved = services.online_draft_save(
        actor=request.user,
        procedure=get_object_or_404(Procedure, code=payload.procedure_code, active=True),
        handling_agency=get_object_or_404(Agency, pk=payload.handling_agency_id),
        applicant=payload.applicant.dict(),
        form_data=payload.form_data,
        uploads={int(k): _file(v, f"paper_{k}") for k, v in payload.papers.items()},
        dossier=dossier,
    )
    return 201, saved


@router.post("/{int:dossier_id}/submit", response={200: DossierDetailOut, **ERRORS})
def online_submit(request, dossier_id: int):
    """Submit a draft, or resubmit after a completion request: every missing item is reported at once (422)."""
    return services.online_submit(actor=request.user, dossier=_dossier(request, dossier_id))


@router.post("/{int:dossier_id}/supplement", response={200: DossierDetailOut, **ERRORS})
def online_supplement(request, dossier_id: int, payload: SupplementIn):
    """The applicant's supplement during processing: the clock restarts (or resumes) at once."""
    return services.online_supplement(
        actor=request.user,
        dossier=_dossier(request, dossier_id),
        uploads=[_file(f, "files") for f in payload.files],
        note=payload.note,
        version=payload.version,
    )


@router.post("/{int:dossier_id}/payments", response={201: PaymentOut, **ERRORS})
def payment_start(request, dossier_id: int, provider: str = ""):
    """Start (or resume) the online payment of what is due: the answer's `url` is the provider's page. Without
    `provider`, the installation's default (CONGSO_PAYMENT_PROVIDER); 422 where online payment is not set up."""
    payment, url = services.payment_start(
        actor=request.user, dossier=_dossier(request, dossier_id), provider=provider
    )
    return 201, {
        "reference": payment.reference,
        "amount": payment.amount,
        "status": payment.status,
        "url": url,
    }


@router.post("/{int:dossier_id}/rating", response={201: dict[str, Any], **ERRORS})
def rate(request, dossier_id: int, payload: RatingIn):
    """The applicant's rating after the result is returned: scores "3" … "9" from 0 to 2."""
    rating = services.dossier_rate(
        actor=request.user,
        dossier=_dossier(request, dossier_id),
        scores=payload.scores,
        comment=payload.comment,
    )
    return 201, {"scores": rating.scores, "total": rating.total}


@router.get("/statistics", response=list[StatisticsOut])
def statistics(
    request,
    start: ReportDay,
    end: ReportDay,
    group: str = "agency",
):
    """Per agency, sector or procedure (group) for the period; the last row is the total."""
    from .selectors.statistics import GROUPS, dossier_statistics

    if group not in GROUPS:
        raise ValidationFailed(
            "group là agency, sector hoặc procedure.", details={"group": ["agency|sector|procedure"]}
        )
    rows, total = dossier_statistics(user=request.user, start=start, end=end, group=group)
    return [*rows, total] if rows else []


@router.get("/{int:dossier_id}/forms/{int:form_id}", response={200: None, 404: ErrorOut})
def form_file(request, dossier_id: int, form_id: int):
    """A stored form (Mẫu 02–04) of the dossier as PDF; Mẫu 01 is form 0."""
    from django.http import FileResponse

    dossier = _dossier(request, dossier_id)
    if form_id == 0 and services.receipt_ensure(dossier=dossier):
        field = dossier.receipt
    else:
        issued = dossier.forms.filter(pk=form_id).first()
        if issued is None:
            raise NotFound("Không có biểu mẫu này.")
        field = issued.file
    return FileResponse(field.open("rb"), content_type="application/pdf")
