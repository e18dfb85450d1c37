"""Reads of dossiers; every staff and citizen read goes through permissions.visible_dossiers (architecture rule 4).
The public lookup is the one read without an account: it needs the code and the check value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.calendar import deadline_badge
from congso.core.errors import NotFound
from congso.core.roles import Role
from congso.core.text import clean_text, fold
from congso.organizations.models import Agency

from ..models import Dossier, DossierStep
from ..permissions import PROCESS_ROLES, process_agency_ids, visible_dossiers
from .lookup import PUBLIC_ACTIONS as PUBLIC_ACTIONS
from .lookup import PublicDossier as PublicDossier
from .lookup import dossier_lookup as dossier_lookup
from .lookup import public_history as public_history
from .lookup import public_lookup as public_lookup

WORKING = (Dossier.Status.ACCEPTED, Dossier.Status.PROCESSING, Dossier.Status.DONE)


def dossier_list(
    *,
    user: Any,
    status: str = "",
    agency_id: int | None = None,
    side: str = "handling",
    query: str = "",
    overdue: bool = False,
) -> QuerySet[Dossier]:
    """The dossiers a user may see. With `agency_id` (one of the user's agencies), those it handles (`side` =
    "handling") or received at its desk ("receiving"): one indexed condition, so a page of 50 and its count stay
    fast on an agency with hundreds of thousands of dossiers (docs/performance.md)."""
    if agency_id and agency_id in process_agency_ids(user):
        field = "receiving_agency_id" if side == "receiving" else "handling_agency_id"
        qs = Dossier.objects.filter(**{field: agency_id}).exclude(status=Dossier.Status.DRAFT)
    else:
        qs = visible_dossiers(user)
        if agency_id:
            qs = qs.filter(Q(handling_agency_id=agency_id) | Q(receiving_agency_id=agency_id))
    qs = qs.select_related("procedure")
    if status:
        qs = qs.filter(status=status)
    text = clean_text(query)
    if text:
        qs = qs.filter(_search_condition(text))
    if overdue:
        qs = qs.filter(status__in=Dossier.OPEN_STATUSES, appointment_at__lt=timezone.now())
    return qs.order_by("-received_at", "-pk")


# A dossier code: <agency code>-<date>-<number> (the 2018 form 000.00.01.H29-240115-0001, the national portal's
# G09.20-20260609-0092637); an identity number: 9 or 12 digits.
_CODE = re.compile(r"^\S+-\d{6,8}-\d{3,8}$")
_ID_NUMBER = re.compile(r"^\d{9}(\d{3})?$")


def _search_condition(text: str) -> Q:
    """What the queue's search box means: a dossier code, an identity number, or (anything else) a part of the
    applicant's name without regard to diacritics. One condition, not an OR of the three, so each is served by its
    own index (the code's unique index; the folded name's trigram index on PostgreSQL, with the agency's)."""
    if _CODE.match(text):
        return Q(code=text.upper())
    if _ID_NUMBER.match(text):
        return Q(applicant_id_number=text)
    return Q(applicant_folded__contains=fold(text))


def own_dossiers(*, user: Any) -> QuerySet[Dossier]:
    """A citizen's or organisation's dossiers, drafts included (they are theirs to continue)."""
    if getattr(user, "kind", "") not in ("citizen", "organization"):
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant_user=user).select_related("procedure").order_by("-pk")


def dossier_get(*, user: Any, pk: int) -> Dossier:
    found = (
        visible_dossiers(user)
        .select_related(
            "procedure", "procedure__sector", "handling_agency", "receiving_agency", "received_by"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(str(_("No such dossier, or you may not see it.")))
    return found


@dataclass
class QueueItem:
    dossier: Dossier
    reason: str
    due: datetime | None
    step: DossierStep | None = None

    @property
    def badge(self) -> str:
        return deadline_badge(self.due)


BRIEF_STEP = (
    "pk",
    "name",
    "due_at",
    "agency_id",
    "dossier__id",
    "dossier__code",
    "dossier__status",
    "dossier__applicant_name",
    "dossier__procedure__name",
)


def _step_queries(user: Any, limit: int) -> list[QuerySet[DossierStep]]:
    """One query per way a step reaches the user — named on it, or open to a role they hold at an agency (or to any
    role) — each read in deadline order on an index ((assignee, status, due_at) or the partial dossier_step_open)
    and cut at `limit`, instead of one OR that would sort every active step of the agency."""
    base = (
        DossierStep.objects.filter(status=DossierStep.Status.ACTIVE, dossier__status__in=WORKING)
        .select_related("dossier", "dossier__procedure")
        .only(*BRIEF_STEP)
        .order_by("due_at", "pk")
    )
    queries = [base.filter(assignee=user)[:limit]]
    # Roles held at the same agencies share their agency list: one query per process role, however many
    # memberships the person has (a leader holding posts in several agencies), plus one for the steps open to any
    # role ("") at those agencies (a step found twice is kept once by my_queue).
    by_role: dict[str, set[int]] = {}
    for membership in user.active_memberships():
        for held in set(PROCESS_ROLES) & set(membership.roles):
            by_role.setdefault(str(held), set()).add(membership.agency_id)
    groups: dict[tuple[int, ...], list[str]] = {}
    for role, at in sorted(by_role.items()):
        groups.setdefault(tuple(sorted(at)), []).append(role)
    for agencies, roles in groups.items():
        for role in [*roles, ""]:  # one role per query: each reads the index dossier_step_open in order
            queries.append(base.filter(agency_id__in=agencies, assignee__isnull=True, role=role)[:limit])
    return queries


def my_queue(*, user: Any, limit: int = 200) -> list[QueueItem]:
    """What waits for this officer: steps in their hands (named, or open to their role at their agency), and at
    their desks the dossiers submitted online or brought back complete, waiting to be checked. Overdue first."""
    agencies = process_agency_ids(user)
    if not agencies:
        return []
    items: list[QueueItem] = []
    seen: set[int] = set()
    for query in _step_queries(user, limit):
        for step in query:
            if step.pk not in seen:
                seen.add(step.pk)
                items.append(QueueItem(dossier=step.dossier, reason=step.name, due=step.due_at, step=step))
    desks = user.agency_ids_with_role(Role.ONE_STOP_OFFICER)
    if desks:
        waiting = (
            Dossier.objects.filter(receiving_agency_id__in=desks)
            .filter(
                Q(status=Dossier.Status.NEW) | Q(status=Dossier.Status.SUPPLEMENT, clock_start__isnull=True)
            )
            .select_related("procedure")
            .only("pk", "code", "status", "applicant_name", "procedure__name")
            .order_by("received_at")[:limit]
        )
        for dossier in waiting:
            items.append(QueueItem(dossier=dossier, reason="check", due=None))
    far = timezone.now().replace(year=9999)
    items.sort(key=lambda item: item.due or far)
    return items[:limit]


def competent_agencies(procedure: Any) -> list[Any]:
    """The agencies in force that can handle the procedure (by kind), in Vietnamese order: what a citizen applying
    online chooses from."""
    qs = Agency.objects.filter(valid_to__isnull=True)
    if procedure.agency_kinds:
        qs = qs.filter(kind__in=procedure.agency_kinds)
    return list(qs.order_by("name_sort"))


def agency_for_area(agencies: list[Any], area: Any) -> Any | None:
    """The competent agency to propose to a citizen who lives in `area`: among the agencies that can handle the
    procedure, the one serving their commune or ward, else the nearest one serving an area above it (the
    province, for a provincial procedure). None when none serves it, or when two at the same level do."""
    seen = 0
    while area is not None and seen < 6:  # commune → (district) → province; a cycle cannot loop for ever
        serving = [agency for agency in agencies if agency.area_id == area.pk]
        if serving:
            return serving[0] if len(serving) == 1 else None
        area = area.parent
        seen += 1
    return None
