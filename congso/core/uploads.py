"""Uploaded files, for every module: the type is sniffed from the content (never trusted from the name) and the
size is limited by `CONGSO_DOCUMENT_MAX_UPLOAD_BYTES`. Errors are Vietnamese and name the form field. Accepted:
PDF, DOCX, XLSX, DOC (Word 97–2003), PNG, JPEG, TIFF."""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ValidationFailed
from .text import clean_text


def max_upload_bytes() -> int:
    return settings.CONGSO_DOCUMENT_MAX_UPLOAD_BYTES


KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    # Word 97–2003: still what many agencies' systems attach to packages (the SDK's own sample sends a .doc).
    "doc": ("application/msword", {".doc"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "tiff": ("image/tiff", {".tif", ".tiff"}),
}


def safe_file_name(name: str | None) -> str:
    """A file name from outside (a form, the API, a peer's package) as it may be stored and shown: the last path
    part only, no control or reserved characters, not hidden, at most 200 characters with its extension kept
    (security finding 14: `../../x.pdf` in a package aborted the whole receive)."""
    text = clean_text("".join(ch for ch in (name or "") if ch.isprintable()))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = re.sub(r'[<>:"|?*]', "_", text).lstrip(". ")
    if len(text) > 200:
        stem, dot, extension = text.rpartition(".")
        text = f"{stem[: 199 - len(extension)]}.{extension}" if dot and len(extension) <= 10 else text[:200]
    return text or "tep-dinh-kem"


@dataclass
class Upload:
    name: str
    content: bytes

    def __post_init__(self) -> None:
        self.name = safe_file_name(self.name)


def too_large_message(name: str) -> str:
    return _("The file “%(name)s” is larger than %(mb)s MB.") % {
        "name": name,
        "mb": max_upload_bytes() // (1024 * 1024),
    }


def upload_from(uploaded, field: str = "file") -> Upload:
    """An uploaded file (Django's UploadedFile, already spooled to disk past FILE_UPLOAD_MAX_MEMORY_SIZE) as an
    Upload, its size checked before it is read into memory (security finding 6)."""
    name = safe_file_name(getattr(uploaded, "name", ""))
    if (uploaded.size or 0) > max_upload_bytes():
        message = too_large_message(name)
        raise ValidationFailed(message, details={field: [message]})
    return Upload(name=name, content=uploaded.read())


def upload_from_base64(name: str, content_base64: str, field: str = "file") -> Upload:
    """A file sent in a JSON body as base64 (the API), its size checked before it is decoded."""
    clean_name = safe_file_name(name)
    if len(content_base64) // 4 * 3 > max_upload_bytes() + 3:
        message = too_large_message(clean_name)
        raise ValidationFailed(message, details={field: [message]})
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        message = _("The file is not valid base64.")
        raise ValidationFailed(message, details={field: [message]}) from None
    return Upload(name=clean_name, content=content)


def sniff(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = archive.namelist()
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except zipfile.BadZipFile:
            return None
    return None


# A DOCX is a zip archive: what it unpacks to is checked before anything reads a member (security finding 1: a
# 100 KB file whose word/document.xml unpacked to 100 MB cost 21 s and 1.6 GB in the request).
MAX_ARCHIVE_MEMBERS = 5000
MAX_COMPRESSION_RATIO = 100


def archive_problem(content: bytes) -> str | None:
    """Why a zip-based upload must be refused (too many members, unpacks too large, a member compressed beyond any
    real document's ratio), or None. Reads only the central directory; zipfile never reads a member past the size
    it declares, so the declared sizes bound every later read."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return _("the archive is damaged")
    if len(members) > MAX_ARCHIVE_MEMBERS:
        return _("the archive has too many parts")
    limit = settings.CONGSO_UPLOAD_MAX_UNPACKED_BYTES
    if sum(member.file_size for member in members) > limit:
        return _("it unpacks to more than %(mb)s MB") % {"mb": limit // (1024 * 1024)}
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            return _("a part of it is compressed abnormally (a zip bomb?)")
    return None


def check_upload(upload: Upload, field: str = "file") -> str:
    """The sniffed kind of an acceptable upload, or ValidationFailed with a Vietnamese reason."""
    name = clean_text(upload.name) or "tep"
    if not upload.content:
        raise ValidationFailed(_("The file is empty."), details={field: [_("The file is empty.")]})
    if len(upload.content) > max_upload_bytes():
        message = too_large_message(name)
        raise ValidationFailed(message, details={field: [message]})
    kind = sniff(upload.content)
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if kind is None:
        message = _("The file “%(name)s” is not a PDF, Word, Excel or image file.") % {"name": name}
        raise ValidationFailed(message, details={field: [message]})
    if kind in ("docx", "xlsx") and (problem := archive_problem(upload.content)):
        message = _("The file “%(name)s” is refused: %(reason)s.") % {"name": name, "reason": problem}
        raise ValidationFailed(message, details={field: [message]})
    if extension not in KINDS[kind][1]:
        message = _("The content of “%(name)s” does not match its name (it is a %(kind)s file).") % {
            "name": name,
            "kind": kind.upper(),
        }
        raise ValidationFailed(message, details={field: [message]})
    return kind
