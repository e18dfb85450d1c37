"""The public lookup (issue 4 §6): a dossier found by its code and the last 4 digits of the applicant's phone, both
required, so codes cannot be enumerated (the views also rate-limit). Drafts are never found.

`public_lookup` is the hot path of the citizen's lookup page and API: one SQL statement (the dossier, its procedure
and agency names, whether it is rated, and its public history as joined rows), prepared once per connection on
PostgreSQL (congso/core/db.py), so a lookup costs one round trip and neither ORM query building nor planning
(docs/performance.md). `dossier_lookup` returns the model instance for the writes that follow
a lookup (a rating, the result download)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import router

from congso.core.db import fetch_all
from congso.core.text import clean_text

from ..models import EVENT_LABELS, Dossier, DossierEvent, Rating
from .ratings import rateable

PUBLIC_ACTIONS = {
    action: EVENT_LABELS[action]
    for action in (
        "submitted",
        "received",
        "completion_requested",
        "refused",
        "forwarded",
        "sent_back",
        "supplement_requested",
        "supplement_received",
        "payment_requested",
        "payment_received",
        "extended",
        "stopped",
        "withdrawn",
        "approved",
        "returned",
    )
}


@dataclass(frozen=True)
class PublicDossier:
    """What the lookup shows a citizen: no officer's name, no internal comment, no applicant detail."""

    pk: int
    code: str
    status: str
    procedure_name: str
    handling_agency_name: str
    received_at: datetime | None
    appointment_at: datetime | None
    applicant_user_id: int | None
    downloadable: bool
    rated: bool
    history: list[dict[str, Any]]

    @property
    def status_label(self) -> str:
        return str(Dossier.Status(self.status).label)

    @property
    def rateable_here(self) -> bool:
        """A desk applicant (no account) rates through the lookup; an account holder rates on their own page."""
        return self.applicant_user_id is None and rateable(status=self.status, rated=self.rated)


def _key(code: str, check_value: str) -> tuple[list[str], str] | None:
    """The codes to try (upper case, and what was typed) and the 4 check digits; None when either is unusable."""
    raw = clean_text(code)
    digits = "".join(ch for ch in str(check_value or "") if ch.isdigit())
    if not raw or len(digits) != 4:
        return None
    return list(dict.fromkeys((raw.upper(), raw))), digits


def dossier_lookup(*, code: str, check_value: str) -> Dossier | None:
    key = _key(code, check_value)
    if key is None:
        return None
    codes, digits = key
    return (
        Dossier.objects.filter(code__in=codes, applicant_phone__endswith=digits)
        .exclude(status=Dossier.Status.DRAFT)
        .select_related("procedure", "handling_agency")
        .first()
    )


def downloadable(dossier: Dossier) -> bool:
    """The electronic result may be downloaded through the lookup once it is returned electronically."""
    return _downloadable(
        dossier.status, dossier.return_method, dossier.result_signed_file or dossier.result_file
    )


def _downloadable(status: str, return_method: str, result: Any) -> bool:
    return bool(
        status == Dossier.Status.RETURNED and return_method == Dossier.ReturnMethod.ELECTRONIC and result
    )


def _aware(value: datetime | None) -> datetime | None:
    """PostgreSQL returns aware datetimes to a raw cursor; SQLite returns naive ones, stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@functools.cache
def _lookup_sql() -> str:
    dossier, event = Dossier._meta, DossierEvent._meta
    procedure = dossier.get_field("procedure").related_model._meta
    agency = dossier.get_field("handling_agency").related_model._meta
    actions = ", ".join(f"'{action}'" for action in PUBLIC_ACTIONS)  # constants above, never user input
    # Table names from the models and the action constants above; the values are parameters. Scalar subqueries
    # rather than joins: PostgreSQL plans them in a third of the time, and planning is most of this query's cost.
    return f"""
        SELECT d.id, d.code, d.status, d.received_at, d.appointment_at, d.applicant_user_id, d.return_method,
               d.result_file, d.result_signed_file,
               (SELECT p.name FROM {procedure.db_table} p WHERE p.id = d.procedure_id),
               (SELECT a.name FROM {agency.db_table} a WHERE a.id = d.handling_agency_id),
               EXISTS (SELECT 1 FROM {Rating._meta.db_table} r WHERE r.dossier_id = d.id),
               e.at, e.action, e.data
        FROM {dossier.db_table} d
        LEFT JOIN {event.db_table} e ON e.dossier_id = d.id AND e.action IN ({actions})
        WHERE d.code = %s AND d.applicant_phone LIKE %s AND d.status <> %s
        ORDER BY e.at, e.id"""  # noqa: S608


def public_lookup(*, code: str, check_value: str) -> PublicDossier | None:
    key = _key(code, check_value)
    if key is None:
        return None
    codes, digits = key
    using = router.db_for_read(Dossier)
    for code in codes:  # the upper-case code first: codes are stored so; then what was typed, if different
        rows = fetch_all(_lookup_sql(), [code, f"%{digits}", Dossier.Status.DRAFT.value], using=using)
        if rows:
            break
    else:
        return None
    first = rows[0]
    history = []
    for row in rows:
        if row[12] is None:
            continue
        data = json.loads(row[14]) if isinstance(row[14], str) else row[14] or {}
        where = ", ".join(data.get("agencies") or []) if row[13] == "forwarded" else ""
        history.append({"at": _aware(row[12]), "label": PUBLIC_ACTIONS[row[13]], "where": where})
    return PublicDossier(
        pk=first[0],
        code=first[1],
        status=first[2],
        procedure_name=first[9],
        handling_agency_name=first[10],
        received_at=_aware(first[3]),
        appointment_at=_aware(first[4]),
        applicant_user_id=first[5],
        downloadable=_downloadable(first[2], first[6], first[7] or first[8]),
        rated=bool(first[11]),
        history=history,
    )


def public_history(dossier: Dossier) -> list[dict[str, Any]]:
    """The status history a citizen sees: what happened, when, and at which agency — never the officers' names or
    internal comments (department level, issue 4 §6)."""
    rows = []
    for event in DossierEvent.objects.filter(dossier=dossier, action__in=PUBLIC_ACTIONS).order_by("at", "pk"):
        where = ", ".join(event.data.get("agencies") or []) if event.action == "forwarded" else ""
        rows.append({"at": event.at, "label": PUBLIC_ACTIONS[event.action], "where": where})
    return rows
