"""Log in with a username or an email address (case-insensitive, Unicode-normalised)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from congso.core.text import nfc


def normalise_login(value: str | None) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", nfc(value or "")).strip().lower()


def axes_username(request, credentials) -> str:
    """Axes counts failures per normalised login, so “Admin” and “admin ” share one counter."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None and request is not None:
        value = request.POST.get("username")
    return normalise_login(value)


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = normalise_login(username)
        if not login or password is None:
            return None
        User = get_user_model()
        user = User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).order_by("pk").first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle for unknown logins
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
