"""Edits to the holiday overrides table; each is audited and clears the calendar cache."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import calendar
from ..errors import ValidationFailed
from ..models import HolidayOverride
from ..text import clean_text
from .audit import audit_log


@transaction.atomic
def holiday_override_save(
    *, actor: Any, day: date, kind: str, name: str, notice: str = "", verified: bool = False
) -> HolidayOverride:
    if kind not in HolidayOverride.Kind.values:
        raise ValidationFailed(_("Unknown override kind."), details={"kind": [kind]})
    override = HolidayOverride.objects.filter(date=day).first() or HolidayOverride(date=day)
    override.kind, override.name, override.notice = kind, clean_text(name), clean_text(notice)
    override.verified = verified
    if not override.name:
        raise ValidationFailed(
            _("Give the override a name."), details={"name": [_("This field is required.")]}
        )
    try:
        override.full_clean()
    except ValidationError as exc:
        raise ValidationFailed.from_django(exc) from exc
    override.save()
    audit_log(
        actor=actor,
        action="calendar.override_saved",
        obj=override,
        changes={"date": day.isoformat(), "kind": kind, "notice": override.notice},
    )
    transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
    return override


@transaction.atomic
def holiday_override_delete(*, actor: Any, override: HolidayOverride) -> None:
    audit_log(actor=actor, action="calendar.override_deleted", obj=override)
    override.delete()
    transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
