"""The WSGI application: the client's address behind the reverse proxy, Django's handler, and a second handler with a shorter middleware chain for the stateless
public endpoints listed in settings.STATELESS_PATHS (docs/adr/0008-stateless-public-api.md).

Those endpoints are anonymous reads that answer JSON: they need no session, sign-in, CSRF check, messages, 2FA,
lockout or acting membership, and on the busiest one (the dossier lookup) that machinery was a tenth of the cost
of a request. They keep the security headers, the language, NFC input and the frame options
(settings.STATELESS_MIDDLEWARE). The paths are matched exactly, so nothing else can slip into the short chain.
"""

from __future__ import annotations

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler


class StatelessHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.STATELESS_MIDDLEWARE  # read by BaseHandler.load_middleware only
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def client_address(remote: str, forwarded_for: str, trusted: frozenset[str]) -> str:
    """The client's address. Behind a trusted reverse proxy (nginx appends the address it saw to X-Forwarded-For),
    walk that header from the right past our own proxies; the first other address is the client. Entries further
    left were written by the client and are not believed. A direct connection is its own address."""
    if remote not in trusted or not forwarded_for:
        return remote
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        if hop and hop not in trusted:
            return hop
    return remote


def application_with_stateless_paths(full: WSGIHandler):
    """The platform's WSGI application: REMOTE_ADDR set to the real client behind the trusted proxies
    (settings.CONGSO_TRUSTED_PROXIES), so that the audit log, the lockout and the lookup limit see citizens and
    officers rather than nginx; then the stateless paths to their short chain, everything else to Django's."""
    stateless = StatelessHandler()
    paths = frozenset(settings.STATELESS_PATHS)
    trusted = frozenset(settings.CONGSO_TRUSTED_PROXIES)

    def application(environ, start_response):
        if trusted:
            environ["REMOTE_ADDR"] = client_address(
                environ.get("REMOTE_ADDR", ""), environ.get("HTTP_X_FORWARDED_FOR", ""), trusted
            )
        if environ.get("PATH_INFO") in paths:
            return stateless(environ, start_response)
        return full(environ, start_response)

    return application
