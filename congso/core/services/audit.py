"""audit_log(): the one way to write the append-only audit log, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .. import context
from ..models import AuditEntry


def _actor_repr(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    full_name = getattr(actor, "full_name", "") or ""
    return f"{full_name} ({actor.get_username()})" if full_name else actor.get_username()


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    agency_id: int | None = None,
    message: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. Call it from a service inside the same transaction as the change it records."""
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_repr=_actor_repr(actor)[:255],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        agency_id=agency_id,
        ip_address=ip_address or ctx.ip_address,
        user_agent=ctx.user_agent[:255],
        message=message,
        changes=changes or {},
    )
    entry.save()
    return entry
