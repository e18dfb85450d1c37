import unicodedata

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congso.accounts import services
from congso.accounts.models import User
from congso.core.errors import ValidationFailed
from congso.core.models import AuditEntry

from .factories import PASSWORD, CitizenFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db
LOGIN = "/tai-khoan/dang-nhap/"


def test_login_by_username_or_email_and_audit(client):
    user = UserFactory(username="vanthu.snv", email="vanthu@snv.gov.vn")
    make_member(user=user)
    response = client.post(LOGIN, {"username": "VanThu.SNV", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/tai-khoan/dang-xuat/")
    response = client.post(LOGIN, {"username": "vanthu@snv.gov.vn", "password": PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="accounts.login").first()
    assert entry.actor == user and entry.ip_address == "127.0.0.1"


def test_wrong_password_shows_vietnamese_error_and_is_audited(client):
    UserFactory(username="chuyenvien")
    response = client.post(LOGIN, {"username": "chuyenvien", "password": "sai"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.login_failed", object_repr="chuyenvien").exists()


def test_lockout_after_repeated_failures(client, settings):
    user = UserFactory(username="bikhoa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "bikhoa", "password": "sai-mat-khau"})
    response = client.post(LOGIN, {"username": "bikhoa", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.locked_out").exists()
    assert user.notifications.filter(kind="account.security").exists()


def test_usernames_differing_only_in_case_or_unicode_form_are_refused():
    services.user_create(actor=None, username="Hòa.NV", full_name="Nguyễn Văn Hòa")
    for clash in ["hòa.nv", unicodedata.normalize("NFD", "Hòa.NV"), "HÒA.NV"]:
        with pytest.raises(ValidationFailed):
            services.user_create(actor=None, username=clash, full_name="Người khác")
    assert User.objects.count() == 1


def test_weak_password_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(actor=None, username="yeu", full_name="Trần Thị Yếu", password="12345678")
    assert "password" in exc.value.details and not User.objects.exists()


def test_citizen_never_reaches_staff_pages(client):
    citizen = CitizenFactory()
    client.force_login(citizen)
    for url in ["/to-chuc/", "/quan-tri/nhat-ky/", "/lich-lam-viec/", "/viec/so-luong/", "/mot-cua/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert 'href="/"' in response.content.decode(), url  # the 403 page has a way back
    assert client.get("/tai-khoan/").status_code == 200
    # "/" is the public home for a citizen, never the staff's "Việc của tôi".
    home = client.get("/").content.decode()
    assert 'data-testid="home-search"' in home and 'data-testid="work-' not in home


def test_a_citizen_reads_their_own_notifications(client):
    from congso.core.services.notifications import notify

    citizen, other = CitizenFactory(), CitizenFactory()
    notify(recipients=[citizen], kind="system.message", title="Hồ sơ của bạn đã được tiếp nhận")
    notify(recipients=[other], kind="system.message", title="Hồ sơ của người khác")
    client.force_login(citizen)
    page = client.get("/thong-bao/").content.decode()
    assert "Hồ sơ của bạn đã được tiếp nhận" in page and "người khác" not in page
    assert client.get("/thong-bao/so-chua-doc/").status_code == 200


def test_admin_must_confirm_totp(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling after a wrong code is tested by django-otp itself
    admin = UserFactory()
    make_member(user=admin, roles=["system_admin"])
    client.force_login(admin)
    response = client.get("/quan-tri/nhat-ky/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/hai-buoc/")
    page = client.get("/tai-khoan/hai-buoc/")
    # A GET writes nothing (security finding 17: it created a device); the key is made by a POST.
    assert "totp-start" in page.content.decode() and not TOTPDevice.objects.filter(user=admin).exists()
    client.get("/tai-khoan/hai-buoc/")
    assert not TOTPDevice.objects.filter(user=admin).exists()
    started = client.post("/tai-khoan/hai-buoc/", {"action": "setup"})
    assert started.status_code == 302
    client.post("/tai-khoan/hai-buoc/", {"action": "setup"})
    page = client.get("/tai-khoan/hai-buoc/")
    assert "totp-secret" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin)
    wrong = client.post(
        "/tai-khoan/hai-buoc/", {"token": "000000" if totp(device.bin_key) != 0 else "111111"}
    )
    assert wrong.status_code == 200
    ok = client.post(
        "/tai-khoan/hai-buoc/", {"token": f"{totp(device.bin_key):06d}", "next": "/quan-tri/nhat-ky/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/quan-tri/nhat-ky/"
    assert client.get("/quan-tri/nhat-ky/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor_enabled").exists()


def test_switch_acting_membership(client):
    user = UserFactory()
    first = make_member(user=user, title="Chuyên viên")
    second = make_member(user=user, title="Phó Trưởng ban (kiêm nhiệm)")
    client.force_login(user)
    assert first.agency.name in client.get("/").content.decode()
    response = client.post(reverse("accounts:switch_membership"), {"membership": second.pk, "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Phó Trưởng ban (kiêm nhiệm)" in page.split('data-testid="acting-header"')[1].split("</div>")[0]
    other = make_member(title="Của người khác")
    client.post(reverse("accounts:switch_membership"), {"membership": other.pk, "next": "/"})
    assert client.session["acting_membership_id"] == second.pk


def test_password_reset_sends_email(client, mailoutbox):
    UserFactory(email="quenmk@example.gov.vn")
    client.post("/tai-khoan/quen-mat-khau/", {"email": "quenmk@example.gov.vn"})
    assert len(mailoutbox) == 1 and "/tai-khoan/dat-lai/" in mailoutbox[0].body


def test_pages_render_in_vietnamese_with_dates_dd_mm_yyyy(client):
    user = UserFactory()
    make_member(user=user)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Việc của tôi" in page and 'lang="vi"' in page
    import re

    assert re.search(r"\d{2}/\d{2}/\d{4}", page)
    assert "cdn." not in page and "googleapis" not in page


def test_failed_login_by_email_is_audited_against_the_account(client):
    user = UserFactory(username="thu.email", email="thu@snv.gov.vn")
    client.post(LOGIN, {"username": "THU@snv.gov.vn", "password": "sai"})
    entry = AuditEntry.objects.get(action="accounts.login_failed")
    assert entry.object_id == str(user.pk)


def test_audit_log_link_only_for_those_who_may_read_it(client, settings):
    specialist = make_member()
    client.force_login(specialist.user)
    assert "/quan-tri/nhat-ky/" not in client.get("/").content.decode()
    assert client.get("/quan-tri/nhat-ky/").status_code == 403
    settings.CONGSO_OTP_REQUIRED_FOR_ADMINS = False  # 2FA is tested on its own above
    agency_admin = make_member(roles=["agency_admin"])
    client.force_login(agency_admin.user)
    assert "/quan-tri/nhat-ky/" in client.get("/").content.decode()


def test_cached_user_still_follows_password_change_and_deactivation(client, settings):
    from django.test import Client

    settings.CONGSO_ACCOUNT_CACHE_SECONDS = 60
    member = make_member()
    client.post(LOGIN, {"username": member.user.username, "password": PASSWORD})
    other = Client()
    other.post(LOGIN, {"username": member.user.username, "password": PASSWORD})
    assert client.get("/").status_code == 200 and other.get("/").status_code == 200
    user = User.objects.get(pk=member.user_id)
    user.set_password("Mật-khẩu-mới-2"), user.save()
    # Signed out: the session hash no longer matches ("/" is then the public home, a staff page sends to login).
    assert other.get("/to-chuc/").status_code == 302 and b"home-search" in other.get("/").content
    client.post(LOGIN, {"username": member.user.username, "password": "Mật-khẩu-mới-2"})
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/to-chuc/").status_code == 302


def test_vietnamese_whatever_the_browser_language_and_english_on_request(client):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    page = client.get(LOGIN).content.decode()
    assert 'lang="en"' in page and "Sign in" in page


def test_username_and_email_share_one_lockout_counter(client, settings):
    """Security finding 9: failures by username and by e-mail were counted apart, and a success with one cleared
    the other, so an attacker alternating them was never locked out."""
    user = UserFactory(username="haikhoa", email="haikhoa@snv.gov.vn")
    logins = ["haikhoa", "HaiKhoa@snv.gov.vn"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": logins[attempt % 2], "password": "sai-mat-khau"})
    for login in logins:
        response = client.post(LOGIN, {"username": login, "password": PASSWORD})
        assert response.status_code == 429, login
    assert AuditEntry.objects.filter(action="accounts.locked_out", object_repr="haikhoa").exists()
    assert user.notifications.filter(kind="account.security").exists()


def test_a_success_clears_the_account_counter_whatever_login_was_used(client, settings):
    UserFactory(username="motkhoa", email="motkhoa@snv.gov.vn")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "motkhoa", "password": "sai-mat-khau"})
    assert client.post(LOGIN, {"username": "motkhoa@snv.gov.vn", "password": PASSWORD}).status_code == 302
    client.post("/tai-khoan/dang-xuat/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "motkhoa@snv.gov.vn", "password": "sai-mat-khau"})
    assert client.post(LOGIN, {"username": "motkhoa", "password": PASSWORD}).status_code == 302
