"""Reads owned by core. Scoping by agency is decided by the caller's permission module and passed in."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .errors import ValidationFailed
from .models import AuditEntry, HolidayOverride, Notification, NotificationPreference
from .registry import NOTIFICATION_KINDS
from .scope import EVERYWHERE
from .text import clean_text, fold


def audit_entry_list(
    *,
    agency_ids: Any,
    action: str = "",
    actor: str = "",
    object_query: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, of `agency_ids` (a list of ids, or scope.EVERYWHERE for a system administrator;
    None reads nothing)."""
    qs = AuditEntry.objects.all()
    if agency_ids is not EVERYWHERE:
        qs = qs.filter(agency_id__in=list(agency_ids or ()))
    if action:
        qs = qs.filter(action__startswith=clean_text(action))
    if actor:
        qs = qs.filter(actor_folded__contains=fold(actor))
    if object_query:
        term = clean_text(object_query)
        qs = qs.filter(Q(search_folded__contains=fold(term)) | Q(object_id=term))
    if date_from:
        qs = qs.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to:
        qs = qs.filter(at__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    return qs


def audit_action_list() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def notification_list_for_user(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_channels(*, user: Any, kinds: list[str] | None = None) -> dict[str, dict[str, bool]]:
    """Effective channels per notification kind: the user's saved choice, else the kind's defaults."""
    codes = kinds if kinds is not None else list(NOTIFICATION_KINDS)
    unknown = [code for code in codes if code not in NOTIFICATION_KINDS]
    if unknown:
        raise ValidationFailed(f"Unknown notification kind {unknown[0]!r}")
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user, kind__in=codes)}
    result = {}
    for code in codes:
        spec, pref = NOTIFICATION_KINDS[code], saved.get(code)
        result[code] = {
            "in_app": pref.in_app if pref else True,
            "email": pref.email if pref else spec.email,
            "sms": pref.sms if pref else spec.sms,
        }
    return result


def notification_unread_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def holiday_override_list(*, year: int | None = None) -> QuerySet[HolidayOverride]:
    qs = HolidayOverride.objects.all()
    return qs.filter(date__year=year) if year else qs
