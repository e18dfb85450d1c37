"""The outbox towards the national portal: a dossier record at each status change and a progress record at each
action, written in the action's transaction (so nothing is lost if the process dies before sending), queued after
commit, sent with back-off, never twice for one version of the dossier."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction

from congso.core import outbox

from .. import portal
from ..models import Dossier, DossierEvent, PortalSync

logger = logging.getLogger("congso.dossiers.portal")


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


def _attempt(sync: PortalSync) -> None:
    status = portal.TRANSPORT["post"](sync.kind, sync.payload)
    if not 200 <= status < 300:
        raise ConnectionError(f"HTTP {status}")


def portal_send(*, sync_id: int) -> str:
    return outbox.deliver(
        PortalSync.objects.all(),
        sync_id,
        _attempt,
        max_attempts=settings.CONGSO_PORTAL_MAX_ATTEMPTS,
        requeue=_enqueue,
    )


def portal_retry(*, include_failed: bool = False) -> dict[str, int]:
    """Send every due record now, oldest first (`congso portal retry`)."""
    return outbox.retry(
        PortalSync.objects.all(), lambda pk: portal_send(sync_id=pk), include_failed=include_failed
    )
