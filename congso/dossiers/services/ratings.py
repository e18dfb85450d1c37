"""The applicant rates a returned dossier (TT 01/2018 Điều 13): indices 1 and 2 are computed from the dossier's
times, the applicant scores the others 0–2. Once per dossier; by the applicant's account, or through the public
lookup (code + check value) when they applied at the desk."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from ..models import Dossier, DossierStep, Rating
from ..models.ratings import COMPUTED, INDICES


def computed_scores(dossier: Dossier) -> dict[str, int]:
    """(1) 2 early or on time; 1 late but the apology with a new date was sent (and met); 0 late.
    (2) 2 every step on time; 1 some step late but the dossier on time; 0 otherwise."""
    timeliness = dossier.timeliness
    in_time = timeliness in ("early", "on_time")
    total = 0 if not in_time else 1 if dossier.original_appointment_at else 2
    steps = [s for s in dossier.steps.filter(status=DossierStep.Status.DONE) if s.due_at]
    late_steps = [s for s in steps if s.timeliness == "late"]
    if not late_steps:
        each = 2
    elif in_time:
        each = 1
    else:
        each = 0
    return {"i1": total, "i2": each}


@transaction.atomic
def dossier_rate(
    *, actor: Any, dossier: Dossier, scores: dict[Any, Any], comment: str = "", via_lookup: bool = False
) -> Rating:
    dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if not via_lookup and (
        dossier.applicant_user_id is None or dossier.applicant_user_id != getattr(actor, "pk", None)
    ):
        raise PermissionDenied(_("Only the applicant rates the dossier."))
    if dossier.status != Dossier.Status.RETURNED:
        raise ValidationFailed(_("A dossier is rated after its result has been returned."))
    if Rating.objects.filter(dossier=dossier).exists():
        raise ValidationFailed(_("This dossier has already been rated."))
    given: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for index in INDICES:
        if index in COMPUTED:
            continue
        raw = str(scores.get(index, scores.get(str(index), scores.get(f"i{index}", ""))))
        value = int(raw) if raw.isdigit() else -1
        if value not in (0, 1, 2):
            errors[f"i{index}"] = [_("Choose 0, 1 or 2.")]
        given[f"i{index}"] = value
    if errors:
        raise ValidationFailed(_("Score every criterion with 0, 1 or 2."), details=errors)
    try:
        rating = Rating.objects.create(
            dossier=dossier,
            handling_agency_id=dossier.handling_agency_id,
            receiving_agency_id=dossier.receiving_agency_id,
            officer_id=dossier.received_by_id,
            scores={**computed_scores(dossier), **given},
            comment=clean_text(comment)[:2000],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
    except IntegrityError:
        raise ValidationFailed(_("This dossier has already been rated.")) from None
    audit_log(
        actor=actor if getattr(actor, "pk", None) else None,
        action="dossier.rated",
        obj=dossier,
        agency_id=dossier.handling_agency_id,
    )
    return rating
