"""Saved searches: a name and the query string of the search page, per user."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.text import clean_text

from ..models import SavedSearch

ALLOWED_KEYS = {
    "q",
    "direction",
    "document_type",
    "issuer",
    "date_from",
    "date_to",
    "status",
    "urgency",
    "order",
}


@transaction.atomic
def saved_search_save(*, user: Any, name: str, query_string: str) -> SavedSearch:
    name = clean_text(name)[:100]
    if not name:
        raise ValidationFailed(_("Name the search."), details={"name": [_("Name the search.")]})
    pairs = [(k, clean_text(v)) for k, v in parse_qsl(query_string or "") if k in ALLOWED_KEYS and v.strip()]
    if not pairs:
        raise ValidationFailed(
            _("Search for something first."), details={"query_string": [_("Search for something first.")]}
        )
    saved, _created = SavedSearch.objects.update_or_create(
        user=user, name=name, defaults={"query_string": urlencode(pairs)[:1000]}
    )
    return saved


@transaction.atomic
def saved_search_delete(*, user: Any, saved: SavedSearch) -> None:
    if saved.user_id != user.pk:
        raise PermissionDenied(_("This saved search is not yours."))
    saved.delete()
