"""The public verification page /xac-thuc/: by code (and the QR code's link), by upload; rate-limited; a secret
document's subject is never shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from congso.signatures import services

from .conftest import draft_pdf

pytestmark = pytest.mark.django_db


def issue(office, subject="Phụ lục công khai", public=True) -> tuple[bytes, str]:
    signed, record = services.agency_sign(
        actor=office.clerk,
        agency_id=office.agency.pk,
        agency_name="UBND phường Một",
        pdf=draft_pdf(),
        mode="attachment",
        target="test:1",
        subject=subject,
        reference="12/QĐ-UBND",
        public=public,
    )
    return signed, record.code


def test_by_code_anyone_sees_who_signed_when_and_the_file_hash(signing_setup):
    signed, code = issue(signing_setup)
    page = Client().get(f"/xac-thuc/{code}/")
    text = page.content.decode()
    assert page.status_code == 200 and "UBND phường Một" in text and "Phụ lục công khai" in text
    import hashlib

    assert hashlib.sha256(signed).hexdigest() in text
    # The code is printed on the file with the link the QR code carries.
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(signed)
            handle.flush()
            out = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True).stdout
        assert code in out and f"/xac-thuc/{code}/" in out


def test_a_secret_documents_subject_is_not_shown_and_unknown_codes_are_404(signing_setup):
    _signed, code = issue(signing_setup, subject="Nội dung mật", public=False)
    text = Client().get(f"/xac-thuc/{code}/").content.decode()
    assert "Nội dung mật" not in text and "UBND phường Một" in text
    assert Client().get("/xac-thuc/ABCDEFGHJKMN/").status_code == 404
    assert Client().get("/xac-thuc/not-a-code/").status_code == 302


def test_upload_checks_the_signatures_and_recognises_our_file(signing_setup):
    signed, code = issue(signing_setup)
    client = Client()
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("a.pdf", signed, "application/pdf")})
    text = page.content.decode()
    assert page.status_code == 200 and "Chữ ký hợp lệ" in text and code in text
    altered = bytearray(signed)
    altered[len(signed) // 3] ^= 1
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("b.pdf", bytes(altered), "application/pdf")})
    assert "Chữ ký không hợp lệ" in page.content.decode()
    assert client.post("/xac-thuc/", {}).status_code == 400
    assert client.post("/xac-thuc/", {"code": "xx"}).status_code == 400


def test_rate_limited_per_address(signing_setup, settings):
    settings.CONGSO_VERIFY_RATE = 3
    _signed, code = issue(signing_setup)
    client = Client()
    codes = [client.get(f"/xac-thuc/{code}/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
