"""Pages of accounts: sign-in, sign-out, profile, acting membership, 2FA, tokens, the audit log page."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from congso.core.errors import ApplicationError
from congso.core.params import parse_id
from congso.core.selectors import audit_action_list, audit_entry_list

from . import services
from .forms import AuditFilterForm, HomeAreaForm, LoginForm, OtpForm, TokenForm
from .permissions import audit_scope, can_view_audit_log
from .selectors import living_areas, token_list


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django's LoginView puts the request's host ("127.0.0.1:8000") in site_name: keep the platform's name.
        context["site_name"] = settings.CONGSO_SITE_NAME
        # Sent here from a page that needs an account: say so, and what for.
        target = context.get("next") or ""
        context["sent_from"] = target if target and target != "/" else ""
        context["citizen_target"] = target.startswith("/dich-vu-cong/")
        return context


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def profile(request, area_form=None, status=200):
    token_form = TokenForm()
    new_token = request.session.pop("new_token", None)
    if area_form is None and request.user.kind != "staff":
        area_form = HomeAreaForm(areas=living_areas(), initial={"home_area": request.user.home_area_id})
    return render(
        request,
        "accounts/profile.html",
        {
            "area_form": area_form,
            "tokens": token_list(user=request.user),
            "token_form": token_form,
            "new_token": new_token,
            "memberships": request.user.memberships.select_related("agency", "unit").prefetch_related(
                "role_rows", "agency__name_versions"
            ),
        },
        status=status,
    )


@login_required
@require_POST
def home_area(request):
    """A citizen's commune or ward (their account page): the competent agency is proposed from it."""
    form = HomeAreaForm(request.POST, areas=living_areas())
    if form.is_valid():
        try:
            services.home_area_set(user=request.user, area_id=form.cleaned_data["home_area"])
        except ApplicationError as exc:
            form.add_error("home_area", exc.message)
        else:
            messages.success(request, _("Your place of residence was saved."))
            return redirect("accounts:profile")
    return profile(request, area_form=form, status=400)


@login_required
@require_POST
def switch_membership(request):
    try:
        membership = services.membership_switch(
            user=request.user,
            session=request.session,
            membership_id=parse_id(request.POST.get("membership")) or 0,
        )
    except (ApplicationError, ValueError):
        messages.error(request, _("This position is not one of yours."))
    else:
        messages.success(request, _("You are now acting as %(m)s.") % {"m": membership})
    return redirect(_safe_next(request))


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            request.session["new_token"] = raw
    else:
        messages.error(
            request,
            _("Please correct the errors below.")
            + " "
            + "; ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        services.token_revoke(user=request.user, token_id=token_id)
        messages.success(request, _("The token was revoked."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:profile")


@login_required
def two_factor(request):
    """Set up (first time) or confirm a TOTP code; required for administrators."""
    user = request.user
    has_device = services.totp_has_confirmed_device(user=user)
    if request.method == "POST" and request.POST.get("action") == "setup" and not has_device:
        # The key is made on a POST only: a GET (a prefetch, a link) never writes (security finding 17).
        services.totp_device_for_setup(user=user)
        return redirect(request.get_full_path())
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.totp_confirm_or_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            messages.success(request, _("Two-step verification confirmed."))
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    context = {"form": form, "has_device": has_device, "next": _safe_next(request)}
    if not has_device:
        device = services.totp_pending_device(user=user)
        if device is None:
            context["start_setup"] = True
        else:
            context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
            context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(request, "accounts/two_factor.html", context)


@login_required
def audit_log(request):
    if not can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entry_list(
        agency_ids=audit_scope(request.user),
        action=filters.get("action", ""),
        actor=filters.get("actor", ""),
        object_query=filters.get("q", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "actions": audit_action_list(),
            "query": query.urlencode(),
        },
    )
