"""The application's error hierarchy. One handler maps these to the API shape {code, message, details}
and views map them to form errors. Messages are Vietnamese through gettext."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError


class ApplicationError(Exception):
    code = "application_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationFailed(ApplicationError):
    code = "validation_error"
    status = 422

    @classmethod
    def from_django(cls, exc: DjangoValidationError) -> ValidationFailed:
        if hasattr(exc, "error_dict"):
            details = {
                field: [str(message) for error in errors for message in error.messages]
                for field, errors in exc.error_dict.items()
            }
        else:
            details = {"__all__": [str(m) for m in exc.messages]}
        first = next(iter(details.values()))[0] if details else str(exc)
        return cls(first, details=details)


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


class Conflict(ApplicationError):
    code = "conflict"
    status = 409


class RateLimited(ApplicationError):
    code = "rate_limited"
    status = 429
