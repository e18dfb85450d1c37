"""Rating scores aggregated per TT 01/2018 Điều 15: each index's score is the sum over the dossiers divided by
their number (one decimal); staff are graded on indices 1, 2, 3, 4 and 7, agencies and desks on the total."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from congso.core.scope import PUBLIC

from ..models import Dossier, Rating
from ..models.ratings import INDICES, STAFF_INDICES


def rateable(*, status: str, rated: bool) -> bool:
    """A dossier is rated once, after its result has been returned (TT 01/2018 Điều 13). The service checks it
    again under the dossier's lock; this decides whether a page offers the form."""
    return status == Dossier.Status.RETURNED and not rated


def dossier_rateable(dossier: Dossier) -> bool:
    return rateable(status=dossier.status, rated=Rating.objects.filter(dossier=dossier).exists())


GROUPS = {
    "agency": ("handling_agency_id", "handling_agency__name"),
    "desk": ("receiving_agency_id", "receiving_agency__name"),
    "officer": ("officer_id", "officer__full_name"),
}


def agency_grade(total: float) -> str:
    if total >= 15:
        return str(_("Excellent"))
    if total >= 12:
        return str(_("Good"))
    if total >= 9:
        return str(_("Fair"))
    if total >= 6:
        return str(_("Average"))
    return str(_("Weak"))


def staff_grade(total: float) -> str:
    if total >= 5:
        return str(_("100% of the task done"))
    if total >= 3.5:
        return str(_("70% to under 100% of the task done"))
    return str(_("Under 70% of the task done"))


@dataclass
class RatingRow:
    key: Any
    name: str
    count: int
    indices: dict[int, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(sum(self.indices.values()), 1)

    @property
    def staff_total(self) -> float:
        return round(sum(self.indices[i] for i in STAFF_INDICES), 1)

    @property
    def grade(self) -> str:
        return agency_grade(self.total)

    @property
    def staff_grade(self) -> str:
        return staff_grade(self.staff_total)


def rating_summary(
    *,
    group: str = "agency",
    agency_ids: Any,
    start: date | None = None,
    end: date | None = None,
) -> list[RatingRow]:
    """One grouped query: the number of ratings and each index's mean per agency, desk or officer, over
    `agency_ids` (a set of ids, or core.scope.PUBLIC for the public board: every agency)."""
    from django.db.models import Avg, Count, IntegerField
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    key_field, name_field = GROUPS[group]
    qs = Rating.objects.all()
    if agency_ids is not PUBLIC:
        qs = qs.filter(handling_agency_id__in=set(agency_ids or ()))
    if start and end:
        from .statistics import bounds

        qs = qs.filter(created_at__range=bounds(start, end))
    means = {f"i{i}": Avg(Cast(KeyTextTransform(f"i{i}", "scores"), IntegerField())) for i in INDICES}
    rows = []
    for item in qs.values(key_field, name_field).annotate(count=Count("pk"), **means):
        rows.append(
            RatingRow(
                key=item[key_field],
                name=item[name_field] or "—",
                count=item["count"],
                indices={i: round(float(item[f"i{i}"] or 0), 1) for i in INDICES},
            )
        )
    return sorted(rows, key=lambda r: (-r.total, r.name))
