"""One outbox mechanism for everything the platform sends to the outside world after a commit: exchange packages
and statuses to peers, records to the national public-service portal, e-mail and SMS notifications.

Each of those keeps its rows (written in the transaction of the action that caused them) with a state
(pending → sent | failed), a number of attempts, the time of the next attempt and the last error. `deliver` takes
one row under a row lock, calls the channel's `attempt`, and records the outcome the same way for all of them:

- `attempt` returns: the other side said it took the message → sent;
- `attempt` raises `Refused`: the other side answered and will never take it (a package refused with status 02) →
  failed at once, with the reason, not retried;
- anything else it raises (a time-out, HTTP 413, an unreadable answer, …) → retried with back-off, and failed with
  the last reason after `max_attempts`. Nothing is ever marked sent on an answer that does not say so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

BACKOFF_MINUTES = [1, 2, 5, 10, 30, 60, 120, 240, 480, 720]
PENDING, SENT, FAILED = "pending", "sent", "failed"


class Refused(Exception):
    """The receiving side answered and refused the message for good: retrying would not change its mind."""


def next_attempt_at(attempts: int) -> datetime:
    return timezone.now() + timedelta(minutes=BACKOFF_MINUTES[min(attempts - 1, len(BACKOFF_MINUTES) - 1)])


def deliver(
    queryset: QuerySet[Any],
    pk: int,
    attempt: Callable[[Any], None],
    *,
    max_attempts: int,
    state_field: str = "state",
    requeue: Callable[[int, datetime], None] | None = None,
) -> str:
    """Send one pending row that is due: "sent", "failed: <reason>" (to be retried, or given up), or "nothing to
    do" (not pending, not due yet — its back-off runs — or another worker holds it)."""
    with transaction.atomic():
        row: Model | None = (
            queryset.select_for_update(skip_locked=True, of=("self",))
            .filter(Q(attempts=0) | Q(next_attempt_at__lte=timezone.now()), pk=pk, **{state_field: PENDING})
            .first()
        )
        if row is None:
            return "nothing to do"
        row.attempts += 1  # type: ignore[attr-defined]
        fields = [state_field, "attempts", "last_error", "next_attempt_at", "sent_at"]
        try:
            attempt(row)
        except Refused as exc:
            setattr(row, state_field, FAILED)
            row.last_error = str(exc)[:2000]  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - every other failure is retried
            row.last_error = str(exc)[:2000]  # type: ignore[attr-defined]
            if row.attempts >= max_attempts:  # type: ignore[attr-defined]
                setattr(row, state_field, FAILED)
            else:
                when = next_attempt_at(row.attempts)  # type: ignore[attr-defined]
                row.next_attempt_at = when  # type: ignore[attr-defined]
                if requeue is not None:
                    transaction.on_commit(lambda: requeue(pk, when))
        else:
            setattr(row, state_field, SENT)
            row.sent_at = timezone.now()  # type: ignore[attr-defined]
            row.last_error = ""  # type: ignore[attr-defined]
        row.save(update_fields=fields)
        state = getattr(row, state_field)
        return state if state == SENT else f"failed: {row.last_error}"  # type: ignore[attr-defined]


def due(queryset: QuerySet[Any], *, state_field: str = "state", limit: int = 100_000) -> list[int]:
    return list(
        queryset.filter(**{state_field: PENDING, "next_attempt_at__lte": timezone.now()})
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def retry(
    queryset: QuerySet[Any],
    send: Callable[[int], str],
    *,
    include_failed: bool = False,
    state_field: str = "state",
) -> dict[str, int]:
    """Send every due row now (`congso exchange retry`, `congso portal retry`); with include_failed, failed rows
    get another full round first."""
    if include_failed:
        queryset.filter(**{state_field: FAILED}).update(
            **{state_field: PENDING, "attempts": 0, "next_attempt_at": timezone.now()}
        )
    results = {"sent": 0, "failed": 0}
    for pk in due(queryset, state_field=state_field):
        results["sent" if send(pk) == SENT else "failed"] += 1
    return results
