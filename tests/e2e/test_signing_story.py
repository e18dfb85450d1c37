"""The signing story in a real browser with the real agent (issue 12): a leader signs an approved draft through
congso-sign-agent (run as its own process, over HTTP, with SoftHSM2 standing in for the USB token); the clerk
numbers it and the agency signs; the receiving agency's clerk sees "Chữ ký hợp lệ" with the signer; pdfsig on the
stored file reports the signatures valid, and a copy altered by one byte is reported as modified."""

import shutil
import subprocess
import sys

import pytest
from django.apps import apps

from congso.accounts.services import token_create
from congso.accounts.tests.factories import UserFactory, make_member
from congso.documents import services as documents
from congso.documents.models import Document
from congso.documents.services import Upload
from congso.documents.tests.factories import draft_data, fresh, make_office
from congso.signatures import pki
from congso.signatures import services as signatures

from .test_staff_stories import sign_in_as, submit

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("softhsm2-util") is None, reason="softhsm2 is not installed"),
]
MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def token_for(tmp_path, issued: pki.Issued) -> dict[str, str]:
    """A SoftHSM2 token "E2E" (PIN 2468) with the leader's key and certificate under id 01; the environment the
    agent runs with."""
    return {**pki.softhsm_token(tmp_path, "E2E", "2468", [("leader", "01", issued)]), "AGENT_PIN": "2468"}


def agent(base: str, token_file, env) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "congso.signatures.agent",
            "--server",
            base,
            "--api-token-file",
            str(token_file),
            "--module",
            MODULE,
            "--token-label",
            "E2E",
            "--key-id",
            "01",
            "--pin-env",
            "AGENT_PIN",
            "--once",
            "--yes",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_leader_signs_through_the_agent_clerk_issues_receiver_sees_valid(
    page, live_server, tmp_path, monkeypatch
):
    from importlib import import_module

    import_module("congso.documents.migrations.0002_document_types").seed(apps, None)
    home = make_office()
    away = make_office(short_name="SNV", name="Sở Nội vụ tỉnh Thử Nghiệm")
    admin = UserFactory(full_name="Quản trị")
    make_member(user=admin, agency=home.agency, roles=["agency_admin"], title="Quản trị")
    admin = fresh(admin)
    system = UserFactory(full_name="Quản trị hệ thống")
    make_member(user=system, agency=away.agency, roles=["system_admin"], title="Quản trị")
    root = pki.root()
    signatures.certificate_add(actor=fresh(system), data=root.pem, purpose="root")
    monkeypatch.setenv("CONGSO_SIGN_E2E", "mật khẩu")
    agency_key = pki.issue(root, home.agency.name, home.agency.name)
    signatures.signing_key_add_pkcs12(
        actor=admin,
        agency_id=home.agency.pk,
        data=agency_key.pkcs12("mật khẩu"),
        secret_ref="env:CONGSO_SIGN_E2E",
    )
    signatures.image_add(actor=admin, png=pki.png((200, 0, 0), "seal"), kind="seal", agency_id=home.agency.pk)
    signatures.image_add(actor=home.leader, png=pki.png((0, 0, 190)), kind="signature", user=home.leader)
    leader_key = pki.issue(root, home.leader.full_name, home.agency.name)
    env = token_for(tmp_path, leader_key)
    token_file = tmp_path / "token.txt"
    token_file.write_text(token_create(user=home.leader, name="ký số")[1])
    from congso.core.pdf import font_face_css, html_to_pdf

    draft_pdf = html_to_pdf(
        f"<html><head><style>{font_face_css()}</style></head><body style=\"font-family:'CongSo Serif'\">"
        "<p>Số: &nbsp;&nbsp;&nbsp;/BC-UBND</p><p><i>ngày &nbsp; tháng &nbsp; năm 2026</i></p>"
        "<p>Báo cáo kết quả chuyển đổi số.</p><div style='margin-left:55%;text-align:center'><b>CHỦ TỊCH</b>"
        f"<br><br><br><br><b>{home.leader.full_name}</b></div></body></html>"
    )
    draft = documents.outgoing_draft_create(
        actor=home.specialist,
        agency_id=home.agency.pk,
        data=draft_data(document_type="BC", subject="Báo cáo kết quả chuyển đổi số có ký số"),
        main_file=Upload("bao-cao.pdf", draft_pdf),
        recipients=[{"agency_id": away.agency.pk}],
    )
    documents.outgoing_draft_submit(actor=home.specialist, document=draft, leader=home.leader)
    documents.outgoing_draft_review(actor=home.leader, document=draft, decision="approve")
    base = live_server.url

    # 1. The agent starts on the leader's PC and registers the token's certificate.
    agent(base, token_file, env)
    # 2. The leader finds the draft on the home ("Ký số") and asks to sign.
    sign_in_as(page, base, home.leader.username)
    page.get_by_role("link", name="Báo cáo kết quả chuyển đổi số có ký số").first.click()
    submit(page, page.get_by_role("button", name="Ký số bằng token của tôi"))
    assert "Đang chờ phần mềm ký" in page.get_by_test_id("sign-waiting").inner_text()
    # 3. The agent signs; the page shows the signer.
    assert "Đã ký." in agent(base, token_file, env)
    page.reload()
    assert home.leader.full_name in page.get_by_test_id("signature-summary").inner_text()

    # 4. The clerk numbers and issues it: the agency signs.
    sign_in_as(page, base, home.clerk.username)
    page.goto(f"{base}{draft.get_absolute_url()}")
    submit(page, page.get_by_role("button", name="Cấp số và ban hành"))
    assert page.get_by_test_id("document-code").inner_text() == "01/BC-UBND"
    assert "Đã cấp số và ký số của cơ quan" in page.get_by_test_id("signature-summary").inner_text()

    # 5. The receiving clerk sees the signatures checked.
    from congso.documents.services.files import file_text_extract_pending

    file_text_extract_pending()
    sign_in_as(page, base, away.clerk.username)
    page.goto(f"{base}/van-ban/den/")
    page.get_by_role("link", name="Báo cáo kết quả chuyển đổi số có ký số").first.click()
    check = page.get_by_test_id("signature-check").first.inner_text()
    assert "Chữ ký hợp lệ" in check and home.leader.full_name in check and home.agency.name in check

    # 6. pdfsig agrees on the stored file; one byte changed and both tools say so.
    issued = Document.objects.get(pk=draft.pk)
    with issued.signed_file.file.open("rb") as handle:
        stored = handle.read()
    if shutil.which("pdfsig"):
        (tmp_path / "stored.pdf").write_bytes(stored)
        out = subprocess.run(["pdfsig", str(tmp_path / "stored.pdf")], capture_output=True, text=True).stdout
        assert out.count("Signature is Valid") == 2
        altered = bytearray(stored)
        altered[len(draft_pdf) // 2] ^= 0x01
        (tmp_path / "altered.pdf").write_bytes(bytes(altered))
        out = subprocess.run(["pdfsig", str(tmp_path / "altered.pdf")], capture_output=True, text=True).stdout
        assert "Signature is Valid" not in out
        assert signatures.validate_pdf(bytes(altered))["status"] == "invalid"
    # 7. Anyone checks it on the public page by its code.
    page.goto(f"{base}/xac-thuc/{issued.signature_result['code']}/")
    assert home.agency.name in page.get_by_test_id("verify-code").inner_text()
