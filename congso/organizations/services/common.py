"""Helpers shared by the organisation services: validation into ValidationFailed, permission check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.text import clean_text, is_nfc

from ..permissions import can_change_structure


def require_structure_permission(actor: Any) -> None:
    """`actor=None` is the operator at the command line (trusted); anyone else needs the permission."""
    if actor is not None and not can_change_structure(actor):
        raise PermissionDenied(_("Only a system administrator may change the organisation structure."))


def text_field(value: Any, field: str, *, required: bool = True, max_length: int | None = None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(_("Invalid value."), details={field: [_("Expected text.")]})
    cleaned = clean_text(value)
    if required and not cleaned:
        raise ValidationFailed(_("This field is required."), details={field: [_("This field is required.")]})
    if max_length and len(cleaned) > max_length:
        raise ValidationFailed(
            _("Text is too long."), details={field: [_("At most %(n)s characters.") % {"n": max_length}]}
        )
    return cleaned


def strict_nfc(value: str, field: str) -> None:
    """Services called directly (not through a form or the API) refuse text that is not NFC."""
    if isinstance(value, str) and not is_nfc(value):
        raise ValidationFailed(
            _("Text must be in Unicode NFC form."), details={field: [_("Text must be in Unicode NFC form.")]}
        )


def full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed.from_django(exc) from exc
