"""Keyboard-only walks (issue 11): the reception of a dossier at the desk and an online submission, step by step,
done with Tab, typing, arrows, Space and Enter alone — from the skip link to the page that shows the result. Any
control a mouse would be needed for (a select that cannot be searched, a radio group that Tab skips, a button out
of reach) fails the walk. Only the sign-in is filled directly; file choosers open from the keyboard and are
answered as the operating system's dialog would be."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from congso.accounts.models import User
from congso.accounts.tests.factories import UserFactory, make_member
from congso.demo.procedures_data import PROCEDURES
from congso.organizations.tests.factories import AgencyFactory
from congso.procedures.services import procedures_import

from .test_staff_stories import sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def tab_to(page, selector: str, limit: int = 60) -> int:
    """Press Tab until the focus is on `selector`; the number of presses. Fails if it is never reached."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"{selector} is not reached with Tab")


def skip_to_content(page) -> None:
    """The first Tab of a page lands on the skip link; Enter moves the focus to the content. (A page reached from
    one where the skip link was used keeps the #main of its address, and its Tab starts there already.)"""
    if page.url.endswith("#main"):
        return
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")


@pytest.fixture
def scene(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 2, 9, 0, tzinfo=VN))  # a Monday
    procedures_import(actor=None, items=PROCEDURES)
    ward = AgencyFactory(
        organ_id="000.00.01.H29", kind="commune_committee", name="Ủy ban nhân dân phường Hồng Hà"
    )
    make_member(user=UserFactory(username="motcua.kb"), agency=ward, roles=["one_stop_officer"])
    UserFactory(kind=User.Kind.CITIZEN, username="congdan.kb", full_name="Phạm Thị Lan", phone="0903123456")
    return ward


def test_reception_at_the_desk_by_keyboard_alone(page, live_server, scene):
    sign_in_as(page, live_server.url, "motcua.kb")
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/")
    page.wait_for_function(
        "() => !!document.querySelector('#id_procedure').tomselect"
    )  # the page's script ran
    skip_to_content(page)
    tab_to(page, "#id_procedure-ts-control")  # the searchable select of the procedures
    page.keyboard.type("khai sinh")  # without diacritics
    page.locator("#id_procedure-ts-dropdown [data-value='1.001193'].active").wait_for()
    page.keyboard.press("Enter")
    assert page.locator("#id_procedure").input_value() == "1.001193"
    tab_to(page, "#id_name")
    page.keyboard.type("Trần Văn Bình")
    page.keyboard.press("Tab")
    page.keyboard.type("001099012345")
    page.keyboard.press("Tab")
    page.keyboard.type("0987654321")
    typed = [page.locator(f"#id_{n}").input_value() for n in ("name", "id_number", "phone")]
    assert typed == ["Trần Văn Bình", "001099012345", "0987654321"], typed
    tab_to(page, "input[name=outcome]")  # the radio group is one Tab stop; Space checks the focused choice
    page.keyboard.press("Space")
    assert page.locator("input[name=outcome]:checked").get_attribute("value") == "accept"
    tab_to(page, "[data-testid=reception-form] button:not([type=button])")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.get_by_test_id("form-errors")
    assert not errors.count(), errors.inner_text()
    assert page.get_by_test_id("dossier-status").inner_text().startswith("Đã tiếp nhận")
    assert page.get_by_test_id("dossier-code").inner_text().startswith("000.00.01.H29-260302-")


def test_online_submission_step_by_step_by_keyboard_alone(page, live_server, scene, tmp_path):
    paper = tmp_path / "giay-to.pdf"
    paper.write_bytes(PDF)
    sign_in_as(page, live_server.url, "congdan.kb")
    page.goto(f"{live_server.url}/dich-vu-cong/nop/1.004203/")
    skip_to_content(page)
    tab_to(page, "[data-testid=one-thing-per-page]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_test_id("step-progress").inner_text().startswith("Bước 1/")
    skip_to_content(page)
    tab_to(page, "#id_handling_agency")
    page.keyboard.press("ArrowDown")  # from "—" to the only competent agency
    assert page.locator("#id_handling_agency").input_value() == str(scene.pk)
    tab_to(page, "#id_id_number")
    page.keyboard.type("036188001234")
    tab_to(page, "[data-testid=step-next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # One page per paper: open the file chooser from the keyboard, then continue.
    while "kiem-tra" not in page.url:
        skip_to_content(page)
        assert page.get_by_test_id("step-progress").is_visible()
        tab_to(page, "input[type=file]")
        open_file_chooser_by_keyboard(page).set_files(str(paper))
        tab_to(page, "[data-testid=step-next]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    # Check your answers, then submit.
    assert page.get_by_role("heading", name="Kiểm tra trước khi nộp").is_visible()
    assert "036188001234" in page.content() and "giay-to.pdf" in page.content()
    skip_to_content(page)
    tab_to(page, "[data-testid=check-submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_test_id("dossier-status").inner_text() == "Mới (nộp trực tuyến)"


def open_file_chooser_by_keyboard(page):
    """Space on the focused file input opens the chooser; on a loaded machine Chromium sometimes drops the first
    key press (the input was focused while the page was still settling), so it is pressed again, still by keyboard
    only, up to three times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeout:
            assert page.evaluate("document.activeElement.type") == "file", "the file input lost the focus"
    raise AssertionError("the file chooser did not open from the keyboard")
