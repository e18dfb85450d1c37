"""Registers (sổ văn bản) of an agency: the defaults every agency starts with, and creating more."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congso.core.errors import Conflict, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from .. import permissions
from ..models import Direction, Register
from .common import require

DEFAULT_REGISTERS = [
    (Direction.INCOMING, "Sổ văn bản đến", False, ""),
    (Direction.INCOMING, "Sổ văn bản mật đến", True, ""),
    (Direction.OUTGOING, "Sổ văn bản đi", False, "{type}-{agency}"),
    (Direction.OUTGOING, "Sổ công văn đi", False, "{agency}-{unit}"),
    (Direction.OUTGOING, "Sổ văn bản mật đi", True, "{type}-{agency}"),
]
PLACEHOLDERS = ("{type}", "{agency}", "{unit}")


def registers_ensure_defaults(*, agency_id: int) -> list[Register]:
    """Every agency starts with an incoming register, an outgoing one for documents with a type, one for công
    văn, and secret ones (NĐ 30/2020 Điều 15: secret documents in a separate series)."""
    created = []
    for direction, name, secret, pattern in DEFAULT_REGISTERS:
        register, was_created = Register.objects.get_or_create(
            agency_id=agency_id,
            direction=direction,
            name=name,
            defaults={"secret": secret, "notation_pattern": pattern},
        )
        if was_created:
            created.append(register)
    return created


@transaction.atomic
def register_create(
    *, actor: Any, agency_id: int, direction: str, name: str, secret: bool = False, notation_pattern: str = ""
) -> Register:
    require(
        permissions.can_manage_registers(actor, agency_id),
        _("You cannot manage the registers of this agency."),
    )
    name = clean_text(name)
    if not name:
        raise ValidationFailed(_("Enter a name."), details={"name": [_("Enter a name.")]})
    if direction not in Direction.values:
        raise ValidationFailed(
            _("Invalid value."), details={"direction": [_("Choose incoming or outgoing.")]}
        )
    pattern = clean_text(notation_pattern)
    if direction == Direction.OUTGOING:
        pattern = pattern or "{type}-{agency}"
        if "{agency}" not in pattern or " " in pattern:
            message = _("The symbol pattern must contain {agency} and no spaces, e.g. {type}-{agency}.")
            raise ValidationFailed(message, details={"notation_pattern": [message]})
    try:
        with transaction.atomic():
            register = Register.objects.create(
                agency_id=agency_id, direction=direction, name=name, secret=secret, notation_pattern=pattern
            )
    except IntegrityError:
        raise Conflict(_("A register with this name already exists.")) from None
    audit_log(actor=actor, action="document.register_created", obj=register, agency_id=agency_id)
    return register
