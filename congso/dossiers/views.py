"""Staff pages of the one-stop shop: the officer's queue and the agency's dossiers, reception at the desk with its
three outcomes, the dossier page with its steps, history and actions, and the forms as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.accounts.selectors import colleagues
from congso.core.calendar import deadline_badge
from congso.core.errors import ApplicationError, NotFound
from congso.core.params import counted_page
from congso.core.uploads import upload_from
from congso.core.views_errors import denied
from congso.organizations.models import Agency
from congso.organizations.selectors import agency_list
from congso.procedures.selectors import procedure_list

from . import permissions, services
from .forms import ActionForm, ReceptionForm, lines
from .models import Dossier, DossierStep
from .selectors import dossier_get, dossier_list, my_queue


def _get(request, pk: int) -> Dossier:
    try:
        return dossier_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _desk_id(request) -> int | None:
    membership = getattr(request, "membership", None)
    if membership and permissions.can_receive_at(request.user, membership.agency_id):
        return membership.agency_id
    desks = request.user.agency_ids_with_role("one_stop_officer") if request.user.is_authenticated else set()
    return min(desks) if desks else None


LIST_FIELDS = (
    "pk",
    "code",
    "status",
    "applicant_name",
    "appointment_at",
    "procedure__name",
)  # what the list shows
QUEUE_SIZE = 20  # the most urgent first; the agency list below pages through everything


@login_required
def queue(request):
    query, status = request.GET.get("q", ""), request.GET.get("status", "")
    membership = getattr(request, "membership", None)
    side = "receiving" if request.GET.get("noi") == "tiep-nhan" else "handling"
    qs = dossier_list(
        user=request.user,
        agency_id=membership.agency_id if membership else None,
        side=side,
        query=query,
        status=status if status in Dossier.Status.values else "",
        overdue=request.GET.get("overdue") == "1",
    ).only(*LIST_FIELDS)
    return render(
        request,
        "dossiers/queue.html",
        {
            "items": my_queue(user=request.user, limit=QUEUE_SIZE),
            "queue_size": QUEUE_SIZE,
            # Rows link to "<prefix><pk>/": one reverse() for the page instead of one per row (docs/performance.md).
            "detail_prefix": reverse("dossiers:detail", args=[0])[:-2],
            # A search is one query for its page and total; the plain list keeps Paginator's index-only count.
            "page": counted_page(qs, request.GET.get("page"), per_page=20)
            if query
            else Paginator(qs, 20).get_page(request.GET.get("page")),
            "query": query,
            "status": status,
            "side": side,
            "agency": membership.agency if membership else None,
            "statuses": [c for c in Dossier.Status.choices if c[0] != Dossier.Status.DRAFT],
            "can_receive": _desk_id(request) is not None,
        },
    )


@login_required
def receive(request):
    desk_id = _desk_id(request)
    if desk_id is None:
        return denied(request, _("Only a one-stop officer receives dossiers."))
    desk = Agency.objects.get(pk=desk_id)
    procedures = list(procedure_list(user=request.user).filter(active=True).order_by("code"))
    agencies = list(
        agency_list(user=request.user).filter(kind__in={k for p in procedures for k in p.agency_kinds})
    )
    form = ReceptionForm(
        request.POST or None,
        procedures=procedures,
        agencies=agencies,
        initial={
            "handling_agency": str(desk_id),
            "channel": "direct",
            "outcome": "accept",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "actor": request.user,
            "receiving_agency": desk,
            "procedure": next(p for p in procedures if p.code == data["procedure"]),
            "channel": data["channel"],
            "applicant": form.applicant(),
            "handling_agency": next(a for a in agencies if str(a.pk) == data["handling_agency"]),
            "postal_reference": data["postal_reference"],
        }
        try:
            if data["outcome"] == "accept":
                dossier = services.dossier_receive(**kwargs)
                messages.success(request, _("Dossier %(code)s was accepted.") % {"code": dossier.code})
            elif data["outcome"] == "incomplete":
                dossier = services.dossier_receive_incomplete(
                    items=lines(data["items"]), reason=data["reason"], **kwargs
                )
                messages.info(request, _("The supplement request (Mẫu 02) is ready to print."))
            else:
                dossier = services.dossier_receive_refused(reason=data["reason"], **kwargs)
                messages.info(request, _("The refusal (Mẫu 03) is ready to print."))
            return redirect("dossiers:detail", pk=dossier.pk)
        except ApplicationError as exc:
            form.apply_error(exc)
    return render(request, "dossiers/receive.html", {"form": form, "desk": desk})


@login_required
def detail(request, pk: int):
    dossier = _get(request, pk)
    actions = permissions.available_actions(request.user, dossier)
    following = actions["following"]
    context = {
        "dossier": dossier,
        "steps": dossier.steps.select_related("agency", "assignee", "finished_by"),
        "events": dossier.events.all(),
        "intervals": dossier.intervals.all(),
        "forms": dossier.forms.all(),
        "papers": dossier.papers.all(),
        "fee_lines": dossier.fee_lines.select_related("payment"),
        "due": services.amount_due(dossier),
        "refunds": dossier.refunds.all(),
        "actions": actions,
        "appointment_badge": deadline_badge(dossier.appointment_at) if dossier.is_open else "",
        "return_methods": Dossier.ReturnMethod.choices,
    }
    if actions["forward"] and following is not None:
        if following.cross_agency:
            context["agencies"] = agency_list(user=request.user).exclude(kind="")
        else:
            context["assignees"] = colleagues(agency_id=following.agency_id, role=following.role)
    return render(request, "dossiers/detail.html", context)


ACTIONS = {
    "accept": lambda d, u, f, x: services.dossier_accept(actor=u, dossier=d, **x),
    "complete": lambda d, u, f, x: services.dossier_request_completion(
        actor=u, dossier=d, items=lines(f["items"]), reason=f["reason"], **x
    ),
    "refuse": lambda d, u, f, x: services.dossier_refuse(actor=u, dossier=d, reason=f["reason"], **x),
    "forward": lambda d, u, f, x: services.dossier_forward(
        actor=u,
        dossier=d,
        comment=f["comment"],
        assignee=colleagues(agency_id=_following(d).agency_id).filter(pk=f["assignee"]).first()
        if f["assignee"]
        else None,
        agencies=list(Agency.objects.filter(pk__in=f["agencies"])),
        lead_agency=Agency.objects.filter(pk=f["lead_agency"]).first() if f["lead_agency"] else None,
        **x,
    ),
    "opinion": lambda d, u, f, x: services.dossier_give_opinion(
        actor=u,
        dossier=d,
        step=DossierStep.objects.get(dossier=d, pk=f["step"] or 0),
        comment=f["comment"],
        **x,
    ),
    "send_back": lambda d, u, f, x: services.dossier_send_back(actor=u, dossier=d, reason=f["reason"], **x),
    "supplement": lambda d, u, f, x: services.dossier_request_supplement(
        actor=u, dossier=d, items=lines(f["items"]), reason=f["reason"], **x
    ),
    "supplement_received": lambda d, u, f, x: services.dossier_supplement_received(
        actor=u, dossier=d, note=f["comment"], **x
    ),
    "payment": lambda d, u, f, x: services.dossier_request_payment(
        actor=u, dossier=d, reason=f["reason"], amount=f["amount"], **x
    ),
    "pay_desk": lambda d, u, f, x: services.fee_pay_at_desk(
        actor=u, dossier=d, receipt_number=f["comment"], **x
    ),
    "payment_received": lambda d, u, f, x: services.dossier_payment_received(
        actor=u, dossier=d, note=f["comment"], **x
    ),
    "extend": lambda d, u, f, x: services.dossier_extend(
        actor=u, dossier=d, new_date=f["new_date"], reason=f["reason"], **x
    ),
    "stop": lambda d, u, f, x: services.dossier_stop(actor=u, dossier=d, reason=f["reason"], **x),
    "withdraw": lambda d, u, f, x: services.dossier_withdraw(actor=u, dossier=d, reason=f["reason"], **x),
    "approve": lambda d, u, f, x: services.dossier_approve(
        actor=u, dossier=d, result_summary=f["result_summary"], result_file=f["upload"], **x
    ),
    "return": lambda d, u, f, x: services.dossier_return_result(
        actor=u, dossier=d, method=f["method"], note=f["comment"], **x
    ),
}


def _following(dossier: Dossier) -> DossierStep:
    current = services.current_step(dossier)
    following = dossier.steps.filter(order=current.order + 1, lead=True).first()
    if following is None:
        raise NotFound(_("There is no next step."))
    return following


@login_required
@require_POST
def act(request, pk: int, action: str):
    dossier = _get(request, pk)
    run = ACTIONS.get(action)
    if run is None:
        raise Http404
    form = ActionForm(request.POST, request.FILES, agency_ids=request.POST.getlist("agencies"))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("dossiers:detail", pk=dossier.pk)
    data = dict(form.cleaned_data)
    upload = data.pop("result_file")
    try:
        data["upload"] = upload_from(upload, "result_file") if upload else None
        run(dossier, request.user, data, {"version": data["version"]})
    except (ApplicationError, DossierStep.DoesNotExist) as exc:
        messages.error(request, getattr(exc, "message", _("No such step.")))
    else:
        messages.success(request, _("Done: %(code)s.") % {"code": dossier.code})
    return redirect("dossiers:detail", pk=dossier.pk)


def _pdf(field, filename: str) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), content_type="application/pdf", filename=filename)


@login_required
def receipt(request, pk: int):
    dossier = _get(request, pk)
    return _pdf(services.receipt_ensure(dossier=dossier), f"{dossier.code}-mau-01.pdf")


@login_required
def issued_form(request, pk: int, form_pk: int):
    dossier = _get(request, pk)
    issued = dossier.forms.filter(pk=form_pk).first()
    if issued is None:
        raise Http404
    return _pdf(issued.file, f"{dossier.code}-mau-{issued.code}.pdf")


@login_required
def control_sheet(request, pk: int):
    dossier = _get(request, pk)
    response = HttpResponse(services.control_sheet(dossier=dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-mau-05.pdf"'
    return response


@login_required
def result(request, pk: int):
    dossier = _get(request, pk)
    field = dossier.result_signed_file or dossier.result_file
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{dossier.code}-ket-qua.pdf")


@login_required
def paper(request, pk: int, paper_pk: int):
    dossier = _get(request, pk)
    item = dossier.papers.filter(pk=paper_pk).first()
    if item is None:
        raise Http404
    return FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.filename)
