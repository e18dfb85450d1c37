"""The /api/v1/ interface: wiring of the apps' routers, authentication and the one error shape."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from congso.accounts.api import router as accounts_router
from congso.accounts.services import token_use
from congso.core.errors import ApplicationError
from congso.documents.api import router as documents_router
from congso.dossiers.api import router as dossiers_router
from congso.organizations.api import router as organizations_router
from congso.procedures.api import router as procedures_router
from congso.signatures.api import router as signatures_router


class SessionAuth(APIKeyCookie):
    """The staff UI's session (with CSRF on unsafe methods). Citizens' sessions are not API credentials
    for staff data: the selectors' permission filters decide what they see."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class TokenAuth(HttpBearer):
    """Personal access tokens for scripts: Authorization: Bearer cs_…"""

    def authenticate(self, request, token):
        user = token_use(raw=token)
        if user is not None:
            request.user = user
            request.congso_token_auth = True  # a token may not mint tokens (accounts.api.create_token)
        return user


api = NinjaAPI(
    title="Công Sở API",
    version="1.0.0",
    description="API của nền tảng Công Sở. Xác thực bằng phiên đăng nhập (kèm CSRF) hoặc token cá nhân "
    "(Authorization: Bearer …). Lỗi luôn có dạng {code, message, details}.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    docs_url="/docs",
)
api.add_router("/organizations", organizations_router)
api.add_router("/accounts", accounts_router)
api.add_router("/documents", documents_router)
api.add_router("/procedures", procedures_router)
api.add_router("/dossiers", dossiers_router)
api.add_router("/signatures", signatures_router)


def _error(request, status: int, code: str, message: str, details=None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(ApplicationError)
def _application_error(request, exc: ApplicationError):
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    return _error(request, 422, "validation_error", "Dữ liệu gửi lên không hợp lệ.", {"errors": exc.errors})


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return _error(request, 401, "not_authenticated", "Cần đăng nhập hoặc token hợp lệ.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "Không tìm thấy.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(OverflowError)
def _number_too_large(request, exc):
    """An id or a number beyond 64 bits (SQLite cannot even bind it): bad input, not a server error."""
    return _error(request, 422, "validation_error", "Một giá trị số trong yêu cầu vượt quá giới hạn.")
