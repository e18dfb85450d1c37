"""The dossier's state machine, declared once (issue 10 §5): for every action, the states it may start from, who may
take it and the state it leads to. Services check and apply it (`require`, `advance`), permissions read `who`,
pages and the API list the actions open to a user from it, and templates ask its predicates instead of comparing
status codes. No status literal is written anywhere else.

States are the national portal's statuses (regulations §3: 0 draft … 10 returned). Status 5 ("supplement
requested") is two states for the rules: at intake, before the time limit started (the desk's Mẫu 02: the applicant
completes and resubmits, the desk accepts), and during processing (the clock stopped; the supplement resumes it).

`who` names the rule in permissions.py: desk (a one-stop officer of the receiving desk), handling_desk (one of the
competent agency), step (whoever holds the current step), supervisor (a leader of the competent agency), applicant (the applicant's own account), system (the
payment provider's confirmation). A transition without a target keeps the state; `RESUME` returns to the state the
dossier had before its clock was stopped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

DRAFT, NEW, ACCEPTED, NOT_ACCEPTED, PROCESSING = "0", "1", "2", "3", "4"
SUPPLEMENT, PAYMENT, WITHDRAWN, STOPPED, DONE, RETURNED = "5", "6", "7", "8", "9", "10"
# The two rule-states of status 5, and the state of a dossier not yet created (reception at the desk).
SUPPLEMENT_AT_INTAKE, SUPPLEMENT_IN_PROCESS, CREATED = "5:intake", "5:processing", ""
RESUME = "resume"

IN_PROCESS = frozenset({ACCEPTED, PROCESSING})
AWAITING_INTAKE = frozenset({NEW, SUPPLEMENT_AT_INTAKE})
OPEN = frozenset({NEW, ACCEPTED, PROCESSING, SUPPLEMENT_AT_INTAKE, SUPPLEMENT_IN_PROCESS, PAYMENT})
OPEN_STATUSES = (NEW, ACCEPTED, PROCESSING, SUPPLEMENT, PAYMENT)
FINISHED = frozenset({DONE, RETURNED})
CLOSED_STATUSES = (NOT_ACCEPTED, WITHDRAWN, STOPPED, DONE, RETURNED)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None
    who: tuple[str, ...]


def _t(action: str, sources: frozenset[str] | set[str], target: str | None, *who: str) -> Transition:
    return Transition(action, frozenset(sources), target, who)


TRANSITIONS: tuple[Transition, ...] = (
    # Online, from the applicant's account.
    _t("draft_saved", {CREATED, DRAFT, SUPPLEMENT_AT_INTAKE}, None, "applicant"),
    _t("submitted", {DRAFT, SUPPLEMENT_AT_INTAKE}, NEW, "applicant"),
    # Reception at the desk: a dossier brought in, or one waiting (submitted online, completed after Mẫu 02).
    _t("received", {CREATED} | AWAITING_INTAKE, ACCEPTED, "desk"),
    _t("completion_requested", {CREATED, NEW}, SUPPLEMENT, "desk"),
    _t("refused", {CREATED} | AWAITING_INTAKE, NOT_ACCEPTED, "desk"),
    # Processing, step by step.
    _t("forwarded", IN_PROCESS, PROCESSING, "step"),
    _t("opinion", IN_PROCESS, None, "step"),
    _t("sent_back", IN_PROCESS, None, "step"),
    _t("supplement_requested", IN_PROCESS, SUPPLEMENT, "step", "supervisor", "desk"),
    _t("supplement_received", {SUPPLEMENT_IN_PROCESS}, RESUME, "desk", "step", "supervisor", "applicant"),
    _t("payment_requested", IN_PROCESS, PAYMENT, "step", "supervisor"),
    _t("payment_received", {PAYMENT}, RESUME, "step", "supervisor", "desk"),
    _t("fee_paid", OPEN | {DONE}, None, "desk", "handling_desk", "step"),
    _t("paid_online", OPEN | {DONE}, None, "system"),
    _t("extended", IN_PROCESS, None, "step", "supervisor"),
    _t("approved", IN_PROCESS, DONE, "step"),
    _t("returned", {DONE}, RETURNED, "desk", "step", "supervisor"),
    # Ending early.
    _t("stopped", OPEN, STOPPED, "supervisor"),
    _t("withdrawn", OPEN, WITHDRAWN, "applicant", "desk", "handling_desk"),
)
BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}


def state_of(dossier: Any | None) -> str:
    """The rule-state of a dossier (status 5 split by whether its time limit has started)."""
    if dossier is None:
        return CREATED
    if dossier.status == SUPPLEMENT:
        return SUPPLEMENT_IN_PROCESS if dossier.clock_start is not None else SUPPLEMENT_AT_INTAKE
    return str(dossier.status)


def allows(dossier: Any | None, action: str) -> bool:
    return state_of(dossier) in BY_ACTION[action].sources


def require(dossier: Any | None, action: str) -> Transition:
    """The transition, or ValidationFailed saying in Vietnamese why this dossier cannot take it now."""
    from congso.core.errors import ValidationFailed

    transition = BY_ACTION[action]
    if state_of(dossier) not in transition.sources:
        if dossier is None:
            raise ValidationFailed(_("This action needs an existing dossier."), code="wrong_state")
        raise ValidationFailed(
            _("Dossier %(code)s is “%(status)s”: this action is not possible now.")
            % {"code": dossier.code or _("(draft)"), "status": dossier.get_status_display()},
            code="wrong_state",
        )
    return transition


def advance(dossier: Any, action: str, *, resume_to: str | None = None) -> list[str]:
    """Check the transition and put the dossier in its target state; the changed fields to save."""
    transition = require(dossier, action)
    if transition.target is None:
        return []
    dossier.status = (resume_to or PROCESSING) if transition.target == RESUME else transition.target
    return ["status"]


# --- predicates for pages, templates and selectors -------------------------------------------------------------


def is_draft(dossier: Any) -> bool:
    return dossier.status == DRAFT


def is_open(dossier: Any) -> bool:
    return dossier.status in OPEN_STATUSES


def awaiting_intake(dossier: Any) -> bool:
    return state_of(dossier) in AWAITING_INTAKE


def in_process(dossier: Any) -> bool:
    return dossier.status in IN_PROCESS


def editable_by_applicant(dossier: Any) -> bool:
    """The applicant may still change the dossier: a draft, or back for completion before the time limit started."""
    return state_of(dossier) in (DRAFT, SUPPLEMENT_AT_INTAKE)


def awaiting_supplement(dossier: Any) -> bool:
    return state_of(dossier) == SUPPLEMENT_IN_PROCESS


def awaiting_payment(dossier: Any) -> bool:
    return dossier.status == PAYMENT


def result_returned(dossier: Any) -> bool:
    return dossier.status == RETURNED


def ended_early(dossier: Any) -> bool:
    """Withdrawn or stopped: counted apart in the statistics."""
    return dossier.status in (WITHDRAWN, STOPPED)
