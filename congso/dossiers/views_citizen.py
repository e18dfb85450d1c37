"""The citizen's side of the one-stop shop (/dich-vu-cong/): my dossiers, applying online (draft, submit, resubmit
after a completion request), uploading a supplement, withdrawing, the forms and the electronic result. Only
citizen and organisation accounts; each sees only their own dossiers (permissions.visible_dossiers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.core.errors import ApplicationError, NotFound
from congso.core.uploads import upload_from
from congso.core.views_errors import denied
from congso.procedures.models import Procedure

from . import services
from .models import Dossier, workflow
from .payments import default_provider_code
from .selectors import dossier_get, own_dossiers, public_history
from .selectors.ratings import dossier_rateable


def _citizen(view):
    def wrapped(request, *args, **kwargs):
        if getattr(request.user, "kind", "") not in ("citizen", "organization"):
            return denied(request, _("These pages are for citizens' and organisations' accounts."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


def _own(request, pk: int) -> Dossier:
    try:
        return dossier_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@_citizen
def mine(request):
    dossiers = own_dossiers(user=request.user)
    online = Procedure.objects.filter(active=True).exclude(online_level="none").order_by("name_sort")
    return render(request, "dossiers/citizen/mine.html", {"dossiers": dossiers[:200], "procedures": online})


@_citizen
def detail(request, pk: int):
    dossier = _own(request, pk)
    return render(
        request,
        "dossiers/citizen/detail.html",
        {
            "dossier": dossier,
            "history": public_history(dossier),
            "papers": dossier.papers.all(),
            "forms": dossier.forms.all(),
            "editable": workflow.editable_by_applicant(dossier),
            "supplement": workflow.awaiting_supplement(dossier),
            "completion": dossier.intervals.filter(ended_at__isnull=True).first(),
            "downloadable": workflow.result_returned(dossier)
            and bool(dossier.result_signed_file or dossier.result_file),
            "fee_lines": dossier.fee_lines.all(),
            "due": services.amount_due(dossier),
            "pay_online": bool(default_provider_code()),
            "refunds": dossier.refunds.all(),
            **rating_context(dossier, reverse("citizen:rate", args=[dossier.pk])),
        },
    )


@_citizen
@require_POST
def supplement(request, pk: int):
    dossier = _own(request, pk)
    try:
        uploads = [upload_from(f, "files") for f in request.FILES.getlist("files")]
        services.online_supplement(
            actor=request.user, dossier=dossier, uploads=uploads, note=request.POST.get("note", "")
        )
        messages.success(request, _("The supplement was received; the time limit runs again from now."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("citizen:detail", pk=dossier.pk)


def rating_context(dossier: Dossier, action: str, hidden: list[tuple[str, str]] | None = None) -> dict:
    return rating_form_context(action, hidden) if dossier_rateable(dossier) else {}


def rating_form_context(action: str, hidden: list[tuple[str, str]] | None = None) -> dict:
    """The rating form (TT 01/2018 Điều 13): the indices the applicant answers; 1 and 2 are computed."""
    from .models.ratings import COMPUTED, INDICES

    return {
        "rating_indices": [(n, label) for n, label in INDICES.items() if n not in COMPUTED],
        "rating_action": action,
        "rating_hidden": hidden or [],
    }


def rating_scores(post) -> dict[str, str]:
    return {key[1:]: value for key, value in post.items() if key.startswith("i") and key[1:].isdigit()}


@_citizen
@require_POST
def rate(request, pk: int):
    dossier = _own(request, pk)
    try:
        services.dossier_rate(
            actor=request.user,
            dossier=dossier,
            scores=rating_scores(request.POST),
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, _("Thank you for your rating."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("citizen:detail", pk=dossier.pk)


@_citizen
@require_POST
def withdraw(request, pk: int):
    dossier = _own(request, pk)
    try:
        services.dossier_withdraw(actor=request.user, dossier=dossier, reason=request.POST.get("reason", ""))
        messages.success(request, _("The dossier was withdrawn."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("citizen:detail", pk=dossier.pk)


@_citizen
def document(request, pk: int, what: str, item: int = 0):
    """The receipt (01), a form (02–04) or the returned electronic result of the citizen's own dossier."""
    dossier = _own(request, pk)
    if what == "mau-01" and services.receipt_ensure(dossier=dossier):
        field, name = dossier.receipt, f"{dossier.code}-mau-01.pdf"
    elif what == "mau" and (issued := dossier.forms.filter(pk=item).first()):
        field, name = issued.file, f"{dossier.code}-mau-{issued.code}.pdf"
    elif (
        what == "ket-qua"
        and workflow.result_returned(dossier)
        and (dossier.result_signed_file or dossier.result_file)
    ):
        field, name = dossier.result_signed_file or dossier.result_file, f"{dossier.code}-ket-qua.pdf"
    else:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=what == "ket-qua", filename=name)
