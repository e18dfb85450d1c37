"""The WSGI application: Django's handler, plus a second handler with a shorter middleware chain for the stateless
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


def application_with_stateless_paths(full: WSGIHandler):
    stateless = StatelessHandler()
    paths = frozenset(settings.STATELESS_PATHS)

    def application(environ, start_response):
        if environ.get("PATH_INFO") in paths:
            return stateless(environ, start_response)
        return full(environ, start_response)

    return application
