"""Changes in the shape of government, each effective on a date: rename, merge, split, dissolve.

A merge (e.g. two communes into a new ward on 01/7/2025) ends the sources the day before the effective
date, moves their sub-agencies and units to the successor, records the lineage, then runs the
``agency_merged`` hooks (core.hooks) so that other modules move their open work — accounts moves staff
memberships — all in one transaction: a failure anywhere rolls the whole merge back.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congso.core import hooks
from congso.core.errors import ValidationFailed
from congso.core.services import audit_log

from ..models import AdministrativeArea, Agency, AgencyLink, AgencyName, AreaLink, LineageEvent, Unit
from ..selectors import agency_descendant_ids
from .common import require_structure_permission, strict_nfc, text_field
from .structure import agency_create, area_create


def _day_before(day: date) -> date:
    return day - timedelta(days=1)


def _check_can_end(entity: Any, effective_date: date, label: str) -> None:
    if not entity.in_force:
        raise ValidationFailed(
            _("%(name)s is no longer in force.") % {"name": entity.name},
            details={label: [_("Not in force.")]},
        )
    if effective_date <= entity.valid_from:
        raise ValidationFailed(
            _("The effective date must be after %(name)s came into force (%(date)s).")
            % {"name": entity.name, "date": entity.valid_from.strftime("%d/%m/%Y")},
            details={"effective_date": [_("Overlaps the existing period.")]},
        )


def _end_agency(agency: Agency, effective_date: date) -> None:
    agency.valid_to = _day_before(effective_date)
    agency.save(update_fields=["valid_to", "updated_at"])
    AgencyName.objects.filter(agency=agency, valid_to__isnull=True).update(valid_to=agency.valid_to)


def _move_units(sources: list[Agency], target: Agency, effective_date: date) -> dict[int, Unit]:
    """Carry each unit in force of the sources over to the target (matched by short name, else created)."""
    unit_map: dict[int, Unit] = {}
    existing = {unit.short_name: unit for unit in Unit.objects.filter(agency=target, valid_to__isnull=True)}
    for unit in Unit.objects.filter(agency__in=sources, valid_to__isnull=True).order_by(
        "agency_id", "parent_id", "pk"
    ):
        successor = existing.get(unit.short_name)
        if successor is None:
            successor = Unit.objects.create(
                agency=target,
                name=unit.name,
                short_name=unit.short_name,
                valid_from=effective_date,
                parent=unit_map.get(unit.parent_id) if unit.parent_id else None,
            )
            existing[unit.short_name] = successor
        unit_map[unit.pk] = successor
        unit.valid_to = _day_before(effective_date)
        unit.save(update_fields=["valid_to", "updated_at"])
    return unit_map


def _hand_over(sources: list[Agency], successor: Agency, effective_date: date) -> dict[int, Unit]:
    """The successor takes the sources' sub-agencies in force and their units; returns old unit id → new unit."""
    Agency.objects.filter(parent__in=sources, valid_to__isnull=True).update(parent=successor)
    return _move_units(sources, successor, effective_date)


def _record_lineage(
    kind: str, effective_date: date, legal_basis: str, links: list[tuple[Agency, Agency]], note: str = ""
) -> LineageEvent:
    event = LineageEvent.objects.create(
        kind=kind,
        effective_date=effective_date,
        legal_basis=text_field(legal_basis, "legal_basis", required=False),
        note=note,
    )
    AgencyLink.objects.bulk_create(
        [AgencyLink(event=event, predecessor=old, successor=new) for old, new in links]
    )
    return event


@transaction.atomic
def agency_merge(
    *,
    actor: Any,
    sources: list[Agency],
    effective_date: date,
    target: Agency | None = None,
    new_agency: dict[str, Any] | None = None,
    legal_basis: str = "",
    note: str = "",
) -> Agency:
    """Merge `sources` into `target` (an agency in force) or into a new agency described by `new_agency`."""
    require_structure_permission(actor)
    if (target is None) == (new_agency is None):
        raise ValidationFailed(_("Name either an existing successor or a new one, not both."))
    sources = [Agency.objects.select_for_update().get(pk=source.pk) for source in sources]
    if not sources or len({s.pk for s in sources}) != len(sources):
        raise ValidationFailed(
            _("Choose at least one agency to merge, each once."), details={"sources": [_("Invalid list.")]}
        )
    if new_agency is not None and len(sources) < 2:
        raise ValidationFailed(
            _("Merging into a new agency needs at least two agencies."),
            details={"sources": [_("Choose at least two.")]},
        )
    for source in sources:
        _check_can_end(source, effective_date, "sources")
    if target is not None:
        target = Agency.objects.select_for_update().get(pk=target.pk)
        if target.pk in {s.pk for s in sources}:
            raise ValidationFailed(
                _("An agency cannot be merged into itself."), details={"target": [_("Invalid.")]}
            )
        for source in sources:
            if target.pk in agency_descendant_ids(source):
                raise ValidationFailed(
                    _("%(source)s cannot be merged into its own subordinate agency %(target)s.")
                    % {"source": source.name, "target": target.name},
                    details={"target": [_("This would make a cycle in the tree.")]},
                )
        if not target.in_force or target.valid_from > effective_date:
            raise ValidationFailed(
                _("The successor must be in force on the effective date."),
                details={"target": [_("Not in force.")]},
            )

    if new_agency is not None:
        parent = new_agency.get("parent")
        if parent is not None and parent.pk in {s.pk for s in sources}:
            raise ValidationFailed(
                _("The new agency cannot sit under an agency being merged."),
                details={"parent": [_("Invalid.")]},
            )

    for source in sources:
        _end_agency(source, effective_date)
    if new_agency is not None:
        target = agency_create(actor=actor, valid_from=effective_date, **new_agency)
    assert target is not None
    unit_map = _hand_over(sources, target, effective_date)
    event = _record_lineage(
        LineageEvent.Kind.MERGE, effective_date, legal_basis, [(s, target) for s in sources], note
    )
    hooks.run(
        "agency_merged",
        sources=sources,
        target=target,
        effective_date=effective_date,
        actor=actor,
        unit_map=unit_map,
        event=event,
    )
    for source in sources:
        audit_log(
            actor=actor,
            action="organizations.agency_merged",
            obj=source,
            agency_id=source.pk,
            message=f"→ {target.name}",
            changes={"target": target.pk, "effective_date": effective_date.isoformat()},
        )
    audit_log(
        actor=actor,
        action="organizations.agency_merge_received",
        obj=target,
        agency_id=target.pk,
        changes={
            "sources": [s.pk for s in sources],
            "effective_date": effective_date.isoformat(),
            "legal_basis": event.legal_basis,
        },
    )
    return target


@transaction.atomic
def agency_rename(
    *,
    actor: Any,
    agency: Agency,
    name: str,
    short_name: str | None = None,
    effective_date: date,
    legal_basis: str = "",
) -> Agency:
    require_structure_permission(actor)
    strict_nfc(name, "name")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _check_can_end(agency, effective_date, "agency")
    current = AgencyName.objects.filter(agency=agency, valid_to__isnull=True).first()
    if current and effective_date <= current.valid_from:
        raise ValidationFailed(
            _("The new name must take effect after the current name did."),
            details={"effective_date": [_("Overlaps the existing period.")]},
        )
    old = (agency.name, agency.short_name)
    new_name = text_field(name, "name", max_length=255)
    new_short = text_field(short_name, "short_name", max_length=30) if short_name else agency.short_name
    if current:
        current.valid_to = _day_before(effective_date)
        current.save(update_fields=["valid_to"])
    AgencyName.objects.create(agency=agency, name=new_name, short_name=new_short, valid_from=effective_date)
    agency.name, agency.short_name = new_name, new_short
    agency.save()
    LineageEvent.objects.create(
        kind=LineageEvent.Kind.RENAME,
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=f"{old[0]} → {new_name}",
    )
    audit_log(
        actor=actor,
        action="organizations.agency_renamed",
        obj=agency,
        agency_id=agency.pk,
        changes={
            "name": {"from": old[0], "to": new_name},
            "short_name": {"from": old[1], "to": new_short},
            "effective_date": effective_date.isoformat(),
        },
    )
    return agency


@transaction.atomic
def agency_split(
    *,
    actor: Any,
    source: Agency,
    new_agencies: list[dict[str, Any]],
    effective_date: date,
    legal_basis: str = "",
) -> list[Agency]:
    """Split `source` into several new agencies. The first one is the primary successor: it receives the
    sub-agencies, units and (through the hooks) the staff memberships, which administrators then reassign."""
    require_structure_permission(actor)
    if len(new_agencies) < 2:
        raise ValidationFailed(
            _("A split needs at least two new agencies."), details={"new_agencies": [_("Too few.")]}
        )
    source = Agency.objects.select_for_update().get(pk=source.pk)
    _check_can_end(source, effective_date, "source")
    _end_agency(source, effective_date)
    targets = [agency_create(actor=actor, valid_from=effective_date, **spec) for spec in new_agencies]
    unit_map = _hand_over([source], targets[0], effective_date)
    event = _record_lineage(
        LineageEvent.Kind.SPLIT, effective_date, legal_basis, [(source, t) for t in targets]
    )
    hooks.run(
        "agency_split",
        source=source,
        targets=targets,
        effective_date=effective_date,
        actor=actor,
        unit_map=unit_map,
        event=event,
    )
    audit_log(
        actor=actor,
        action="organizations.agency_split",
        obj=source,
        agency_id=source.pk,
        changes={"targets": [t.pk for t in targets], "effective_date": effective_date.isoformat()},
    )
    return targets


@transaction.atomic
def agency_dissolve(
    *,
    actor: Any,
    agency: Agency,
    effective_date: date,
    successor: Agency | None = None,
    legal_basis: str = "",
) -> Agency:
    """End an agency. With a successor, its sub-agencies, units and memberships move there."""
    require_structure_permission(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _check_can_end(agency, effective_date, "agency")
    if successor is not None and (successor.pk == agency.pk or successor.pk in agency_descendant_ids(agency)):
        raise ValidationFailed(
            _("The successor cannot be the agency itself or one of its subordinates."),
            details={"successor": [_("Invalid.")]},
        )
    if successor is None and Agency.objects.filter(parent=agency, valid_to__isnull=True).exists():
        raise ValidationFailed(
            _("This agency still has subordinate agencies in force: name a successor."),
            details={"successor": [_("Required.")]},
        )
    _end_agency(agency, effective_date)
    unit_map: dict[int, Unit] = {}
    if successor is not None:
        unit_map = _hand_over([agency], successor, effective_date)
    else:
        Unit.objects.filter(agency=agency, valid_to__isnull=True).update(valid_to=agency.valid_to)
    event = _record_lineage(
        LineageEvent.Kind.DISSOLVE, effective_date, legal_basis, [(agency, successor)] if successor else []
    )
    hooks.run(
        "agency_dissolved",
        agency=agency,
        successor=successor,
        effective_date=effective_date,
        actor=actor,
        unit_map=unit_map,
        event=event,
    )
    audit_log(
        actor=actor,
        action="organizations.agency_dissolved",
        obj=agency,
        agency_id=agency.pk,
        changes={
            "successor": successor.pk if successor else None,
            "effective_date": effective_date.isoformat(),
        },
    )
    return agency


def _end_areas_and_hand_over(
    sources: list[AdministrativeArea],
    successor_spec: dict[str, Any],
    actor: Any,
    kind: str,
    effective_date: date,
    legal_basis: str,
) -> AdministrativeArea:
    """End `sources` the day before, create their successor, and move child areas and agencies to it."""
    for source in sources:
        _check_can_end(source, effective_date, "sources")
        source.valid_to = _day_before(effective_date)
        source.save(update_fields=["valid_to", "updated_at"])
    successor = area_create(actor=actor, valid_from=effective_date, **successor_spec)
    event = LineageEvent.objects.create(
        kind=kind,
        effective_date=effective_date,
        legal_basis=text_field(legal_basis, "legal_basis", required=False),
    )
    AreaLink.objects.bulk_create([AreaLink(event=event, predecessor=s, successor=successor) for s in sources])
    AdministrativeArea.objects.filter(parent__in=sources, valid_to__isnull=True).update(parent=successor)
    Agency.objects.filter(area__in=sources, valid_to__isnull=True).update(area=successor)
    return successor


@transaction.atomic
def area_rename(
    *, actor: Any, area: AdministrativeArea, name: str, effective_date: date, legal_basis: str = ""
) -> AdministrativeArea:
    """Rename an area: the old one ends, a new one with the same code follows it (areas keep no name versions
    of their own; their lineage is the history)."""
    require_structure_permission(actor)
    area = AdministrativeArea.objects.select_for_update().get(pk=area.pk)
    new = _end_areas_and_hand_over(
        [area],
        {"code": area.code, "name": name, "kind": area.kind, "parent": area.parent},
        actor,
        LineageEvent.Kind.RENAME,
        effective_date,
        legal_basis,
    )
    audit_log(
        actor=actor, action="organizations.area_renamed", obj=new, changes={"from": area.name, "to": new.name}
    )
    return new


@transaction.atomic
def area_merge(
    *,
    actor: Any,
    sources: list[AdministrativeArea],
    code: str,
    name: str,
    kind: str,
    effective_date: date,
    parent: AdministrativeArea | None = None,
    legal_basis: str = "",
) -> AdministrativeArea:
    """Merge areas (e.g. two communes) into a new area (a ward) from `effective_date`."""
    require_structure_permission(actor)
    sources = [AdministrativeArea.objects.select_for_update().get(pk=s.pk) for s in sources]
    if len({s.pk for s in sources}) < 2:
        raise ValidationFailed(
            _("Merging needs at least two areas."), details={"sources": [_("Choose at least two.")]}
        )
    new = _end_areas_and_hand_over(
        sources,
        {"code": code, "name": name, "kind": kind, "parent": parent},
        actor,
        LineageEvent.Kind.MERGE,
        effective_date,
        legal_basis,
    )
    audit_log(
        actor=actor,
        action="organizations.area_merged",
        obj=new,
        changes={"sources": [s.pk for s in sources], "effective_date": effective_date.isoformat()},
    )
    return new
