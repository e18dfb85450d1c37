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


def test_an_oversized_request_is_refused_before_it_is_read(client, settings):
    """Security finding 6: uploads were read whole into memory before the size check (400 MB: +387 MB)."""
    settings.CONGSO_MAX_REQUEST_BYTES = 1024 * 1024

    class Unreadable(io.RawIOBase):
        def readinto(self, buffer):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST",
        "/van-ban/den/moi/",
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(400 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413 and "1 MB" in response.content.decode()
    api = client.generic(
        "POST",
        "/api/v1/documents/incoming",
        b"",
        CONTENT_LENGTH=str(2 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert api.status_code == 413 and api.json()["code"] == "too_large"


def test_a_file_over_its_limit_is_refused_before_it_is_read(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from congso.core.uploads import upload_from, upload_from_base64

    settings.CONGSO_DOCUMENT_MAX_UPLOAD_BYTES = 1024

    class Unread(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the file was read")

    big = Unread("scan.pdf", b"%PDF-" + bytes(4096))
    with pytest.raises(ValidationFailed, match="scan.pdf"):
        upload_from(big, "files")
    with pytest.raises(ValidationFailed, match="scan.pdf"):
        upload_from_base64("scan.pdf", "A" * 8000)
    with pytest.raises(ValidationFailed, match="base64"):
        upload_from_base64("scan.pdf", "!!!!")
    assert upload_from_base64("../a.pdf", "JVBERi0=").name == "a.pdf"


def test_word_97_and_xlsx_files_from_other_systems_are_accepted_by_their_content():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert check_upload(Upload("1896_QD-TTg.doc", ole)) == "doc"
    with pytest.raises(ValidationFailed, match="không khớp|does not match"):
        check_upload(Upload("1896_QD-TTg.pdf", ole))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert check_upload(Upload("bang-ke.xlsx", buffer.getvalue())) == "xlsx"
    with pytest.raises(ValidationFailed):
        check_upload(Upload("virus.exe", b"MZ\x90\x00"))
