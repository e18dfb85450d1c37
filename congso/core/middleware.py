"""Request-level plumbing of core: NFC normalisation of every text input (control characters dropped), and the
audit request context."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from . import context
from .text import input_text


def _nfc_querydict(data: QueryDict) -> QueryDict:
    normalised = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        normalised.setlist(
            input_text(key), [input_text(value) if isinstance(value, str) else value for value in values]
        )
    normalised._mutable = False
    return normalised


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the cookie set by /i18n/setlang/). Unlike Django's
    LocaleMiddleware it ignores the browser's Accept-Language: many office computers run an English browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NfcInputMiddleware:
    """Every text the user sends (query string and form fields) reaches views in Unicode NFC.
    JSON bodies are normalised by the API's base schema (config/api.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _nfc_querydict(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _nfc_querydict(request.POST)
        ip = request.META.get("REMOTE_ADDR")
        token = context.set_current(
            context.RequestContext(ip_address=ip, user_agent=request.META.get("HTTP_USER_AGENT", "")[:255])
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)

    def process_exception(self, request, exception):
        """A number in the address or the input beyond 64 bits (a forged link: SQLite cannot even bind it) finds
        nothing: 404, not a server error. The API answers such input with a 422 (config/api.py)."""
        if isinstance(exception, OverflowError):
            from .views_errors import not_found

            return not_found(request)
        return None


PRIVATE_PREFIXES = ("/api/", "/media/")
PRIVATE_TYPES = ("application/json", "application/pdf", "application/vnd.", "application/xml", "image/")


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response (scripts only from this site: no inline script, no CDN), and
    `Cache-Control: private, no-store` on whatever is personal — pages of a signed-in user, API answers, files —
    so that neither a shared proxy nor the browser's back button on a shared office computer keeps a copy
    (security finding 13). A view that sets its own Cache-Control (the public board) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONGSO_CONTENT_SECURITY_POLICY)
        if "Cache-Control" not in response.headers and self._private(request, response):
            response.headers["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _private(request, response) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        content_type = response.headers.get("Content-Type", "")
        return request.path.startswith(PRIVATE_PREFIXES) or content_type.startswith(PRIVATE_TYPES)


class RequestSizeMiddleware:
    """A request whose declared body exceeds CONGSO_MAX_REQUEST_BYTES is answered 413 before a byte of it is read
    (security finding 6: a 400 MB upload was read into the worker, 135 → 522 MB). Each file is then checked against
    its own limit before it is read (core.uploads.upload_from). The nginx example uses the same figure."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.CONGSO_MAX_REQUEST_BYTES
        if declared > limit:
            from .views_errors import too_large

            return too_large(request, limit)
        return self.get_response(request)


class WorkCacheMiddleware:
    """After any write by a signed-in person (a POST, PUT, PATCH or DELETE, from a page or the API), their cached
    "Việc của tôi" is dropped (core.work.forget): the home shows at once what they just did."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                from .work import forget

                forget(user)
        return response
