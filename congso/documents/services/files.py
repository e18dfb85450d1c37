"""Files of documents: size limit, type sniffed from the content (never trusted from the name), text extraction
for search. A file whose text cannot be extracted is still stored and the document flagged (issue 3 §5)."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from typing import Any

from defusedxml import ElementTree
from django.conf import settings
from django.core.files.base import ContentFile

from congso.core.text import clean_text, nfc
from congso.core.uploads import KINDS, Upload, check_upload

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
    sniffed = sniffed or check_upload(upload)
    text, status = extract_text(sniffed, upload.content)
    stored = DocumentFile(
        document=document,
        kind=kind,
        version=version,
        name=clean_text(upload.name)[:255],
        content_type=KINDS[sniffed][0],
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        text=text,
        text_status=status,
        comment=clean_text(comment)[:500],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored.file.save(upload.name, ContentFile(upload.content), save=False)
    stored.save()
    return stored
