"""The documents story in a real browser (issue 3): a clerk registers a scanned incoming document; the leader
directs it; the specialist drafts a reply; the unit head and the leader approve; the clerk numbers and issues it;
the receiving agency's clerk sees it arrive and registers it; the sender sees 01 → 03 → 04 for that recipient."""

import re
from importlib import import_module

import pytest
from django.apps import apps

from congso.documents.tests.factories import docx_bytes, make_office, pdf_bytes

from .conftest import choose
from .test_staff_stories import sign_in_as as login
from .test_staff_stories import submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_document(page, base, text):
    page.get_by_role("link", name=text).first.click()
    page.wait_for_load_state()


def test_incoming_reply_issue_and_exchange(page, live_server, tmp_path):
    import_module("congso.documents.migrations.0002_document_types").seed(apps, None)
    home = make_office()
    away = make_office(short_name="SNV", name="Sở Nội vụ tỉnh Thử Nghiệm")
    base = live_server.url
    scan = tmp_path / "cong-van-den.pdf"
    scan.write_bytes(pdf_bytes("Cong van de nghi bao cao chuyen doi so"))
    reply = tmp_path / "tra-loi.docx"
    reply.write_bytes(docx_bytes("Báo cáo kết quả chuyển đổi số"))

    # 1. The clerk registers the scan.
    login(page, base, home.clerk.username)
    page.goto(f"{base}/van-ban/den/moi/")
    page.get_by_label("Cơ quan ban hành (ngoài hệ thống)").fill("Bộ Khoa học và Công nghệ")
    page.get_by_label(re.compile(r"^Số")).fill("15")
    page.get_by_label("Ký hiệu").fill("BKHCN-CĐSQG")
    page.get_by_label("Ngày ban hành").fill("02/03/2026")
    choose(page, "Loại văn bản", "CV")
    page.get_by_label("Trích yếu").fill("Về việc báo cáo kết quả chuyển đổi số năm 2026")
    page.get_by_label("Tệp (PDF, DOCX, ảnh)").set_input_files(str(scan))
    submit(page, page.get_by_role("button", name="Vào sổ"))
    assert page.get_by_test_id("arrival-number").inner_text().startswith("1/")
    choose(page, "Trình lãnh đạo", str(home.leader.pk))
    submit(page, page.get_by_role("button", name="Trình", exact=True))

    # 2. The leader directs it to the specialist.
    login(page, base, home.leader.username)
    open_document(page, base, "báo cáo kết quả chuyển đổi số")
    page.get_by_label("Ý kiến chỉ đạo").fill("Giao đồng chí chuyên viên tham mưu trả lời.")
    choose(page, "Chủ trì", f"user:{home.specialist.pk}")
    submit(page, page.get_by_role("button", name="Ghi ý kiến chỉ đạo"))
    assert "Đã giao xử lý" in page.get_by_test_id("document-status").inner_text()

    # 3. The specialist drafts the reply to the other agency.
    login(page, base, home.specialist.username)
    open_document(page, base, "báo cáo kết quả chuyển đổi số")
    page.get_by_role("link", name="Trả lời bằng văn bản đi").click()
    choose(page, "Loại văn bản", "BC")
    page.get_by_label("Trích yếu").fill("Báo cáo kết quả chuyển đổi số năm 2026")
    choose(page, "Nơi nhận trên hệ thống", str(away.agency.pk))
    page.get_by_label("Tệp chính (DOCX hoặc PDF)").set_input_files(str(reply))
    submit(page, page.get_by_role("button", name="Lưu dự thảo"))
    choose(page, "Trình duyệt và ký", str(home.leader.pk))
    submit(page, page.get_by_role("button", name="Trình", exact=True))

    # 4. The unit head agrees, the leader approves.
    login(page, base, home.head.username)
    page.goto(f"{base}/van-ban/di/")
    open_document(page, base, "Báo cáo kết quả chuyển đổi số năm 2026")
    submit(page, page.get_by_role("button", name="Đồng ý"))
    login(page, base, home.leader.username)
    page.goto(f"{base}/van-ban/di/")
    open_document(page, base, "Báo cáo kết quả chuyển đổi số năm 2026")
    submit(page, page.get_by_role("button", name="Duyệt ban hành"))

    # 5. The clerk numbers and issues it.
    login(page, base, home.clerk.username)
    page.goto(f"{base}/van-ban/di/")
    open_document(page, base, "Báo cáo kết quả chuyển đổi số năm 2026")
    submit(page, page.get_by_role("button", name="Cấp số và ban hành"))
    assert page.get_by_test_id("document-code").inner_text() == "01/BC-UBND"
    sender_url = page.url

    # 6. The receiving clerk registers it, the receiving leader assigns it.
    login(page, base, away.clerk.username)
    page.goto(f"{base}/van-ban/den/")
    open_document(page, base, "Báo cáo kết quả chuyển đổi số năm 2026")
    page.get_by_role("link", name="Vào sổ").click()
    submit(page, page.get_by_role("button", name="Vào sổ"))
    choose(page, "Trình lãnh đạo", str(away.leader.pk))
    submit(page, page.get_by_role("button", name="Trình", exact=True))
    login(page, base, away.leader.username)
    page.goto(f"{base}/van-ban/den/")
    open_document(page, base, "Báo cáo kết quả chuyển đổi số năm 2026")
    choose(page, "Chủ trì", f"unit:{away.unit.pk}")
    submit(page, page.get_by_role("button", name="Ghi ý kiến chỉ đạo"))

    # 7. The sender sees what happened at the recipient.
    login(page, base, home.clerk.username)
    page.goto(sender_url)
    statuses = page.get_by_test_id("recipients").inner_text()
    assert "01 Đã đến" in statuses and "03 Đã vào sổ" in statuses and "04 Đã phân công" in statuses
