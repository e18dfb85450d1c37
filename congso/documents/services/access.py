"""The access log of documents (who viewed, who downloaded)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from ..models import Document, DocumentAccess
from .common import actor_name

WINDOW = timedelta(minutes=10)


def document_access_record(
    *, user: Any, document: Document, action: str, detail: str = ""
) -> DocumentAccess | None:
    """Record a view or a download; a repeat by the same person within 10 minutes is not written again."""
    since = timezone.now() - WINDOW
    if DocumentAccess.objects.filter(
        document=document, user=user, action=action, detail=detail[:255], at__gte=since
    ).exists():
        return None
    return DocumentAccess.objects.create(
        document=document, user=user, user_name=actor_name(user), action=action, detail=detail[:255]
    )
