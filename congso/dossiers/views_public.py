"""The citizen's lookup (issue 4 §6): by dossier code plus the last 4 digits of the applicant's phone, so codes
cannot be enumerated; limited per address (`CONGSO_LOOKUP_RATE` failed lookups per 10 minutes). It shows the status
history at agency level, the appointment, and the electronic result once it is returned."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.core.errors import ApplicationError, RateLimited

from . import services
from .forms import LookupForm
from .models import Dossier
from .selectors import dossier_lookup, public_lookup
from .selectors.lookup import downloadable
from .views_citizen import rating_form_context, rating_scores


def _found(request, form: LookupForm) -> Dossier | None:
    """The dossier for a rating or a download (the model instance); None when not found or refused."""
    try:
        return services.limited_lookup(
            request.META.get("REMOTE_ADDR", ""),
            lambda: dossier_lookup(code=form.cleaned_data["code"], check_value=form.cleaned_data["check"]),
        )
    except RateLimited:
        return None


def lookup(request):
    form = LookupForm(request.GET or None)
    context: dict = {"form": form}
    status = 200
    if request.GET and form.is_valid():
        code, check = form.cleaned_data["code"], form.cleaned_data["check"]
        try:
            found = services.limited_lookup(
                request.META.get("REMOTE_ADDR", ""), lambda: public_lookup(code=code, check_value=check)
            )
        except RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            if found is None:
                form.add_error(None, _("No dossier matches this code and these digits."))
            else:
                context["dossier"] = found
                if found.rateable_here:
                    context.update(
                        rating_form_context(reverse("lookup:rate"), [("code", code), ("check", check)])
                    )
    return render(request, "dossiers/lookup.html", context, status=status)


def lookup_result(request):
    form = LookupForm(request.GET or None)
    if not form.is_valid():
        raise Http404
    dossier = _found(request, form)
    if dossier is None or not downloadable(dossier):
        raise Http404
    field = dossier.result_signed_file or dossier.result_file
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{dossier.code}-ket-qua.pdf")


@require_POST
def rate(request):
    """A desk applicant rates through the lookup: the code and the check value stand for the account."""
    form = LookupForm(request.POST)
    if not form.is_valid():
        raise Http404
    dossier = _found(request, form)
    if dossier is None or dossier.applicant_user_id is not None:
        raise Http404
    try:
        services.dossier_rate(
            actor=None,
            dossier=dossier,
            scores=rating_scores(request.POST),
            comment=request.POST.get("comment", ""),
            via_lookup=True,
        )
        messages.success(request, _("Thank you for your rating."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    query = urlencode({"code": form.cleaned_data["code"], "check": form.cleaned_data["check"]})
    return redirect(f"{reverse('lookup:lookup')}?{query}")


def public_home(request):
    """ "/" for anonymous visitors and citizens: find a procedure (folded search, by sector), start online, look up a
    dossier, see the board; a signed-in citizen also sees their latest dossiers. Registered with core (the staff
    get "Việc của tôi" at the same address)."""
    from congso.procedures.models import Procedure
    from congso.procedures.selectors import life_events_with_counts, procedure_list, sectors_with_counts

    from .selectors import own_dossiers

    sectors = sectors_with_counts(user=request.user)
    online = procedure_list(user=request.user).filter(online_level=Procedure.OnlineLevel.FULL)[:8]
    mine = []
    if request.user.is_authenticated and getattr(request.user, "kind", "") in ("citizen", "organization"):
        mine = list(own_dossiers(user=request.user).select_related("procedure")[:5])
    return render(
        request,
        "dossiers/public_home.html",
        {
            "events": life_events_with_counts(user=request.user),
            "sectors": sectors,
            "online": online,
            "mine": mine,
            "form": LookupForm(),
        },
    )
