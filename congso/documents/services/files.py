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
from django.core.files.base import ContentFile

from congso.core.text import clean_text, nfc
from congso.core.uploads import KINDS, Upload, check_upload

from ..models import Document, DocumentFile

logger = logging.getLogger("congso.documents")


def extract_text(kind: str, content: bytes) -> tuple[str, str]:
    """(text, status): status is ok, empty (nothing to read: a scan) or failed (a corrupt file)."""
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content), strict=False)
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        elif kind == "docx":
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                root = ElementTree.fromstring(archive.read("word/document.xml"))
            namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
            paragraphs = []
            for paragraph in root.iter(f"{namespace}p"):
                paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{namespace}t")))
            text = "\n".join(paragraphs)
        else:
            return "", DocumentFile.TextStatus.EMPTY
    except Exception as exc:  # noqa: BLE001 - any parser failure means "could not extract", never a crash
        logger.warning("text extraction failed (%s): %s", kind, exc)
        return "", DocumentFile.TextStatus.FAILED
    text = nfc(re.sub(r"[ \t]+", " ", text)).strip()
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
