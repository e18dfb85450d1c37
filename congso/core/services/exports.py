"""Reports built in the background (security finding 12: 200 register exports at once in the web workers starved
every other request for over a minute). A page asks for an export and goes to its status page; the worker builds it
(one at a time per worker process, so the load is bounded by the number of workers, not of requests), with its
progress; only the person who asked downloads it. Each person has at most CONGSO_EXPORT_MAX_ACTIVE exports waiting
or being built; a finished file is kept CONGSO_EXPORT_KEEP_DAYS days."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import ApplicationError, ValidationFailed
from ..models import Export
from ..registry import EXPORT_KINDS
from .audit import audit_log

logger = logging.getLogger("congso.exports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX, "zip": "application/zip"}


def _enqueue(export_id: str) -> None:
    from ..tasks import build_export

    try:
        build_export.enqueue(export_id)
    except Exception:  # noqa: BLE001 - the export stays pending; `export_requeue_pending` picks it up
        logger.exception("could not queue export %s", export_id)


@transaction.atomic
def export_request(
    *, user: Any, kind: str, params: dict[str, Any], title: str, filename: str, file_format: str
) -> Export:
    """Ask for an export; it is built by the worker. Refused past the per-person limit of active exports."""
    if kind not in EXPORT_KINDS:
        raise ValidationFailed(_("Unknown export."))
    if file_format not in CONTENT_TYPES:
        raise ValidationFailed(_("Unknown file format."), details={"format": [file_format]})
    limit = settings.CONGSO_EXPORT_MAX_ACTIVE
    active = Export.objects.select_for_update().filter(
        user=user, state__in=[Export.State.PENDING, Export.State.RUNNING]
    )
    if len(active) >= limit:
        raise ValidationFailed(
            _("You already have %(n)s exports being prepared: wait until one is ready.") % {"n": len(active)},
            code="too_many_exports",
        )
    export = Export.objects.create(
        user=user,
        kind=kind,
        params=params,
        title=title[:300],
        filename=filename[:200],
        content_type=CONTENT_TYPES[file_format],
    )
    audit_log(actor=user, action="export.requested", obj=export, object_repr=title[:255], changes=params)
    transaction.on_commit(partial(_enqueue, str(export.pk)))
    return export


def export_retry(*, user: Any, export: Export) -> Export:
    """Ask again for a failed export of one's own: a new export with the same report and parameters (the failed one
    stays, with its reason, in the log). Refused unless it failed, and past the same per-person limit."""
    if export.user_id != user.pk:
        raise ValidationFailed(_("Unknown export."))
    if export.state != Export.State.FAILED:
        raise ValidationFailed(_("Only an export that failed can be asked for again."), code="not_failed")
    file_format = next((ext for ext, kind in CONTENT_TYPES.items() if kind == export.content_type), "pdf")
    return export_request(
        user=user,
        kind=export.kind,
        params=dict(export.params),
        title=export.title,
        filename=export.filename,
        file_format=file_format,
    )


def export_build(*, export_id: str) -> str:
    """Build one export (the worker's job): running → done with the file, or failed with the reason."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id, state=Export.State.PENDING).first()
        if export is None:
            return "nothing to do"
        export.state = Export.State.RUNNING
        export.save(update_fields=["state"])

    def progress(percent: int) -> None:
        Export.objects.filter(pk=export_id).update(progress=max(0, min(99, int(percent))))

    try:
        content = EXPORT_KINDS[export.kind].build(export.user, dict(export.params), progress)
    except ApplicationError as exc:
        return _failed(export, exc.message)
    except Exception as exc:  # noqa: BLE001 - a failed export is recorded, never a crashed worker
        logger.exception("export %s failed", export_id)
        return _failed(
            export, _("The file could not be prepared (%(error)s).") % {"error": type(exc).__name__}
        )
    export.file.save(export.filename, ContentFile(content), save=False)
    export.size = len(content)
    export.state = Export.State.DONE
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "size", "state", "progress", "finished_at"])
    return "done"


def _failed(export: Export, reason: str) -> str:
    export.state = Export.State.FAILED
    export.error = reason[:2000]
    export.finished_at = timezone.now()
    export.save(update_fields=["state", "error", "finished_at"])
    return f"failed: {reason}"


def export_requeue_pending(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Queue again the exports whose job was lost (a crash between commit and enqueue); the worker calls it."""
    cutoff = timezone.now() - older_than
    ids = [
        str(pk)
        for pk in Export.objects.filter(state=Export.State.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ]
    for export_id in ids:
        _enqueue(export_id)
    return len(ids)


def exports_purge() -> int:
    """Delete finished exports older than CONGSO_EXPORT_KEEP_DAYS, with their files."""
    cutoff = timezone.now() - timedelta(days=settings.CONGSO_EXPORT_KEEP_DAYS)
    old = list(Export.objects.filter(created_at__lt=cutoff).exclude(state=Export.State.RUNNING))
    for export in old:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(old)


@dataclass
class Table:
    """A register or report as a page shows it and as it is exported."""

    title: str
    subtitle: str
    headers: list[str]
    rows: list[list[Any]]
    kind: str = ""

    def export(
        self, file_format: str, *, agency_name: str = "", empty_text: str = "", sheet: str = "Sổ"
    ) -> bytes:
        return table_export(
            file_format=file_format,
            title=self.title,
            subtitle=self.subtitle,
            headers=self.headers,
            rows=self.rows,
            agency_name=agency_name,
            empty_text=empty_text,
            sheet=sheet,
        )


def table_export(
    *,
    file_format: str,
    title: str,
    subtitle: str,
    headers: list[str],
    rows: list[list[Any]],
    agency_name: str = "",
    empty_text: str = "",
    sheet: str = "Sổ",
) -> bytes:
    """A register or report table as the file it is exported to: PDF (printed and bound, A4) or XLSX."""
    if file_format == "xlsx":
        from ..xlsx import table_to_xlsx

        return table_to_xlsx(title=f"{title} — {subtitle}", headers=headers, rows=rows, sheet=sheet)
    from ..pdf import render_pdf

    return render_pdf(
        "core/pdf/table.html",
        {
            "empty_text": empty_text,
            "title": title,
            "subtitle": subtitle,
            "headers": headers,
            "rows": rows,
            "agency_name": agency_name,
            "printed_at": timezone.localtime(),
        },
    )
