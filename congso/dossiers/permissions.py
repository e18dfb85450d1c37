"""Who may see and act on dossiers. The one place these rules live (architecture rule 4).

- Since 01/7/2025 a one-stop officer at any desk of the province receives any procedure; the dossier is routed to
  the competent agency.
- Staff see the dossiers of their agency — received at its desk or handled by it — plus the dossiers routed to it
  (a cross-agency step). Only staff with a one-stop role (officer, specialist, unit head, leader) see them.
- A step is acted on by the person it was given to; when nobody was named, by anyone of the step's agency with the
  step's role (any processing role for a step at another agency); the agency's leaders supervise every step.
- Citizens and organisations see only their own dossiers (those submitted from their account).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congso.core.roles import Role

from .models import Dossier, DossierStep

PROCESS_ROLES = (Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER)


def _staff(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "kind", "") == "staff"
    )


def process_agency_ids(user: Any) -> set[int]:
    if not _staff(user):
        return set()
    return {m.agency_id for m in user.active_memberships() if set(PROCESS_ROLES) & set(m.roles)}


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Dossier.objects.none()
    if getattr(user, "kind", "") in ("citizen", "organization"):
        return Dossier.objects.filter(applicant_user=user)
    agencies = process_agency_ids(user)
    if not agencies:
        return Dossier.objects.none()
    condition = Q(receiving_agency_id__in=agencies) | Q(handling_agency_id__in=agencies)
    # Steps are at the receiving desk or the competent agency, except a cross-agency step's rows: only those route
    # a dossier elsewhere. The branch is added only when it matters, so the common case stays on two indexes.
    routed = DossierStep.objects.filter(agency_id__in=agencies, cross_agency=True)
    if routed.exists():
        condition |= Q(pk__in=routed.values("dossier_id"))
    return Dossier.objects.filter(condition).exclude(status=Dossier.Status.DRAFT)


def can_receive_at(user: Any, agency_id: int) -> bool:
    return _staff(user) and user.has_role(Role.ONE_STOP_OFFICER, agency_id=agency_id)


def can_act_on_step(user: Any, step: DossierStep) -> bool:
    if not _staff(user) or step.status != DossierStep.Status.ACTIVE:
        return False
    if step.assignee_id == user.pk or user.has_role(Role.LEADER, agency_id=step.agency_id):
        return True
    if step.assignee_id is not None:
        return False
    roles = (step.role,) if step.role else PROCESS_ROLES
    return any(user.has_role(role, agency_id=step.agency_id) for role in roles)


def can_supervise(user: Any, dossier: Dossier) -> bool:
    """Leaders of the competent agency: stop a dossier, and act for any of its steps."""
    return _staff(user) and user.has_role(Role.LEADER, agency_id=dossier.handling_agency_id)


def can_withdraw(user: Any, dossier: Dossier) -> bool:
    if getattr(user, "kind", "") in ("citizen", "organization"):
        return bool(user.is_authenticated and dossier.applicant_user_id == user.pk)
    return can_receive_at(user, dossier.receiving_agency_id) or can_receive_at(
        user, dossier.handling_agency_id
    )
