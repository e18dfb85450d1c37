"""Log in with a username or an email address (case-insensitive, Unicode-normalised)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from congso.core.text import nfc

from .models import user_cache_key
from .selectors import user_by_login


def normalise_login(value: str | None) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", nfc(value or "")).strip().lower()


def axes_username(request, credentials) -> str:
    """The one lockout counter of an account: failures with its username and with its e-mail count together, and a
    success with either clears it (security finding 9: they were two counters, so an attacker alternated them).
    “Admin” and “admin ” are the same login; a login that names no account keeps its own counter."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None and request is not None:
        value = request.POST.get("username")
    login = normalise_login(value)
    user = user_by_login(login) if login else None
    return f"{ACCOUNT_KEY}{user.pk}" if user is not None else login


ACCOUNT_KEY = "account:"


def login_of_lockout_key(key: str) -> str:
    """The username behind a counter named by `axes_username` (for the audit entry and the owner's notice)."""
    if key.startswith(ACCOUNT_KEY) and key[len(ACCOUNT_KEY) :].isdigit():
        user = get_user_model().objects.filter(pk=int(key[len(ACCOUNT_KEY) :])).first()
        if user is not None:
            return normalise_login(user.username)
    return normalise_login(key)


class UsernameOrEmailBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user of a request. With a shared cache it is kept there for
        CONGSO_ACCOUNT_CACHE_SECONDS and dropped by User.save(); Django then checks the session's auth hash
        against it as usual, so a password change still ends other sessions."""
        ttl = settings.CONGSO_ACCOUNT_CACHE_SECONDS
        if not ttl:
            return super().get_user(user_id)
        key = user_cache_key(int(user_id))
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, ttl)
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = normalise_login(username)
        if not login or password is None:
            return None
        user = user_by_login(login)
        if user is None:
            get_user_model()().set_password(
                password
            )  # same work as a real check: no timing oracle for unknown logins
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
