"""Uploads: the type from the content, and limits checked before anything unpacks or reads a file whole."""

import io
import time
import tracemalloc
import zipfile

import pytest

from congso.core.errors import ValidationFailed
from congso.core.uploads import Upload, check_upload
from congso.documents.services.files import extract_text
from congso.documents.tests.factories import docx_bytes


def bomb(unpacked: int) -> bytes:
    """A DOCX whose body unpacks to `unpacked` bytes of nothing (compresses about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_a_decompression_bomb_is_refused_before_it_is_unpacked():
    """Security finding 1: a 100 KB DOCX that unpacks to 100 MB was accepted (21 s, +1.6 GB in the worker)."""
    content = bomb(100 * 1024 * 1024)
    assert len(content) < 200 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValidationFailed) as refused:
        check_upload(Upload("ke-hoach.docx", content))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "ke-hoach.docx" in refused.value.message
    assert elapsed < 2 and peak < 20 * 1024 * 1024


def test_an_archive_that_unpacks_beyond_the_limit_is_refused(settings):
    settings.CONGSO_UPLOAD_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/scan.png", b"\x89PNG" + bytes(2 * 1024 * 1024))
    with pytest.raises(ValidationFailed, match="1 MB"):
        check_upload(Upload("a.docx", buffer.getvalue()))


def test_an_ordinary_docx_is_accepted_and_its_text_capped(settings):
    content = docx_bytes(*[f"Đoạn {i}: kế hoạch chuyển đổi số năm 2026." for i in range(2000)])
    assert check_upload(Upload("ke-hoach.docx", content)) == "docx"
    text, status = extract_text("docx", content)
    assert status == "ok" and text.startswith("Đoạn 0") and "Đoạn 1999" in text
    settings.CONGSO_TEXT_MAX_CHARS = 1000
    text, status = extract_text("docx", content)
    assert status == "ok" and len(text) <= 1000 and "Đoạn 1999" not in text


def test_extraction_of_a_bomb_that_got_past_the_check_stops_at_its_cap():
    text, status = extract_text("docx", bomb(64 * 1024 * 1024))
    assert (text, status) == ("", "failed")
