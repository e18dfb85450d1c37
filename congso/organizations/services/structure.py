"""Creating and editing areas, agencies and units."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.services import audit_log

from ..models import AdministrativeArea, Agency, AgencyName, Unit, validate_organ_id
from ..permissions import can_change_structure, can_edit_agency
from ..selectors import agency_descendant_ids
from .common import full_clean, require_structure_permission, strict_nfc, text_field

AGENCY_TEXT_FIELDS = ("address", "phone", "email", "website")


def normalise_organ_id(value: Any) -> str:
    organ_id = text_field(value, "organ_id", max_length=100).upper()
    from django.core.exceptions import ValidationError

    try:
        validate_organ_id(organ_id)
    except ValidationError as exc:
        raise ValidationFailed(exc.messages[0], details={"organ_id": exc.messages}) from exc
    return organ_id


def check_organ_id_free(organ_id: str, *, exclude_pk: int | None = None) -> None:
    candidates = Agency.objects.filter(organ_id=organ_id, valid_to__isnull=True)
    clash = (candidates.exclude(pk=exclude_pk) if exclude_pk is not None else candidates).first()
    if clash:
        raise ValidationFailed(
            _("The electronic identifier %(organ_id)s is already used by %(agency)s.")
            % {"organ_id": organ_id, "agency": clash.name},
            details={"organ_id": [_("Already in use.")]},
        )


def check_parent(agency: Agency | None, parent: Agency | None) -> None:
    if parent is None:
        return
    if not parent.in_force:
        raise ValidationFailed(
            _("The parent agency is no longer in force."), details={"parent": [_("Not in force.")]}
        )
    if (agency is not None and agency.pk is not None) and (
        parent.pk == agency.pk or parent.pk in agency_descendant_ids(agency)
    ):
        raise ValidationFailed(
            _("An agency cannot be placed under itself or one of its own subordinate agencies."),
            details={"parent": [_("This would make a cycle in the tree.")]},
        )


@transaction.atomic
def area_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: AdministrativeArea | None = None,
    valid_from: date | None = None,
) -> AdministrativeArea:
    require_structure_permission(actor)
    strict_nfc(name, "name")
    code = text_field(code, "code", max_length=20).upper()
    if AdministrativeArea.objects.filter(code=code, valid_to__isnull=True).exists():
        raise ValidationFailed(
            _("An area with code %(code)s already exists.") % {"code": code},
            details={"code": [_("Already in use.")]},
        )
    if parent is not None and not parent.in_force:
        raise ValidationFailed(
            _("The parent area is no longer in force."), details={"parent": [_("Not in force.")]}
        )
    area = AdministrativeArea(
        code=code, name=text_field(name, "name", max_length=200), kind=kind, parent=parent
    )
    if valid_from:
        area.valid_from = valid_from
    full_clean(area)
    area.save()
    audit_log(actor=actor, action="organizations.area_created", obj=area)
    return area


@transaction.atomic
def agency_create(
    *,
    actor: Any,
    name: str,
    short_name: str,
    organ_id: str,
    kind: str,
    parent: Agency | None = None,
    area: AdministrativeArea | None = None,
    valid_from: date | None = None,
    **contact: str,
) -> Agency:
    require_structure_permission(actor)
    strict_nfc(name, "name")
    organ_id = normalise_organ_id(organ_id)
    check_organ_id_free(organ_id)
    check_parent(None, parent)
    unknown = set(contact) - set(AGENCY_TEXT_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    agency = Agency(
        name=text_field(name, "name", max_length=255),
        short_name=text_field(short_name, "short_name", max_length=30),
        organ_id=organ_id,
        kind=kind,
        parent=parent,
        area=area,
        **{key: text_field(value, key, required=False) for key, value in contact.items()},
    )
    if valid_from:
        agency.valid_from = valid_from
    full_clean(agency)
    agency.save()
    AgencyName.objects.create(
        agency=agency, name=agency.name, short_name=agency.short_name, valid_from=agency.valid_from
    )
    audit_log(
        actor=actor,
        action="organizations.agency_created",
        obj=agency,
        agency_id=agency.pk,
        changes={"organ_id": organ_id, "parent": parent.pk if parent else None},
    )
    return agency


EDITABLE_BY_AGENCY_ADMIN = {
    "address",
    "phone",
    "email",
    "website",
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
    "intake_cutoff",
}
EDITABLE_BY_SYSTEM_ADMIN = EDITABLE_BY_AGENCY_ADMIN | {"kind", "parent", "area", "organ_id"}


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, **changes: Any) -> Agency:
    """Edit an agency in place. Names change only through agency_rename (which keeps history)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if actor is not None and not can_edit_agency(actor, agency):
        raise PermissionDenied(_("You may not edit this agency."))
    allowed = (
        EDITABLE_BY_SYSTEM_ADMIN if actor is None or can_change_structure(actor) else EDITABLE_BY_AGENCY_ADMIN
    )
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    before: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "organ_id":
            value = normalise_organ_id(value)
            check_organ_id_free(value, exclude_pk=agency.pk)
        elif field == "parent":
            check_parent(agency, value)
        elif field in AGENCY_TEXT_FIELDS:
            value = text_field(value, field, required=False)
        before[field] = str(getattr(agency, field))
        setattr(agency, field, value)
    full_clean(agency)
    try:
        agency.office_hours()
    except ValueError as exc:
        raise ValidationFailed(
            _("Office hours must be increasing and must not overlap."), details={"morning_start": [str(exc)]}
        ) from exc
    agency.save()
    audit_log(
        actor=actor,
        action="organizations.agency_updated",
        obj=agency,
        agency_id=agency.pk,
        changes={field: {"from": before[field], "to": str(getattr(agency, field))} for field in changes},
    )
    return agency


def _check_unit_permission(actor: Any, agency: Agency) -> None:
    if actor is not None and not can_edit_agency(actor, agency):
        raise PermissionDenied(_("You may not change the units of this agency."))


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    agency: Agency,
    name: str,
    short_name: str,
    parent: Unit | None = None,
    valid_from: date | None = None,
) -> Unit:
    _check_unit_permission(actor, agency)
    strict_nfc(name, "name")
    if not agency.in_force:
        raise ValidationFailed(_("The agency is no longer in force."))
    if parent is not None and parent.agency_id != agency.pk:
        raise ValidationFailed(
            _("The parent unit belongs to another agency."), details={"parent": [_("Wrong agency.")]}
        )
    short = text_field(short_name, "short_name", max_length=30)
    if Unit.objects.filter(agency=agency, short_name=short, valid_to__isnull=True).exists():
        raise ValidationFailed(
            _("This agency already has a unit with short name %(s)s.") % {"s": short},
            details={"short_name": [_("Already in use.")]},
        )
    unit = Unit(agency=agency, parent=parent, name=text_field(name, "name", max_length=255), short_name=short)
    if valid_from:
        unit.valid_from = valid_from
    full_clean(unit)
    unit.save()
    audit_log(actor=actor, action="organizations.unit_created", obj=unit, agency_id=agency.pk)
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Any,
    unit: Unit,
    name: str | None = None,
    short_name: str | None = None,
    valid_to: date | None = None,
) -> Unit:
    _check_unit_permission(actor, unit.agency)
    changes: dict[str, Any] = {}
    if name is not None:
        strict_nfc(name, "name")
        changes["name"] = unit.name = text_field(name, "name", max_length=255)
    if short_name is not None:
        short = text_field(short_name, "short_name", max_length=30)
        if (
            Unit.objects.filter(agency=unit.agency, short_name=short, valid_to__isnull=True)
            .exclude(pk=unit.pk)
            .exists()
        ):
            raise ValidationFailed(
                _("This agency already has a unit with short name %(s)s.") % {"s": short},
                details={"short_name": [_("Already in use.")]},
            )
        changes["short_name"] = unit.short_name = short
    if valid_to is not None:
        changes["valid_to"] = valid_to.isoformat()
        unit.valid_to = valid_to
    full_clean(unit)
    unit.save()
    audit_log(
        actor=actor, action="organizations.unit_updated", obj=unit, agency_id=unit.agency_id, changes=changes
    )
    return unit
