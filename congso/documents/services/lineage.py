"""When agencies merge or are dissolved into a successor, their open documents and assignments move to the
successor (issue 3 §7) in the merge's transaction; closed documents stay with the agency as it was, so the
history keeps the old names."""

from __future__ import annotations

from typing import Any

from ..models import Document, DocumentAssignment
from .common import record_event
from .registers import registers_ensure_defaults


def _move_open(sources: list[Any], target: Any, unit_map: dict[int, Any], actor: Any) -> int:
    open_statuses = Document.OPEN_INCOMING + Document.OPEN_OUTGOING
    moved = 0
    for document in Document.objects.filter(agency__in=sources, status__in=open_statuses):
        old_name = document.agency.name
        document.agency = target
        if document.unit_id is not None:
            new_unit = unit_map.get(document.unit_id)
            document.unit = new_unit
        document.register = (
            None
            if document.status in (Document.Status.RECEIVED, *Document.OPEN_OUTGOING)
            else document.register
        )
        document.save(update_fields=["agency", "unit", "register", "updated_at"])
        record_event(document, actor, "moved_after_merge", from_agency=old_name, to_agency=target.name)
        moved += 1
    for assignment in DocumentAssignment.objects.filter(
        document__agency=target, unit_id__in=list(unit_map)
    ).exclude(status=DocumentAssignment.Status.DONE):
        assignment.unit = unit_map[int(assignment.unit_id or 0)]
        assignment.save(update_fields=["unit"])
    if moved:
        registers_ensure_defaults(agency_id=target.pk)
    return moved


def documents_on_agency_merged(*, sources, target, actor, unit_map, **_: Any) -> int:
    return _move_open(list(sources), target, unit_map, actor)


def documents_on_agency_dissolved(*, agency, successor, actor, unit_map=None, **_: Any) -> int:
    if successor is None:
        return 0
    return _move_open([agency], successor, unit_map or {}, actor)
