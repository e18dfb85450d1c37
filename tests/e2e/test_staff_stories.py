"""Main stories of the foundation in a real browser."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congso.accounts.tests.factories import PASSWORD, UserFactory, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, button) -> None:
    """Click a link or a form's button and wait for the next page: the next step must not race the request (a
    sign-in that clears the cookies while a POST is still in flight fails it with a CSRF error)."""
    with page.expect_navigation():
        button.click()


def login(page, base, username, password=PASSWORD):
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def sign_in_as(page, base, username):
    """Sign in as someone else. Leave the current page first: its background requests (the bell's fragment fires
    on load) could otherwise answer after the cookies are cleared and replace the login page's CSRF cookie, and the
    sign-in would fail with 403. Then wait until the sign-in has landed."""
    page.goto("about:blank")
    page.context.clear_cookies()
    login(page, base, username)
    page.wait_for_url(lambda url: "/dang-nhap/" not in url, timeout=15_000)


def test_login_and_home_page(page, live_server):
    make_member(user=UserFactory(username="cv.e2e", full_name="Trần Thị Thu"), title="Chuyên viên")
    login(page, live_server.url, "cv.e2e")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    assert "Trần Thị Thu" in page.content()


def test_lockout_after_repeated_failures(page, live_server, settings):
    UserFactory(username="sai.e2e")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, live_server.url, "sai.e2e", "mat-khau-sai")
    login(page, live_server.url, "sai.e2e")
    assert page.get_by_test_id("locked-out").is_visible()


def test_switch_acting_membership(page, live_server):
    user = UserFactory(username="kiem.e2e")
    make_member(user=user, title="Chuyên viên")
    second = make_member(user=user, title="Phó Trưởng ban kiêm nhiệm")
    login(page, live_server.url, "kiem.e2e")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_test_id("user-menu").click()  # the switch sits in the person's menu, with the account links
    page.get_by_test_id("membership-switch").select_option(str(second.pk))
    page.wait_for_load_state("networkidle")
    assert "Phó Trưởng ban kiêm nhiệm" in page.get_by_test_id("acting-header").inner_text()


def test_administrator_reads_the_audit_log(page, live_server, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin = UserFactory(username="qt.e2e")
    make_member(user=admin, roles=["system_admin"], title="Quản trị hệ thống")
    login(page, live_server.url, "qt.e2e")
    page.wait_for_url("**/tai-khoan/hai-buoc/**")
    page.get_by_test_id("totp-start").click()
    page.get_by_test_id("totp-secret").wait_for()
    device = TOTPDevice.objects.get(user=admin)
    page.get_by_label("Mã 6 chữ số trên ứng dụng xác thực").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.goto(f"{live_server.url}/quan-tri/nhat-ky/?action=accounts.login")
    table = page.get_by_test_id("audit-table")
    assert "accounts.login" in table.inner_text() and "qt.e2e" in table.inner_text()
