"""Files of documents: size limit, type sniffed from the content (never trusted from the name), text extraction
for search. A file whose text cannot be extracted is still stored and the document flagged (issue 3 §5)."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed
from congso.core.text import clean_text, nfc

from ..models import Document, DocumentFile
from .common import max_upload_bytes

logger = logging.getLogger("congso.documents")

KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "tiff": ("image/tiff", {".tif", ".tiff"}),
}


@dataclass
class Upload:
    name: str
    content: bytes


def sniff(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(upload: Upload, field: str = "file") -> str:
    """The sniffed kind of an acceptable upload, or ValidationFailed with a Vietnamese reason."""
    name = clean_text(upload.name) or "tep"
    if not upload.content:
        raise ValidationFailed(_("The file is empty."), details={field: [_("The file is empty.")]})
    limit = max_upload_bytes()
    if len(upload.content) > limit:
        message = _("The file “%(name)s” is larger than %(mb)s MB.") % {
            "name": name,
            "mb": limit // (1024 * 1024),
        }
        raise ValidationFailed(message, details={field: [message]})
    kind = sniff(upload.content)
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if kind is None:
        message = _("The file “%(name)s” is not a PDF, DOCX or image file.") % {"name": name}
        raise ValidationFailed(message, details={field: [message]})
    if extension not in KINDS[kind][1]:
        message = _("The content of “%(name)s” does not match its name (it is a %(kind)s file).") % {
            "name": name,
            "kind": kind.upper(),
        }
        raise ValidationFailed(message, details={field: [message]})
    return kind


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
