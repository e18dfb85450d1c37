"""The one-stop story in a real browser (issue 4): a citizen submits online; the desk accepts it; an officer
finds a paper missing and requests a supplement; the citizen supplements (the clock restarts); the desk's step ran
late; the specialist sends the apology with a new date; the leader approves; the desk returns the result
electronically; the citizen looks it up by code and rates it. The receipt and the control sheet are real PDFs whose
text contains the dossier code and the dates. The clock is Django's, moved by the test across the working days."""

import io
import re
from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from pypdf import PdfReader

from congso.accounts.models import User
from congso.accounts.tests.factories import UserFactory, make_member
from congso.demo.procedures_data import PROCEDURES
from congso.organizations.tests.factories import AgencyFactory
from congso.procedures.services import procedures_import

from .conftest import choose
from .test_staff_stories import sign_in_as as login
from .test_staff_stories import submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf_text(page, url) -> str:
    response = page.request.get(url)
    assert response.ok, url
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)


def test_online_dossier_from_submission_to_rating(page, live_server, tmp_path, monkeypatch):
    from django.utils import timezone

    for module in ("congso.dossiers.migrations.0003_form_01", "congso.dossiers.migrations.0005_forms_02_05"):
        import_module(module).seed(apps, None)
    now = {"at": datetime(2026, 3, 2, 9, 0, tzinfo=VN)}  # Monday
    monkeypatch.setattr(timezone, "now", lambda: now["at"])

    def at(*parts):
        now["at"] = datetime(*parts, tzinfo=VN)

    procedures_import(actor=None, items=PROCEDURES)
    ward = AgencyFactory(
        organ_id="000.00.01.H29", kind="commune_committee", name="Ủy ban nhân dân phường Hồng Hà"
    )
    officer = make_member(agency=ward, roles=["one_stop_officer"], title="Công chức Một cửa").user
    specialist = make_member(agency=ward, roles=["specialist"], title="Công chức Địa chính").user
    leader = make_member(agency=ward, roles=["leader"], title="Phó Chủ tịch").user
    citizen = UserFactory(
        kind=User.Kind.CITIZEN, username="congdan.e2e", full_name="Phạm Thị Lan", phone="0903123456"
    )
    base = live_server.url
    request_file = tmp_path / "don-de-nghi.pdf"
    request_file.write_bytes(PDF)
    id_card = tmp_path / "cccd.pdf"
    id_card.write_bytes(PDF)
    supplement = tmp_path / "ban-ve.pdf"
    supplement.write_bytes(PDF)
    result = tmp_path / "xac-nhan.pdf"
    result.write_bytes(PDF)

    # 1. The citizen applies online (Monday 09:00).
    login(page, base, citizen.username)
    page.goto(f"{base}/dich-vu-cong/nop/1.004203/")
    # The applicant's details are asked once (name and phone come from the account); the e-form's repeat of them
    # is filled from there.
    choose(page, "Cơ quan giải quyết", str(ward.pk))
    page.get_by_label("Số định danh cá nhân (12 số)").fill("036188001234")
    assert page.get_by_label("Số định danh cá nhân", exact=True).count() == 0
    page.get_by_label(re.compile("Tệp “Đơn đề nghị xác nhận”")).set_input_files(str(request_file))
    page.get_by_label(re.compile("Tệp “Căn cước")).set_input_files(str(id_card))
    submit(page, page.get_by_role("button", name="Nộp hồ sơ"))
    assert page.get_by_test_id("dossier-status").inner_text() == "Mới (nộp trực tuyến)"
    code = page.get_by_test_id("dossier-code").inner_text()
    assert code == "000.00.01.H29-260302-0001"

    # 2. The desk accepts it (09:30) and hands it on the next morning: its own step ran late.
    at(2026, 3, 2, 9, 30)
    login(page, base, officer.username)
    page.goto(f"{base}/mot-cua/")
    submit(page, page.get_by_role("link", name=code).first)
    submit(page, page.get_by_role("button", name="Đủ: tiếp nhận"))
    assert page.get_by_test_id("dossier-status").inner_text().startswith("Đã tiếp nhận")
    dossier_url = page.url
    receipt = pdf_text(page, f"{dossier_url}mau-01/")
    assert code in receipt and "02/03/2026" in receipt and "09/03/2026" in receipt
    at(2026, 3, 3, 9, 0)
    login(page, base, officer.username)  # a day later: the session of yesterday has expired
    page.goto(dossier_url)
    submit(page, page.get_by_test_id("forward-form").get_by_role("button", name="Chuyển"))
    assert page.get_by_test_id("dossier-status").inner_text().startswith("Đang xử lý")

    # 3. The specialist finds a paper missing (Tuesday 10:00, within 3 working days): Mẫu 02.
    at(2026, 3, 3, 10, 0)
    login(page, base, specialist.username)
    page.goto(dossier_url)
    page.get_by_text("Thao tác khác").click()
    page.get_by_label("Giấy tờ còn thiếu hoặc chưa đúng (mỗi dòng một mục)").fill("Sơ đồ vị trí thửa đất")
    submit(page, page.get_by_role("button", name="Yêu cầu bổ sung (Mẫu 02)"))
    assert page.get_by_test_id("dossier-status").inner_text() == "Yêu cầu bổ sung"

    # 4. The citizen uploads the supplement (Wednesday 10:00): the time limit restarts from zero.
    at(2026, 3, 4, 10, 0)
    login(page, base, citizen.username)
    page.goto(f"{base}/dich-vu-cong/")
    submit(page, page.get_by_role("link", name=code))
    assert "Sơ đồ vị trí thửa đất" in page.get_by_test_id("completion-request").inner_text()
    page.get_by_label("Giấy tờ được yêu cầu bổ sung").set_input_files(str(supplement))
    submit(page, page.get_by_role("button", name="Gửi hồ sơ bổ sung"))
    assert "11/03/2026" in page.content()  # 5 working days from Wednesday 04/3

    # 5. Monday 09/3: the specialist will not make it and apologises with a new date (Mẫu 04).
    at(2026, 3, 9, 9, 0)
    login(page, base, specialist.username)
    page.goto(dossier_url)
    page.get_by_text("Thao tác khác").click()
    page.get_by_label("Ngày hẹn trả mới").fill("13/03/2026")
    page.get_by_label("Lý do chậm trễ").fill("Chờ kết quả xác minh thực địa")
    submit(page, page.get_by_role("button", name="Xin lỗi và hẹn lại ngày trả (Mẫu 04)"))
    assert "13/03/2026" in page.get_by_test_id("appointment").inner_text()

    # 6. Tuesday 10/3: the specialist hands on, the leader approves with the result file.
    at(2026, 3, 10, 9, 0)
    login(page, base, specialist.username)
    page.goto(dossier_url)
    submit(page, page.get_by_test_id("forward-form").get_by_role("button", name="Chuyển"))
    at(2026, 3, 10, 14, 0)
    login(page, base, leader.username)
    page.goto(dossier_url)
    page.get_by_label("Kết quả", exact=True).fill("Xác nhận tình trạng nhà ở, đất ở")
    page.get_by_label("Tệp kết quả (PDF)").set_input_files(str(result))
    submit(page, page.get_by_role("button", name="Phê duyệt kết quả"))
    assert page.get_by_test_id("dossier-status").inner_text().startswith("Đã xử lý xong")

    # 7. Wednesday 11/3: the desk returns it electronically; the control sheet shows the late step.
    at(2026, 3, 11, 8, 0)
    login(page, base, officer.username)
    page.goto(dossier_url)
    choose(page, "Hình thức trả kết quả", "electronic")
    submit(page, page.get_by_role("button", name="Trả kết quả"))
    assert page.get_by_test_id("dossier-status").inner_text().startswith("Đã trả kết quả")
    sheet = pdf_text(page, f"{dossier_url}mau-05/")
    assert code in sheet and "PHIẾU KIỂM SOÁT" in sheet and "Quá hạn" in sheet and "03/03/2026" in sheet

    # 8. The citizen looks it up by code and rates it.
    login(page, base, citizen.username)
    page.goto(f"{base}/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("4 số cuối điện thoại của người nộp").fill("3456")
    submit(page, page.get_by_role("button", name="Tra cứu"))
    assert page.get_by_test_id("lookup-status").inner_text() == "Đã trả kết quả"
    assert specialist.full_name not in page.content()
    page.goto(f"{base}/dich-vu-cong/")
    submit(page, page.get_by_role("link", name=code))
    form = page.get_by_test_id("rating-form")
    for index in range(3, 10):
        form.locator(f"#i{index}-2").check()
    submit(page, page.get_by_role("button", name="Gửi đánh giá"))
    assert "Cảm ơn" in page.content()
    from congso.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=code)
    assert dossier.rating.scores["i1"] == 1 and dossier.rating.total == 1 + dossier.rating.scores["i2"] + 14
