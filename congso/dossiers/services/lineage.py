"""When agencies merge, or one is dissolved into a successor, their open dossiers move to the successor with their
history intact (issue 4 §8), in the merge's transaction: the competent agency, the receiving desk for results not
yet returned, and the steps not yet done. Closed dossiers stay with the agency as it was, so records keep the old
names; each moved dossier gets a history entry (and a new version, so a page opened before the merge conflicts
instead of acting on stale data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ..models import Dossier, DossierStep
from .common import commit

MOVABLE = (*Dossier.OPEN_STATUSES, Dossier.Status.DRAFT, Dossier.Status.DONE)


def _move_open(sources: list[Any], target: Any, actor: Any) -> int:
    ids = [a.pk for a in sources]
    moved = 0
    qs = Dossier.objects.filter(
        Q(handling_agency_id__in=ids) | Q(receiving_agency_id__in=ids), status__in=MOVABLE
    )
    for dossier in qs.select_related("handling_agency", "receiving_agency").select_for_update(of=("self",)):
        before = {"handling": dossier.handling_agency.name, "receiving": dossier.receiving_agency.name}
        fields = []
        if dossier.handling_agency_id in ids:
            dossier.handling_agency = target
            fields.append("handling_agency")
        if dossier.receiving_agency_id in ids:
            dossier.receiving_agency = target
            fields.append("receiving_agency")
        DossierStep.objects.filter(
            dossier=dossier,
            agency_id__in=ids,
            status__in=[DossierStep.Status.PENDING, DossierStep.Status.ACTIVE],
        ).update(agency=target)
        dossier._status_at_lock = dossier.status  # type: ignore[attr-defined]  # not a status change: no notice
        commit(
            dossier,
            actor=actor,
            action="moved_after_merge",
            fields=fields,
            data={"from": before, "to": target.name},
        )
        moved += 1
    return moved


def dossiers_on_agency_merged(*, sources: Any, target: Any, actor: Any, **_: Any) -> int:
    return _move_open(list(sources), target, actor)


def dossiers_on_agency_dissolved(*, agency: Any, successor: Any, actor: Any, **_: Any) -> int:
    return 0 if successor is None else _move_open([agency], successor, actor)
