"""Shared pieces of the document services: the history writer, numbering, metadata validation, search text."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.text import clean_text, fold, nfc

from ..models import Document, DocumentEvent, DocumentType, Register, RegisterCounter

SUBJECT_MAX = 500  # NĐ 30/2020 Phụ lục VI: Subject ≤ 500 characters


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def actor_name(actor: Any) -> str:
    if actor is None:
        return ""
    return (getattr(actor, "full_name", "") or actor.get_username())[:255]


def record_event(
    document: Document, actor: Any, action: str, comment: str = "", **data: Any
) -> DocumentEvent:
    """The one helper for a change of a document: its history event and its audit entry (`document.<action>`), in
    the caller's transaction."""
    from congso.core.services import audit_log

    event = DocumentEvent.objects.create(
        document=document,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=actor_name(actor),
        action=action,
        comment=nfc(comment or ""),
        data=data,
    )
    audit_log(
        actor=actor,
        action=f"document.{action}",
        obj=document,
        agency_id=document.agency_id,
        message=event.comment,
        changes=data,
    )
    return event


def take_number(register: Register, year: int) -> int:
    """The next number of `register` in `year` (NĐ 30/2020 Điều 15: from 01 on 1 January, unique in the year).
    The counter row stays locked until the caller's transaction ends, so two clerks never get the same number,
    and a failed issue or registration rolls the counter back with it: no number is burnt silently."""
    _, created = RegisterCounter.objects.get_or_create(register=register, year=year)
    counter = RegisterCounter.objects.select_for_update().get(register=register, year=year)
    if created:
        # A register and year numbered before the counter existed (documents imported from an older system)
        # continues after the highest number it holds.
        highest = Document.objects.filter(register=register, year=year).aggregate(Max("number"))[
            "number__max"
        ]
        counter.last_number = max(counter.last_number, highest or 0)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def refresh_search_text(document: Document) -> None:
    """The folded text every search reads (core.text.fold: lower-case, no marks, đ → d), files included."""
    parts = [
        document.subject,
        document.code,
        document.code_number,
        document.issuer_name,
        document.signer_name,
        document.document_type.name if document.document_type_id else "",
        document.instruction,
    ]
    parts += [f.text for f in document.files.all()]
    document.search_text = fold(" ".join(p for p in parts if p))
    document.subject_folded = fold(document.subject)[:500]
    Document.objects.filter(pk=document.pk).update(
        search_text=document.search_text, subject_folded=document.subject_folded
    )


def _text(data: dict[str, Any], field: str, *, required: bool = False, max_length: int = 255) -> str:
    value = data.get(field)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(_("Invalid value."), details={field: [_("Expected text.")]})
    cleaned = clean_text(value) if max_length <= 255 else nfc(value).strip()
    if required and not cleaned:
        raise ValidationFailed(_("This field is required."), details={field: [_("This field is required.")]})
    if len(cleaned) > max_length:
        raise ValidationFailed(
            _("Text is too long."), details={field: [_("At most %(n)s characters.") % {"n": max_length}]}
        )
    return cleaned


def _date(data: dict[str, Any], field: str, *, required: bool = False) -> date | None:
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise ValidationFailed(
                _("This field is required."), details={field: [_("This field is required.")]}
            )
        return None
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, str) and "/" in value:
            day, month, year = (int(part) for part in value.split("/"))
            return date(year, month, day)
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("Invalid date."), details={field: [_("Enter a date as dd/mm/yyyy.")]}
        ) from None


def _choice(data: dict[str, Any], field: str, choices: Any, default: str) -> str:
    value = data.get(field) or default
    if value not in choices.values:
        raise ValidationFailed(_("Invalid value."), details={field: [_("Choose one of the listed values.")]})
    return value


def clean_metadata(data: dict[str, Any], *, incoming: bool) -> dict[str, Any]:
    """Validate the metadata of a document (NĐ 30/2020 Phụ lục VI); raise ValidationFailed naming each field."""
    type_code = data.get("document_type")
    document_type = DocumentType.objects.filter(code=type_code, active=True).first() if type_code else None
    errors: dict[str, list[str]] = {}
    if document_type is None:
        errors["document_type"] = [_("Choose a document type.")]
    cleaned: dict[str, Any] = {}
    checks = [
        ("subject", lambda: _text(data, "subject", required=True, max_length=SUBJECT_MAX)),
        ("code_number", lambda: _text(data, "code_number", required=incoming, max_length=20)),
        ("code_notation", lambda: _text(data, "code_notation", max_length=80)),
        ("issuer_name", lambda: _text(data, "issuer_name")),
        ("signer_name", lambda: _text(data, "signer_name", max_length=150)),
        ("signer_position", lambda: _text(data, "signer_position", max_length=150)),
        ("issued_date", lambda: _date(data, "issued_date", required=incoming)),
        ("due_date", lambda: _date(data, "due_date")),
        ("urgency", lambda: _choice(data, "urgency", Document.Urgency, Document.Urgency.NORMAL)),
        ("secrecy", lambda: _choice(data, "secrecy", Document.Secrecy, Document.Secrecy.NONE)),
        (
            "signing_authority",
            lambda: _choice(
                data, "signing_authority", Document.SigningAuthority, Document.SigningAuthority.NONE
            ),
        ),
    ]
    for field, check in checks:
        try:
            cleaned[field] = check()
        except ValidationFailed as exc:
            errors.update(exc.details)
    try:
        raw_pages = data.get("page_count")
        pages = 1 if raw_pages in (None, "") else int(raw_pages)
        if not 1 <= pages <= 100_000:
            raise ValueError
        cleaned["page_count"] = pages
    except (TypeError, ValueError):
        errors["page_count"] = [_("Enter a number of pages from 1.")]
    code_number = cleaned.get("code_number", "")
    if code_number and (" " in code_number or "/" in code_number):
        errors["code_number"] = [_("The number has no spaces and no “/”; write the symbol separately.")]
    notation = cleaned.get("code_notation", "")
    if notation and " " in notation:
        errors["code_notation"] = [_("The symbol has no spaces (NĐ 30/2020 Phụ lục I), e.g. KH-UBND.")]
    issued = cleaned.get("issued_date")
    if issued and issued > timezone.localdate():
        errors["issued_date"] = [_("The issue date is in the future.")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, details=errors)
    cleaned["document_type"] = document_type
    return cleaned
