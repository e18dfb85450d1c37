"""Pages of background exports: the status page of one export (it refreshes itself until the file is ready) and
the download, both for the person who asked only; `start_export` is what a report page calls for `?xuat=pdf|xlsx`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .errors import ApplicationError
from .models import Export
from .services import export_request, export_retry


def start_export(
    request, *, kind: str, params: dict[str, Any], title: str, filename: str, file_format: str, back: str
):
    """Ask for the export and go to its page; past the limit, back to the report with the reason."""
    try:
        export = export_request(
            user=request.user,
            kind=kind,
            params=params,
            title=title,
            filename=filename,
            file_format=file_format,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect("core:export", pk=export.pk)


def _own(request, pk) -> Export:
    export = Export.objects.filter(pk=pk, user=request.user).first()
    if export is None:
        raise Http404
    return export


@login_required
def export_status(request, pk):
    export = _own(request, pk)
    template = "core/_export_status.html" if request.headers.get("HX-Request") else "core/export.html"
    return render(request, template, {"export": export})


@login_required
def export_download(request, pk):
    export = _own(request, pk)
    if export.state != Export.State.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=export.content_type
    )


@login_required
@require_POST
def export_again(request, pk):
    """A failed export asked for again (the button on its page): to the new export's page, or back with the reason."""
    export = _own(request, pk)
    try:
        again = export_retry(user=request.user, export=export)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("core:export", pk=export.pk)
    return redirect("core:export", pk=again.pk)
