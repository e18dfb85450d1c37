"""Signing with the agency's PKCS#12 key and through the agent's interrupted signing, checked by pyHanko and by
an independent implementation (poppler's pdfsig)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date

import pytest

from congso.core.errors import ValidationFailed
from congso.signatures import services
from congso.signatures.models import IssuedSignature, SigningRequest
from congso.signatures.services import appearance

from .conftest import agent_sign, draft_pdf

pytestmark = pytest.mark.django_db


def pdfsig(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler-utils (pdfsig) is not installed")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def leader_signs(office, test_pki, pdf: bytes) -> bytes:
    look = services.personal_appearance(
        user=office.leader, pdf=pdf, signer_name="Nguyễn Văn Ánh", position=None
    )
    request = services.signing_request_create(
        actor=office.leader, pdf=pdf, target="test:1", subject="Quyết định thử", appearance=look
    )
    value = agent_sign(test_pki.leader, bytes(request.signed_attributes))
    return services.signing_request_complete(actor=office.leader, request=request, signature=value)


def test_attachment_signed_by_the_agency_is_valid_for_pyhanko_and_pdfsig(signing_setup, tmp_path):
    office = signing_setup
    signed, record = services.agency_sign(
        actor=office.clerk,
        agency_id=office.agency.pk,
        agency_name="UBND phường Một",
        pdf=draft_pdf(),
        mode="attachment",
        target="test:1",
        subject="Phụ lục kèm theo",
        reference="12/QĐ-UBND",
    )
    report = services.validate_pdf(signed)
    assert report["status"] == "valid", report
    [check] = report["signatures"]
    assert check["signer"] == "UBND phường Một" and check["whole_file"] and check["digest"] == "sha256"
    assert record.file_sha256 == hashlib.sha256(signed).hexdigest() and len(record.code) == 12
    out = pdfsig(signed, tmp_path)
    assert "Signature is Valid" in out and "UBND phường Một" in out and "SHA-256" in out


def test_leader_through_the_agent_then_number_and_agency_seal_all_valid(signing_setup, test_pki, tmp_path):
    office = signing_setup
    draft = draft_pdf()
    personal = leader_signs(office, test_pki, draft)
    assert services.validate_pdf(personal)["status"] == "valid"
    stamps = services.number_stamps(personal, code="12/QĐ-UBND", issued=date(2026, 12, 4))
    assert [s.text for s in stamps] == ["Số: 12/QĐ-UBND", "Phường Một, ngày 04 tháng 12 năm 2026"]
    final, _record = services.agency_sign(
        actor=office.clerk,
        agency_id=office.agency.pk,
        agency_name="UBND phường Một",
        pdf=personal,
        mode="seal",
        target="test:1",
        subject="Quyết định thử",
        reference="12/QĐ-UBND",
        stamps=stamps,
    )
    report = services.validate_pdf(final)
    assert report["status"] == "valid", report
    assert [c["signer"] for c in report["signatures"]] == ["Nguyễn Văn Ánh", "UBND phường Một"]
    assert all(not c["problems"] for c in report["signatures"])
    out = pdfsig(final, tmp_path)
    assert out.count("Signature is Valid") == 2
    # The stamped text is in the file: poppler reads the number and the date from page 1.
    if shutil.which("pdftotext"):
        (tmp_path / "final.pdf").write_bytes(final)
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "final.pdf"), "-"], capture_output=True, text=True
        ).stdout
        assert "12/QĐ-UBND" in text and "ngày 04 tháng 12 năm 2026" in text
    # One byte changed in the draft's part: both tools say both signatures no longer hold.
    altered = bytearray(final)
    altered[len(draft) // 2] ^= 0x01
    assert services.validate_pdf(bytes(altered))["status"] == "invalid"
    assert "Signature is Valid" not in pdfsig(bytes(altered), tmp_path)
    # One byte changed after the leader signed (in the clerk's revision): the agency's signature fails, and
    # pyHanko also reports the leader's as modified after signing.
    later = bytearray(final)
    later[len(personal) + 200] ^= 0x01
    checks = services.validate_pdf(bytes(later))
    assert checks["status"] == "invalid"


def test_seal_overlaps_a_third_of_the_signers_image_on_its_left(signing_setup, test_pki):
    office = signing_setup
    draft = draft_pdf()
    personal = appearance.personal_box(draft, "Nguyễn Văn Ánh")
    seal = appearance.seal_box(personal, 36, 36)
    assert seal.x2 == pytest.approx(personal.x1 + personal.width / 3)
    assert seal.width == pytest.approx(36 * appearance.MM)
    # Above the name, on the last page.
    runs = appearance.text_runs(draft, appearance.page_count(draft) - 1)
    name = next(r for r in runs if "Nguyễn Văn Ánh" in r.text)
    assert personal.y1 > name.y and personal.x1 < name.x + 40 < personal.x2
    _ = office


def test_pss_signatures_are_made_and_verified(signing_setup, test_pki, settings):
    settings.CONGSO_SIGNATURE_PSS = True
    office = signing_setup
    look = services.personal_appearance(
        user=office.leader, pdf=draft_pdf(), signer_name="Nguyễn Văn Ánh", position=None
    )
    request = services.signing_request_create(
        actor=office.leader, pdf=draft_pdf(), target="test:2", subject="PSS", appearance=look
    )
    assert request.state["mechanism"] == "rsassa_pss"
    value = agent_sign(test_pki.leader, bytes(request.signed_attributes), "rsassa_pss")
    pdf = services.signing_request_complete(actor=office.leader, request=request, signature=value)
    [check] = services.validate_pdf(pdf)["signatures"]
    assert check["status"] == "valid" and "pss" in check["mechanism"], check


def test_a_value_from_another_key_is_refused_and_the_request_stays_pending(signing_setup, test_pki):
    office = signing_setup
    look = services.personal_appearance(
        user=office.leader, pdf=draft_pdf(), signer_name="Nguyễn Văn Ánh", position=None
    )
    request = services.signing_request_create(
        actor=office.leader, pdf=draft_pdf(), target="test:3", subject="Sai khóa", appearance=look
    )
    wrong = agent_sign(test_pki.stranger, bytes(request.signed_attributes))
    with pytest.raises(ValidationFailed) as error:
        services.signing_request_complete(actor=office.leader, request=request, signature=wrong)
    assert error.value.code == "signature_mismatch"
    request.refresh_from_db()
    assert request.status == SigningRequest.Status.PENDING
    with pytest.raises(ValidationFailed):
        services.signing_request_complete(actor=office.leader, request=request, signature=b"")
    from congso.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.signing_request_complete(actor=office.clerk, request=request, signature=wrong)


def test_bad_pdfs_get_a_clear_error_and_nothing_is_recorded(signing_setup, settings):
    office = signing_setup

    def sign(pdf: bytes) -> str:
        with pytest.raises(ValidationFailed) as error:
            services.agency_sign(
                actor=office.clerk,
                agency_id=office.agency.pk,
                agency_name="UBND",
                pdf=pdf,
                mode="attachment",
                target="t:1",
                subject="x",
            )
        return error.value.code

    assert sign(b"not a pdf at all") == "not_pdf"
    assert sign(b"%PDF-1.7\n garbage garbage") == "pdf_corrupt"
    settings.CONGSO_SIGNATURE_MAX_PDF_BYTES = 1000
    assert sign(draft_pdf()) == "pdf_too_large"
    settings.CONGSO_SIGNATURE_MAX_PDF_BYTES = 50 * 1024 * 1024
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(draft_pdf())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    assert sign(out.getvalue()) == "pdf_encrypted"
    assert not IssuedSignature.objects.exists()
    for bad in (b"junk", b"%PDF-1.7 junk", out.getvalue()):
        assert services.validate_pdf(bad)["status"] in ("none", "unreadable")


def test_pades_b_t_with_a_timestamp_server(signing_setup, test_pki, settings):
    """With CONGSO_TSA_URL set, both the agency's and the agent's signatures carry an RFC 3161 timestamp."""
    from congso.signatures import pki

    from .tsa import serve

    tsa = pki.issue(test_pki.root, "TSA thử nghiệm", "Công Sở", timestamping=True)
    url, server = serve(tsa, [test_pki.root])
    settings.CONGSO_TSA_URL = url
    try:
        office = signing_setup
        personal = leader_signs(office, test_pki, draft_pdf())
        signed, _record = services.agency_sign(
            actor=office.clerk,
            agency_id=office.agency.pk,
            agency_name="UBND phường Một",
            pdf=personal,
            mode="seal",
            target="t:1",
            subject="Có dấu thời gian",
        )
    finally:
        server.shutdown()
    report = services.validate_pdf(signed)
    assert report["status"] == "valid", report
    assert all(c["timestamped"] and c["timestamp_at"] for c in report["signatures"])


def test_an_unreachable_timestamp_server_fails_clearly(signing_setup, settings):
    settings.CONGSO_TSA_URL = "http://127.0.0.1:9/"
    settings.CONGSO_TSA_TIMEOUT = 2
    office = signing_setup
    with pytest.raises(ValidationFailed) as error:
        services.agency_sign(
            actor=office.clerk,
            agency_id=office.agency.pk,
            agency_name="UBND",
            pdf=draft_pdf(),
            mode="attachment",
            target="t:1",
            subject="x",
        )
    assert error.value.code == "sign_failed"
    assert not IssuedSignature.objects.exists()


def test_signer_block_on_an_inner_page_puts_both_images_there(signing_setup, test_pki):
    """A decision followed by an appendix page: the signer's block is on page 2 of 3, and so are the leader's
    image and the agency's seal."""
    from congso.core.pdf import font_face_css, html_to_pdf

    office = signing_setup
    pdf = html_to_pdf(
        f"<html><head><style>{font_face_css()}</style></head><body style=\"font-family:'CongSo Serif'\">"
        "<p>Trang một.</p><div style='page-break-before:always'><p>CHỦ TỊCH</p><br><br><br>"
        "<p style='margin-left:60%'><b>Nguyễn Văn Ánh</b></p></div>"
        "<div style='page-break-before:always'><p>PHỤ LỤC</p></div></body></html>"
    )
    personal = leader_signs(office, test_pki, pdf)
    final, _record = services.agency_sign(
        actor=office.clerk,
        agency_id=office.agency.pk,
        agency_name="UBND",
        pdf=personal,
        mode="seal",
        target="t:1",
        subject="Nhiều trang",
        signer_name="Nguyễn Văn Ánh",
    )
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(final))
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    where = {
        str(f.get_object()["/T"]): pages[f.get_object().raw_get("/P").idnum]
        for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]
    }
    assert where["ChuKyCaNhan"] == 1 and where["ChuKyCoQuan"] == 1
    assert services.validate_pdf(final)["status"] == "valid"


def test_revoked_weak_and_encryption_only_signers_are_reported(signing_setup, test_pki, system_admin):
    """Signed elsewhere (raw pyHanko): by a certificate this platform then learns is revoked, with SHA-1, and by a
    certificate whose key usage is not for signing."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    def signed_by(issued, md="sha256"):
        signer = signers.SimpleSigner.load_pkcs12_data(issued.pkcs12("x"), [], passphrase=b"x")
        out = io.BytesIO()
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="S", md_algorithm=md), signer=signer
        ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(draft_pdf()), strict=False), output=out)
        return out.getvalue()

    office = signing_setup
    agency_pdf = signed_by(test_pki.agency)
    assert services.validate_pdf(agency_pdf)["status"] == "valid"
    from congso.signatures.models import Certificate

    record = Certificate.objects.get(agency=office.agency)
    services.certificate_retire(actor=office.admin, certificate=record, revoked=True, note="Lộ khóa")
    [check] = services.validate_pdf(agency_pdf)["signatures"]
    assert check["status"] == "invalid" and "revoked" in check["problems"]
    weak = services.validate_pdf(signed_by(test_pki.leader, "sha1"))["signatures"][0]
    assert "weak_algorithm" in weak["problems"] and weak["digest"] == "sha1"
    encryption = services.validate_pdf(signed_by(test_pki.encryption_only))["signatures"][0]
    assert encryption["status"] == "invalid" and "key_usage" in encryption["problems"]


def test_keys_refuse_a_wrong_passphrase_a_bad_reference_and_a_ca(office, test_pki, monkeypatch):
    from congso.core.errors import PermissionDenied

    monkeypatch.setenv("CONGSO_SIGN_OK", "right")
    p12 = test_pki.agency.pkcs12("right")

    def add(**kw):
        return services.signing_key_add_pkcs12(actor=office.admin, agency_id=office.agency.pk, data=p12, **kw)

    with pytest.raises(ValidationFailed) as error:
        add(secret_ref="/etc/shadow")
    assert "env:CONGSO_SIGN_" in error.value.message
    with pytest.raises(ValidationFailed) as error:
        add(secret_ref="env:CONGSO_SIGN_MISSING")
    assert error.value.code == "secret_missing"
    monkeypatch.setenv("CONGSO_SIGN_WRONG", "wrong")
    with pytest.raises(ValidationFailed) as error:
        add(secret_ref="env:CONGSO_SIGN_WRONG")
    assert error.value.code == "pkcs12_locked"
    with pytest.raises(PermissionDenied):
        services.signing_key_add_pkcs12(
            actor=office.leader, agency_id=office.agency.pk, data=p12, secret_ref="env:CONGSO_SIGN_OK"
        )
    with pytest.raises(ValidationFailed) as error:
        services.certificate_add(actor=office.admin, data=test_pki.agency.pem, purpose="root")
    from congso.signatures.models import SigningKey

    assert not SigningKey.objects.exists()
    key = add(secret_ref="env:CONGSO_SIGN_OK")
    assert key.active and bytes(key.pkcs12_encrypted) != p12  # stored encrypted
