"""The outbox towards the national portal: a dossier record at each status change and a progress record at each
action, written in the action's transaction (so nothing is lost if the process dies before sending), queued after
commit, sent with back-off, never twice for one version of the dossier."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import portal
from ..models import Dossier, DossierEvent, PortalSync

logger = logging.getLogger("congso.dossiers.portal")
BACKOFF_MINUTES = [1, 2, 5, 10, 30, 60, 120, 240, 480, 720]


def _enqueue(sync_id: int, run_after=None) -> None:
    from ..tasks import send_portal_record

    try:
        task = send_portal_record.using(run_after=run_after) if run_after else send_portal_record
        task.enqueue(sync_id)
    except Exception:  # noqa: BLE001 - the row stays pending; `congso portal retry` sends it
        logger.exception("could not queue portal record %s", sync_id)


def portal_queue(dossier: Dossier, event: DossierEvent, *, status_changed: bool) -> None:
    if not portal.enabled() or dossier.status == Dossier.Status.DRAFT:
        return
    records = [(PortalSync.Kind.PROGRESS, portal.progress_record(dossier, event))]
    if status_changed or event.action in ("extended", "moved_after_merge"):
        records.insert(0, (PortalSync.Kind.DOSSIER, portal.dossier_record(dossier)))
    for kind, payload in records:
        try:
            with transaction.atomic():
                sync = PortalSync.objects.create(
                    dossier=dossier, kind=kind, version=dossier.version, payload=payload
                )
        except IntegrityError:
            continue
        transaction.on_commit(partial(_enqueue, sync.pk))


def portal_send(*, sync_id: int) -> str:
    with transaction.atomic():
        sync = (
            PortalSync.objects.select_for_update(skip_locked=True)
            .filter(pk=sync_id, state=PortalSync.State.PENDING)
            .first()
        )
        if sync is None:
            return "nothing to do"
        sync.attempts += 1
        try:
            status = portal.TRANSPORT["post"](sync.kind, sync.payload)
            if status >= 300:
                raise ConnectionError(f"HTTP {status}")
        except Exception as exc:  # noqa: BLE001 - every failure is retried
            sync.last_error = str(exc)[:1000]
            if sync.attempts >= settings.CONGSO_PORTAL_MAX_ATTEMPTS:
                sync.state = PortalSync.State.FAILED
            else:
                delay = BACKOFF_MINUTES[min(sync.attempts - 1, len(BACKOFF_MINUTES) - 1)]
                sync.next_attempt_at = timezone.now() + timedelta(minutes=delay)
                transaction.on_commit(partial(_enqueue, sync.pk, sync.next_attempt_at))
            sync.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            return f"failed: {sync.last_error}"
        sync.state = PortalSync.State.SENT
        sync.sent_at = timezone.now()
        sync.last_error = ""
        sync.save(update_fields=["attempts", "state", "sent_at", "last_error"])
        return "sent"


def portal_retry(*, include_failed: bool = False) -> dict[str, int]:
    """Send every due record now, oldest first (`congso portal retry`)."""
    if include_failed:
        PortalSync.objects.filter(state=PortalSync.State.FAILED).update(
            state=PortalSync.State.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
    results = {"sent": 0, "failed": 0}
    due = PortalSync.objects.filter(state=PortalSync.State.PENDING, next_attempt_at__lte=timezone.now())
    for pk in due.order_by("created_at", "pk").values_list("pk", flat=True):
        results["sent" if portal_send(sync_id=pk) == "sent" else "failed"] += 1
    return results
