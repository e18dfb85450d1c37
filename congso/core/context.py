"""Per-request context that the audit log reads (client address and user agent), set by middleware."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "congso_request",
    default=RequestContext(),  # noqa: B039 - frozen, immutable
)


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
