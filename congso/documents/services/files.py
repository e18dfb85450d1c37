"""Files of documents: size limit, type sniffed from the content (never trusted from the name), text extraction
for search. A file whose text cannot be extracted is still stored and the document flagged (issue 3 §5)."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from functools import partial
from typing import Any

from defusedxml import ElementTree
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from congso.core.text import clean_text, nfc
from congso.core.uploads import KINDS, Upload, check_upload, sniff

from ..models import Document, DocumentFile

logger = logging.getLogger("congso.documents")


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The XML of a DOCX body read for its text at most (a 500-page report is a few MB; the upload check refuses
# archives that unpack beyond CONGSO_UPLOAD_MAX_UNPACKED_BYTES before this is reached).
MAX_DOCX_XML_BYTES = 40 * 1024 * 1024


def _docx_text(content: bytes, limit: int) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise ValueError(f"word/document.xml unpacks to {info.file_size} bytes")
        paragraphs: list[str] = []
        size = 0
        with archive.open(info) as member:
            for _event, node in ElementTree.iterparse(member, events=("end",)):
                if node.tag == f"{WORD}p":
                    text = "".join(part.text or "" for part in node.iter(f"{WORD}t"))
                    paragraphs.append(text)
                    size += len(text) + 1
                    node.clear()
                    if size >= limit:
                        break
    return "\n".join(paragraphs)


def _pdf_text(content: bytes, limit: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content), strict=False)
    parts: list[str] = []
    size = 0
    for index, page in enumerate(reader.pages):
        if index >= settings.CONGSO_TEXT_MAX_PDF_PAGES or size >= limit:
            break
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text) + 1
    return "\n".join(parts)


def extract_text(kind: str, content: bytes) -> tuple[str, str]:
    """(text, status): status is ok, empty (nothing to read: a scan) or failed (a corrupt file). Reads at most
    CONGSO_TEXT_MAX_CHARS characters (PDF: CONGSO_TEXT_MAX_PDF_PAGES pages): the rest is not indexed."""
    limit = settings.CONGSO_TEXT_MAX_CHARS
    try:
        if kind == "pdf":
            text = _pdf_text(content, limit)
        elif kind == "docx":
            text = _docx_text(content, limit)
        else:
            return "", DocumentFile.TextStatus.EMPTY
    except Exception as exc:  # noqa: BLE001 - any parser failure means "could not extract", never a crash
        logger.warning("text extraction failed (%s): %s", kind, exc)
        return "", DocumentFile.TextStatus.FAILED
    text = nfc(re.sub(r"[ \t]+", " ", text)).strip()[:limit]
    return text, (DocumentFile.TextStatus.OK if text else DocumentFile.TextStatus.EMPTY)


def attach_file(
    *,
    document: Document,
    upload: Upload,
    actor: Any,
    kind: str = DocumentFile.Kind.MAIN,
    version: int = 1,
    comment: str = "",
    sniffed: str | None = None,
) -> DocumentFile:
    """Store a checked file; its text is read for search by the worker after the commit (never in the request: a
    300-page PDF takes seconds), then the document's search text is refreshed."""
    sniffed = sniffed or check_upload(upload)
    stored = DocumentFile(
        document=document,
        kind=kind,
        version=version,
        name=clean_text(upload.name)[:255],
        content_type=KINDS[sniffed][0],
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        text="",
        text_status=DocumentFile.TextStatus.PENDING,
        comment=clean_text(comment)[:500],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored.file.save(upload.name, ContentFile(upload.content), save=False)
    stored.save()
    transaction.on_commit(partial(_queue_extraction, stored.pk))
    return stored


def _queue_extraction(file_id: int) -> None:
    from ..tasks import extract_file_text

    try:
        extract_file_text.enqueue(file_id)
    except Exception:  # noqa: BLE001 - the file stays pending; the worker's start-up sweep reads it
        logger.exception("could not queue text extraction of file %s", file_id)


def file_text_extract(*, file_id: int) -> str:
    """Read one pending file's text (the worker's job) and refresh the search text of every document holding it
    (a local delivery shares the file)."""
    from .common import refresh_search_text

    stored = DocumentFile.objects.filter(pk=file_id, text_status=DocumentFile.TextStatus.PENDING).first()
    if stored is None:
        return "nothing to do"
    with stored.file.open("rb") as handle:
        content = handle.read(settings.CONGSO_DOCUMENT_MAX_UPLOAD_BYTES + 1)
    kind = sniff(content) or ""
    text, status = extract_text(kind, content) if kind else ("", DocumentFile.TextStatus.EMPTY)
    from .signing import file_signatures_check

    check = file_signatures_check(stored, content)
    with transaction.atomic():
        holders = list(
            DocumentFile.objects.select_for_update()
            .filter(Q(pk=file_id) | Q(file=stored.file.name), text_status=DocumentFile.TextStatus.PENDING)
            .select_related("document")
        )
        for holder in holders:
            holder.text, holder.text_status = text, status
            holder.signature_check = check
            holder.save(update_fields=["text", "text_status", "signature_check"])
        for document in {holder.document_id: holder.document for holder in holders}.values():
            refresh_search_text(document)
    return status


def _pending_file_ids(older_than_minutes: int) -> list[int]:
    """Files whose text is still to be read, uploaded at least `older_than_minutes` ago, oldest first."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    return list(
        DocumentFile.objects.filter(text_status=DocumentFile.TextStatus.PENDING, uploaded_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def file_text_requeue_pending(*, older_than_minutes: int = 5) -> int:
    """Queue again the files whose job was lost (a crash between commit and enqueue): the worker's start-up sweep."""
    ids = _pending_file_ids(older_than_minutes)
    for file_id in ids:
        _queue_extraction(file_id)
    return len(ids)


def file_text_extract_pending(*, older_than_minutes: int = 0) -> int:
    """Read every file still pending, here and now (tests, and an operator's shell): the count done."""
    ids = _pending_file_ids(older_than_minutes)
    for file_id in ids:
        file_text_extract(file_id=file_id)
    return len(ids)
