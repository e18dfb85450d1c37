"""Pages of the documents module: incoming and outgoing lists, registration, drafting, the document page with
its actions and history, search, file downloads, and the "Việc của tôi" panel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.accounts.selectors import colleagues
from congso.core.errors import ApplicationError, NotFound, ValidationFailed
from congso.core.params import counted_page, parse_id
from congso.core.uploads import upload_from
from congso.core.views_errors import denied
from congso.organizations.models import Unit
from congso.organizations.selectors import agency_list

from . import permissions, services
from .forms import DirectForm, DraftForm, IncomingForm, SearchForm
from .models import Direction, Document, DocumentAssignment, OutboxMessage
from .selectors import deadline_badge, document_get, document_list, document_search


def _acting_agency_id(request) -> int | None:
    membership = getattr(request, "membership", None)
    return membership.agency_id if membership else None


def _get(request, pk: int) -> Document:
    try:
        return document_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _uploads(files) -> list[services.Upload]:
    return [upload_from(f) for f in files]


@login_required
def incoming_list(request):
    return _list(request, Direction.INCOMING, "documents/incoming_list.html")


@login_required
def outgoing_list(request):
    return _list(request, Direction.OUTGOING, "documents/outgoing_list.html")


def _list(request, direction: str, template: str):
    agency_id = _acting_agency_id(request)
    status = request.GET.get("status", "")
    qs = document_list(
        user=request.user,
        direction=direction,
        status=status if status in dict(Document.statuses_for(direction)) else "",
        agency_id=agency_id,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "statuses": Document.statuses_for(direction),
            "can_register": agency_id is not None
            and permissions.can_register_incoming(request.user, agency_id),
            "can_draft": agency_id is not None and permissions.can_create_draft(request.user, agency_id),
        },
    )


@login_required
def incoming_new(request, pk: int | None = None):
    """Register a document: typed in, uploaded, or one that arrived by exchange (pk)."""
    agency_id = _acting_agency_id(request)
    received = _get(request, pk) if pk else None
    if received is not None:
        agency_id = received.agency_id
    if agency_id is None or not permissions.can_register_incoming(request.user, agency_id):
        return denied(request, _("Only the records clerk registers incoming documents."))
    agencies = agency_list(user=request.user)
    initial = {}
    if received is not None:
        initial = {
            "issuer": str(received.issuer_id or ""),
            "issuer_name": received.issuer_name,
            "code_number": received.code_number,
            "code_notation": received.code_notation,
            "issued_date": received.issued_date,
            "document_type": received.document_type.code,
            "subject": received.subject,
            "signer_name": received.signer_name,
            "urgency": received.urgency,
            "secrecy": received.secrecy,
            "page_count": received.page_count,
            "due_date": received.due_date,
        }
    form = IncomingForm(request.POST or None, request.FILES or None, agencies=agencies, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        try:
            document = services.incoming_document_register(
                actor=request.user,
                agency_id=agency_id,
                data=data,
                files=_uploads(request.FILES.getlist("files")),
                issuer_id=int(data["issuer"]) if data.get("issuer") else None,
                allow_duplicate=data.get("allow_duplicate", False),
                document=received,
            )
        except ApplicationError as exc:
            if exc.code == "duplicate":
                duplicates = exc.details.get("duplicates", [])
            form.apply_error(exc)
        else:
            messages.success(request, _("Registered with arrival number %(n)s.") % {"n": document.number})
            return redirect(document.get_absolute_url())
    return render(
        request,
        "documents/incoming_form.html",
        {"form": form, "received": received, "duplicates": duplicates},
    )


@login_required
def outgoing_new(request):
    agency_id = _acting_agency_id(request)
    if agency_id is None or not permissions.can_create_draft(request.user, agency_id):
        return denied(request, _("You do not work in this agency."))
    agencies = [a for a in agency_list(user=request.user) if a.pk != agency_id]
    answers = [int(v) for v in request.GET.getlist("tra-loi") if v.isdigit()]
    replaces = request.GET.get("thay-the", "") or request.POST.get("replaces", "")
    form = DraftForm(
        request.POST or None, request.FILES or None, agencies=agencies, internal=_targets(agency_id)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = [{"agency_id": int(pk)} for pk in data["recipients"]]
        for value in data["internal_recipients"]:
            prefix, _sep, pk = value.partition(":")
            recipients.append({"unit_id" if prefix == "unit" else "user_id": int(pk)})
        for line in data["other_recipients"].splitlines():
            organ_id, _sep, name = line.partition(";") if ";" in line else ("", "", line)
            if line.strip():
                recipients.append({"organ_id": organ_id.strip(), "name": name.strip()})
        main = request.FILES.get("main_file")
        try:
            document = services.outgoing_draft_create(
                actor=request.user,
                agency_id=agency_id,
                data=data,
                main_file=_uploads([main])[0] if main else None,
                attachments=_uploads(request.FILES.getlist("attachments")),
                recipients=recipients,
                answers=[int(v) for v in request.POST.getlist("answers") if v.isdigit()],
            )
        except ApplicationError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(document.get_absolute_url())
    return render(
        request, "documents/draft_form.html", {"form": form, "answers": answers, "replaces": replaces}
    )


def _targets(agency_id: int):
    units = [
        (f"unit:{u.pk}", u.name)
        for u in Unit.objects.filter(agency_id=agency_id, valid_to__isnull=True).order_by("name_sort")
    ]
    people = [(f"user:{u.pk}", u.full_name) for u in colleagues(agency_id=agency_id)]
    # Grouped, so that a unit and a person are never mistaken for one another (docs/ui.md: grouped choices).
    return [(_("Units"), units), (_("People"), people)]


@login_required
def document_detail(request, pk: int):
    document = _get(request, pk)
    services.document_access_record(user=request.user, document=document, action="view")
    return _detail(request, document)


def _detail(request, document: Document, *, direct_form: DirectForm | None = None, status: int = 200):
    """The document's page; a refused direction comes back here with the leader's form as they typed it and its
    errors at their fields (status 400), instead of a redirect that would lose the text."""
    user = request.user
    assignments = list(document.assignments.select_related("unit", "user").order_by("kind", "pk"))
    for a in assignments:
        a.badge = deadline_badge(a.due_date) if a.status == DocumentAssignment.Status.OPEN else ""
        a.can_act = permissions.can_act_on_assignment(user, a)
        a.can_delegate = permissions.can_delegate(user, a)
        a.members = (
            list(colleagues(agency_id=document.agency_id, unit_id=a.unit_id)) if a.can_delegate else []
        )
    context = {
        "document": document,
        "files": document.files.all(),
        "signature": document.signature_result,
        "events": document.events.all(),
        "assignments": assignments,
        "recipients": document.recipients.prefetch_related(
            "statuses",
            Prefetch("outbox", queryset=OutboxMessage.objects.filter(kind="package").defer("payload")),
        ),
        "answers": document.answers.all(),
        "answered_by": document.answered_by.all(),
        "can_register": document.status == Document.Status.RECEIVED
        and permissions.can_register_incoming(user, document.agency_id),
        "can_answer": document.direction == Direction.INCOMING
        and document.status != Document.Status.RECEIVED,
        "drafting": document.status == Document.Status.DRAFTING,
        "can_submit": permissions.can_submit(user, document),
        "can_direct": permissions.can_direct(user, document),
        "can_edit": permissions.can_edit_draft(user, document),
        "can_review": permissions.can_review(user, document),
        "can_approve": permissions.can_approve(user, document),
        "can_issue": permissions.can_issue(user, document),
        "can_sign": permissions.can_sign(user, document) and not document.signature_result.get("personal"),
        "signing_request": _signing_request(user, document),
        "can_recall": permissions.can_recall(user, document),
        "today": timezone.localdate(),
        "accesses": document.accesses.all()[:50] if permissions.can_see_access_log(user, document) else None,
        "can_answer_change": bool(document.pending_change) and permissions.is_clerk(user, document.agency_id),
        "leaders": colleagues(agency_id=document.agency_id, role="leader"),
        "signing_authorities": Document.SigningAuthority.choices,
    }
    from .models import RecordFile

    context["record_files"] = [
        f
        for f in RecordFile.objects.filter(agency_id=document.agency_id, closed=False).order_by(
            "-year", "code"
        )[:200]
        if permissions.can_file_document(user, f, document)
    ]
    context["filed_in"] = document.record_files.all()
    if any(a.can_act for a in assignments):
        context["agency_colleagues"] = [
            u for u in colleagues(agency_id=document.agency_id) if u.pk != user.pk
        ]
    if context["can_direct"]:
        context["direct_form"] = direct_form or DirectForm(targets=_targets(document.agency_id))
    return render(request, "documents/document_detail.html", context, status=status)


def _act(request, document: Document, call, success: str):
    try:
        call()
    except ApplicationError as exc:
        messages.error(
            request,
            exc.message
            + "".join(
                f" {m}" for ms in exc.details.values() if isinstance(ms, list) for m in ms if m != exc.message
            ),
        )
    else:
        messages.success(request, success)
    return redirect(document.get_absolute_url())


def _leader(request, document):
    from congso.accounts.selectors import user_get_active_member

    return user_get_active_member(pk=request.POST.get("leader"), agency_id=document.agency_id)


@login_required
@require_POST
def document_submit(request, pk: int):
    document = _get(request, pk)
    comment = request.POST.get("comment", "")
    if document.direction == Direction.INCOMING:
        return _act(
            request,
            document,
            lambda: services.incoming_document_submit(
                actor=request.user, document=document, leader=_leader(request, document), comment=comment
            ),
            _("Submitted to the leader."),
        )
    return _act(
        request,
        document,
        lambda: services.outgoing_draft_submit(
            actor=request.user, document=document, leader=_leader(request, document), comment=comment
        ),
        _("Sent for review."),
    )


@login_required
@require_POST
def document_direct(request, pk: int):
    document = _get(request, pk)
    form = DirectForm(request.POST, targets=_targets(document.agency_id))
    if form.is_valid():
        try:
            services.incoming_document_direct(
                actor=request.user,
                document=document,
                instruction=form.cleaned_data["instruction"],
                assignments=form.assignments(),
                due_date=form.due(),
            )
        except ValidationFailed as exc:
            form.show_service_errors(exc.details or {"lead": [exc.message]})
        except ApplicationError as exc:  # not theirs to direct (any more): say so on the document's page
            messages.error(request, exc.message)
            return redirect(document.get_absolute_url())
        else:
            messages.success(request, _("The direction was recorded."))
            return redirect(document.get_absolute_url())
    return _detail(request, document, direct_form=form, status=400)


def _assignment(request, pk: int) -> DocumentAssignment:
    assignment = DocumentAssignment.objects.select_related("document").filter(pk=pk).first()
    if assignment is None or not permissions.can_view_document(request.user, assignment.document):
        raise Http404
    return assignment


@login_required
@require_POST
def assignment_delegate(request, pk: int):
    assignment = _assignment(request, pk)
    return _act(
        request,
        assignment.document,
        lambda: services.document_assignment_delegate(
            actor=request.user,
            assignment=assignment,
            user_id=request.POST.get("user"),
            comment=request.POST.get("comment", ""),
        ),
        _("Handed to the specialist."),
    )


@login_required
@require_POST
def assignment_complete(request, pk: int):
    assignment = _assignment(request, pk)
    return _act(
        request,
        assignment.document,
        lambda: services.document_assignment_complete(
            actor=request.user, assignment=assignment, result=request.POST.get("result", "")
        ),
        _("Marked as done."),
    )


@login_required
@require_POST
def assignment_forward(request, pk: int):
    assignment = _assignment(request, pk)
    return _act(
        request,
        assignment.document,
        lambda: services.document_assignment_forward(
            actor=request.user,
            assignment=assignment,
            user_id=request.POST.get("user"),
            comment=request.POST.get("comment", ""),
        ),
        _("Forwarded."),
    )


@login_required
@require_POST
def assignment_extension(request, pk: int):
    from .forms import ExtensionForm

    assignment = _assignment(request, pk)
    if "approve" in request.POST:
        return _act(
            request,
            assignment.document,
            lambda: services.document_assignment_decide_extension(
                actor=request.user,
                assignment=assignment,
                approve=request.POST["approve"] == "1",
                comment=request.POST.get("comment", ""),
            ),
            _("Your decision was recorded."),
        )
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(assignment.document.get_absolute_url())
    return _act(
        request,
        assignment.document,
        lambda: services.document_assignment_request_extension(
            actor=request.user,
            assignment=assignment,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        ),
        _("The extension was asked for."),
    )


@login_required
@require_POST
def document_add_version(request, pk: int):
    document = _get(request, pk)
    upload = request.FILES.get("main_file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect(document.get_absolute_url())
    return _act(
        request,
        document,
        lambda: services.outgoing_draft_add_version(
            actor=request.user,
            document=document,
            main_file=_uploads([upload])[0],
            comment=request.POST.get("comment", ""),
        ),
        _("A new version was saved."),
    )


@login_required
@require_POST
def document_review(request, pk: int):
    document = _get(request, pk)
    return _act(
        request,
        document,
        lambda: services.outgoing_draft_review(
            actor=request.user,
            document=document,
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
            signing_authority=request.POST.get("signing_authority"),
        ),
        _("Your review was recorded."),
    )


@login_required
@require_POST
def document_issue(request, pk: int):
    document = _get(request, pk)
    return _act(
        request,
        document,
        lambda: services.outgoing_document_issue(actor=request.user, document=document),
        _("The document was numbered and issued."),
    )


@login_required
@require_POST
def document_sign(request, pk: int):
    """The leader asks to sign with the token: the signing agent on their PC does it (docs/signing.md)."""
    document = _get(request, pk)
    return _act(
        request,
        document,
        lambda: services.outgoing_sign_request(actor=request.user, document=document),
        _("Sent to your signing agent: confirm on your PC with the token's PIN."),
    )


@login_required
@require_POST
def recipient_paper_sent(request, pk: int, recipient_pk: int):
    from .forms import PaperDispatchForm

    document = _get(request, pk)
    recipient = document.recipients.filter(pk=recipient_pk).first()
    if recipient is None:
        raise Http404
    form = PaperDispatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(document.get_absolute_url())
    return _act(
        request,
        document,
        lambda: services.outgoing_recipient_paper_sent(
            actor=request.user, recipient=recipient, sent_on=form.cleaned_data["sent_on"]
        ),
        _("The paper dispatch was recorded."),
    )


@login_required
@require_POST
def document_recall(request, pk: int):
    document = _get(request, pk)
    return _act(
        request,
        document,
        lambda: services.outgoing_document_recall(
            actor=request.user, document=document, reason=request.POST.get("reason", "")
        ),
        _("The recipients were asked to take the document back."),
    )


@login_required
@require_POST
def document_update(request, pk: int):
    document = _get(request, pk)
    upload = request.FILES.get("main_file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect(document.get_absolute_url())
    return _act(
        request,
        document,
        lambda: services.outgoing_document_update(
            actor=request.user,
            document=document,
            main_file=_uploads([upload])[0],
            reason=request.POST.get("reason", ""),
        ),
        _("The correction was sent to the recipients."),
    )


@login_required
@require_POST
def document_answer_change(request, pk: int):
    document = _get(request, pk)
    return _act(
        request,
        document,
        lambda: services.incoming_document_answer_change(
            actor=request.user,
            document=document,
            accept=request.POST.get("accept") == "1",
            reason=request.POST.get("reason", ""),
        ),
        _("Your answer was sent to the sender."),
    )


@login_required
def document_file(request, pk: int, file_pk: int):
    document = _get(request, pk)
    stored = document.files.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    services.document_access_record(
        user=request.user, document=document, action="download", detail=stored.name
    )
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=request.GET.get("xem") != "1",
        filename=stored.name,
        content_type=stored.content_type,
    )


@login_required
def search(request):
    from .models import SavedSearch

    if request.method == "POST":
        try:
            if request.POST.get("delete"):
                saved = SavedSearch.objects.filter(
                    pk=parse_id(request.POST["delete"]) or 0, user=request.user
                ).first()
                if saved is not None:
                    services.saved_search_delete(user=request.user, saved=saved)
            else:
                services.saved_search_save(
                    user=request.user,
                    name=request.POST.get("name", ""),
                    query_string=request.POST.get("query_string", ""),
                )
                messages.success(request, _("The search was saved."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?{request.POST.get('query_string', '')}")
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        qs = document_search(
            user=request.user,
            query=data["q"],
            direction=data["direction"],
            document_type=data["document_type"],
            issuer=data["issuer"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            status=data["status"],
            urgency=data["urgency"],
            order=data["order"] or "relevance",
        )
        page = counted_page(qs, request.GET.get("page"), per_page=30)
    return render(
        request,
        "documents/search.html",
        {
            "form": form,
            "page": page,
            "saved": SavedSearch.objects.filter(user=request.user),
            "query_string": request.GET.urlencode(),
        },
    )


def _signing_request(user: Any, document: Document) -> Any:
    """The leader's latest request to sign this draft (waiting for the agent, or why it failed)."""
    if document.status != Document.Status.APPROVED or document.leader_id != user.pk:
        return None
    from congso.signatures.selectors import signing_requests_of

    return signing_requests_of(user=user, target=f"documents.document:{document.pk}").first()
