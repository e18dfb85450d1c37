"""Request plumbing of accounts: the acting membership, the staff-only area, and 2FA for administrators."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .services import ACTING_MEMBERSHIP_SESSION_KEY

# Paths any signed-in account may reach; everything else is the staff area (deny by default for citizens).
PUBLIC_PREFIXES = (
    "/static/",
    "/media/",
    "/healthz",
    "/i18n/",
    "/api/",
    "/favicon.ico",
    "/thu-tuc/",
    "/tra-cuu/",
    "/thanh-toan/",
    "/xac-thuc/",
)
# Every account's own pages: its profile, a citizen's dossiers, and its notifications (a citizen is told of every
# change of their dossier there; the views show only the signed-in user's own).
ACCOUNT_PREFIXES = ("/tai-khoan/", "/dich-vu-cong/", "/thong-bao/")
TWO_FACTOR_PREFIXES = ("/tai-khoan/hai-buoc/", "/tai-khoan/dang-xuat/")


def _acting(request):
    user = request.user
    if not user.is_authenticated or not hasattr(user, "active_memberships"):
        return None
    memberships = user.active_memberships()
    wanted = request.session.get(ACTING_MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if membership.pk == wanted:
            return membership
    return memberships[0] if memberships else None


class SessionRefreshMiddleware:
    """Sliding session expiry: a signed-in session is saved again (extending SESSION_COOKIE_AGE) when it was
    last saved more than CONGSO_SESSION_REFRESH_SECONDS ago, instead of on every request."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= settings.CONGSO_SESSION_REFRESH_SECONDS:
                request.session[self.KEY] = now
        return self.get_response(request)


class ActingMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: _acting(request))
        return self.get_response(request)


class StaffAreaMiddleware:
    """Citizen and organisation accounts never reach staff pages, whatever a view forgets to check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "kind", "staff") != "staff"
            and request.path != "/"  # the public home (core.views.home shows staff work only to the staff)
            and not request.path.startswith(PUBLIC_PREFIXES + ACCOUNT_PREFIXES)
        ):
            return HttpResponseForbidden(
                render_to_string(
                    "403.html",
                    {"request": request, "reason": _("This page is for the agencies' staff.")},
                    request=request,
                )
            )
        return self.get_response(request)


class AdminTwoFactorMiddleware:
    """Administrators must confirm a TOTP code (django-otp) before anything else in the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.CONGSO_OTP_REQUIRED_FOR_ADMINS
            and user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            and not user.is_verified()
            and not request.path.startswith(TWO_FACTOR_PREFIXES + PUBLIC_PREFIXES[:4])
        ):
            if request.headers.get("HX-Request"):
                return HttpResponse(status=204)  # background fragments (the bell) wait until 2FA is confirmed
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "two_factor_required",
                        "message": "Cần xác thực hai bước trước khi dùng API.",
                        "details": {},
                    },
                    status=403,
                )
            return redirect(f"/tai-khoan/hai-buoc/?next={request.get_full_path()}")
        return self.get_response(request)
