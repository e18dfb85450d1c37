"""Online payment pages: the applicant starts a payment, the sandbox provider's page (demo and tests), and the
provider's return / notification address. The sandbox page checks the signature of the order it is given and
only ever returns to a path of this site, so it cannot be used to redirect elsewhere."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from congso.core.errors import ApplicationError

from . import services
from .models import Payment
from .payments import SandboxProvider, provider_enabled, provider_get
from .views_citizen import _citizen, _own


@_citizen
@require_POST
def pay(request, pk: int):
    dossier = _own(request, pk)
    try:
        _, url = services.payment_start(actor=request.user, dossier=dossier)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("citizen:detail", pk=dossier.pk)
    return redirect(url)


def _safe_return(request, url: str) -> bool:
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})


def sandbox(request):
    """The sandbox provider's page: the order, and two buttons (absent unless CONGSO_PAYMENT_SANDBOX is on)."""
    if not provider_enabled(SandboxProvider.code):
        raise Http404
    provider = provider_get(SandboxProvider.code)
    assert isinstance(provider, SandboxProvider)
    params = {k: request.GET.get(k, "") for k in ("ref", "amount", "desc", "return")}
    if (
        not request.GET.get("sig")
        or provider.sign(params) != request.GET.get("sig")
        or not _safe_return(request, params["return"])
    ):
        return HttpResponseBadRequest(_("The payment order is not signed."))
    if request.method == "POST":
        result = provider.result_params(
            reference=params["ref"],
            amount=int(params["amount"]),
            transaction_id=f"SBX{uuid.uuid4().hex[:12].upper()}",
            success=request.POST.get("decision") == "pay",
        )
        from urllib.parse import urlencode

        return redirect(f"{params['return']}?{urlencode(result)}")
    return render(
        request, "dossiers/payments/sandbox.html", {"order": params, "query": request.GET.urlencode()}
    )


@csrf_exempt
def provider_return(request, provider: str):
    """The provider's answer: the browser coming back (GET) or its server notifying us (POST, answered in JSON).
    Both go through the same idempotent service."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        payment = services.payment_callback(provider=provider, params={k: data.get(k, "") for k in data})
    except ApplicationError as exc:
        if request.method == "POST":
            return JsonResponse({"code": exc.code, "message": exc.message}, status=400)
        messages.error(request, exc.message)
        raise Http404(exc.message) from exc
    if request.method == "POST":
        return JsonResponse({"code": "ok", "status": payment.status})
    if payment.status == Payment.Status.PAID:
        messages.success(
            request,
            _("Payment received: %(amount)s đồng.") % {"amount": f"{payment.amount:,}".replace(",", ".")},
        )
    else:
        messages.warning(request, _("The payment was not completed."))
    if getattr(request.user, "kind", "") in ("citizen", "organization"):
        return redirect("citizen:detail", pk=payment.dossier_id)
    return redirect("lookup:lookup")
