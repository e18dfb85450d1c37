"""The design system's enhanced controls in a real browser (docs/ui.md): the searchable select folds Vietnamese
and is driven by the keyboard alone, keeps its groups and sends the chosen values; the date picker writes
dd/mm/yyyy in Vietnamese and typing into the box still works. On the living page (/ui/), as an administrator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from congso.accounts.tests.factories import UserFactory, make_member

from .test_staff_stories import sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ui_page(page, live_server, settings):
    settings.CONGSO_OTP_REQUIRED_FOR_ADMINS = False
    make_member(user=UserFactory(username="qt.ui"), roles=["system_admin"])
    sign_in_as(page, live_server.url, "qt.ui")
    page.goto(f"{live_server.url}/ui/")
    return page


def test_searchable_select_folds_vietnamese_and_works_from_the_keyboard(ui_page):
    page = ui_page
    select = page.locator("#id_for_information")
    assert select.evaluate("s => !!s.tomselect")  # enhanced
    control = page.locator("#id_for_information-ts-control")
    control.focus()
    page.keyboard.type("dat")  # no diacritics, no "đ": finds "Đỗ Minh Đạt"
    dropdown = page.locator("#id_for_information-ts-dropdown")
    options = dropdown.locator("[data-selectable]")
    expect(options).to_have_text(["Đỗ Minh Đạt"])
    page.keyboard.press("Enter")
    page.keyboard.type("phong kinh")
    expect(options).to_have_text(["Phòng Kinh tế"])
    assert "Phòng, ban" in dropdown.inner_text()  # the group's heading is shown with it
    page.keyboard.press("Enter")
    page.keyboard.type("zzz")
    expect(dropdown).to_contain_text("Không có mục nào khớp")
    for _ in range(3):
        page.keyboard.press("Backspace")
    assert select.evaluate("s => [...s.selectedOptions].map(o => o.value)") == ["user:3", "unit:2"]
    page.keyboard.press("Backspace")  # Backspace in an empty box takes the last choice off
    assert select.evaluate("s => [...s.selectedOptions].map(o => o.value)") == ["user:3"]


def test_date_picker_writes_dd_mm_yyyy_in_vietnamese_and_typing_still_works(ui_page):
    page = ui_page
    box = page.locator("#id_due_date")
    box.click()
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    assert "Tháng" in calendar.inner_text() and "T2" in calendar.inner_text()  # Vietnamese, Monday first
    calendar.locator(
        ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text=re.compile("^15$")
    ).click()
    assert re.fullmatch(r"15/\d\d/\d{4}", box.input_value())
    box.fill("02/09/2027")
    box.press("Enter")
    assert box.input_value() == "02/09/2027"


def test_a_form_sending_files_says_how_many_and_how_large_while_it_is_sent(ui_page, tmp_path):
    page = ui_page
    scan = tmp_path / "cong-van.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 300_000)
    page.locator("#id_attachment").set_input_files(str(scan))
    # Submit, and read the page as it is the moment the sending starts (the harness then stops the sending).
    shown = page.evaluate(
        """() => new Promise(resolve => {
          document.addEventListener("submit", event => {
            event.preventDefault();
            const box = document.querySelector("[data-testid=upload-progress]");
            resolve(box && {text: box.textContent, live: box.getAttribute("role"), bar: !!box.querySelector(".progress-bar")});
          });
          document.querySelector("[data-testid=ui-form]").requestSubmit();
        })"""
    )
    assert shown == {
        "text": "Đang gửi 1 tệp, 293 KB: xin giữ nguyên trang này…",
        "live": "status",
        "bar": True,
    }
