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


# --- the state machine's "who" (models/workflow.py), in one place ---------------------------------------------


def current_lead_step(dossier: Dossier, steps: list[DossierStep] | None = None) -> DossierStep | None:
    rows = (
        steps
        if steps is not None
        else list(dossier.steps.filter(status=DossierStep.Status.ACTIVE, lead=True))
    )
    return next((s for s in rows if s.status == DossierStep.Status.ACTIVE and s.lead), None)


def _is_applicant(user: Any, dossier: Dossier) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "kind", "") in ("citizen", "organization")
        and dossier.applicant_user_id == user.pk
    )


def fills_role(
    user: Any,
    dossier: Dossier | None,
    role: str,
    *,
    step: DossierStep | None = None,
    agency_id: int | None = None,
) -> bool:
    """Whether `user` is, for this dossier, the `who` of a transition (workflow.Transition.who). `agency_id` is the
    desk of a dossier not created yet."""
    if role == "desk":
        desk = agency_id if dossier is None else dossier.receiving_agency_id
        return desk is not None and can_receive_at(user, desk)
    if dossier is None:
        return False
    if role == "handling_desk":
        return can_receive_at(user, dossier.handling_agency_id)
    if role == "step":
        held = step if step is not None else current_lead_step(dossier)
        return held is not None and can_act_on_step(user, held)
    if role == "supervisor":
        return can_supervise(user, dossier)
    if role == "applicant":
        return _is_applicant(user, dossier)
    return False  # "system": never a person


def may(
    user: Any,
    dossier: Dossier | None,
    action: str,
    *,
    step: DossierStep | None = None,
    agency_id: int | None = None,
) -> bool:
    """The state machine's rule: the dossier is in a state the action starts from, and `user` is one of its `who`."""
    from .models import workflow

    transition = workflow.BY_ACTION[action]
    if not workflow.allows(dossier, action):
        return False
    return any(fills_role(user, dossier, role, step=step, agency_id=agency_id) for role in transition.who)


def available_actions(user: Any, dossier: Dossier) -> dict[str, Any]:
    """What this user may do on this dossier now, for its page and its API answer (the services check again). The
    state and `who` come from the declared table; the rules of a single action that are not about the state (the
    approving step, once-only supplement and extension, a previous step to send back to) are added here."""
    steps = list(dossier.steps.select_related("agency", "assignee"))
    current = current_lead_step(dossier, steps)
    lead_orders = [s.order for s in steps if s.role != Role.ONE_STOP_OFFICER and s.lead]
    approval = max(lead_orders) if lead_orders else 1
    following = next((s for s in steps if current and s.order == current.order + 1 and s.lead), None)

    def can(action: str) -> bool:
        return may(user, dossier, action, step=current)

    return {
        "current": current,
        "following": following,
        "intake": can("received"),
        "complete": can("completion_requested"),
        "refuse": can("refused"),
        "forward": can("forwarded") and current is not None and current.order < approval,
        "approve": can("approved") and current is not None and current.order == approval,
        "send_back": can("sent_back") and current is not None and current.order > 1,
        "supplement": can("supplement_requested") and not dossier.supplement_requested,
        "payment": can("payment_requested"),
        "extend": can("extended") and dossier.original_appointment_at is None,
        "supplement_received": can("supplement_received"),
        "payment_received": can("payment_received"),
        "pay_desk": can("fee_paid"),
        "stop": can("stopped"),
        "withdraw": can("withdrawn"),
        "return": can("returned"),
        "opinions": [
            s for s in steps if s.status == "active" and not s.lead and may(user, dossier, "opinion", step=s)
        ],
    }
