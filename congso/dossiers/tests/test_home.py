"""The pages issue 11 fixed for each kind of user: "Việc của tôi" gathers the one-stop work (with counts and
overdue ones), "/" is the public home for visitors and citizens, an anonymous visitor is told why they must sign
in, a refusal says why and leads back, the reception's outcome is a real radio group, procedures sort in
Vietnamese order."""

import re

import pytest
from django.urls import reverse

from congso.accounts.tests.factories import CitizenFactory
from congso.procedures.models import Procedure

from .conftest import fresh
from .test_processing import receive

pytestmark = pytest.mark.django_db


def test_the_officers_home_gathers_the_one_stop_queue_with_counts(client, ward, clock):
    clock(2026, 3, 2, 9, 0)  # Monday
    dossiers = [receive(ward) for _ in range(3)]
    client.force_login(fresh(ward.officer))
    home = client.get("/").content.decode()
    work = home.split('data-testid="work-dossiers"')[1].split("</section>")[0]
    assert all(f"/mot-cua/{d.pk}/" in work for d in dossiers)  # each entry links to the dossier's page
    assert "Chưa có việc" not in home and "Không có việc nào" not in home
    assert 'data-testid="work-total">3 việc đang chờ' in home
    clock(2026, 3, 9, 9, 0)  # a week later every first step is past its deadline
    client.force_login(fresh(ward.officer))  # (the week outlived the session)
    home = client.get("/").content.decode()
    assert 'data-testid="work-overdue">3 quá hạn' in home
    count = client.get(reverse("core:work_count")).content.decode()
    assert 'data-testid="work-count">3' in count and "text-bg-danger" in count
    # Someone with no part in the one-stop shop sees no such group, and an empty state that says what comes.
    client.force_login(fresh(ward.department_specialist))
    home = client.get("/").content.decode()
    assert 'data-testid="work-dossiers"' not in home and 'data-testid="empty-state"' in home


def test_visitors_and_citizens_get_the_public_home(client, ward):
    page = client.get("/").content.decode()
    assert 'data-testid="home-search"' in page and 'data-testid="home-lookup"' in page
    assert 'data-testid="home-sectors"' in page and "Đăng nhập" in page
    citizen = CitizenFactory()
    client.force_login(citizen)
    page = client.get("/").content.decode()
    assert client.get("/").status_code == 200 and 'href="/dich-vu-cong/"' in page  # the citizen's menu
    assert 'data-testid="work-' not in page


def test_an_anonymous_visitor_is_told_why_to_sign_in(client):
    response = client.get("/dich-vu-cong/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain and 'data-testid="login-reason"' in page
    assert "tài khoản công dân" in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "127.0.0.1" not in title and "testserver" not in title and "Công Sở" in title


def test_a_refusal_says_why_and_leads_back(client, ward):
    client.force_login(fresh(ward.specialist))
    response = client.get(reverse("dossiers:receive"))
    page = response.content.decode()
    assert response.status_code == 403 and 'data-testid="forbidden"' in page
    assert (
        "Chỉ công chức Một cửa mới tiếp nhận hồ sơ." in page
        and 'href="/"' in page
        and "Về Việc của tôi" in page
    )


def test_the_reception_outcome_is_a_radio_group_not_a_crushed_box(client, ward):
    client.force_login(fresh(ward.officer))
    page = client.get(reverse("dossiers:receive")).content.decode()
    group = page.split('data-testid="radios-outcome"')[1].split("</fieldset>")[0]
    assert "<legend" in group and group.count('type="radio"') == 3
    assert group.count('class="form-check"') == 0 and group.count("form-check form-check-inline") == 3
    # No wrapper around the options carries the input's class (that was the 40 px column).
    assert not re.search(r'<div[^>]*class="form-check-input"', page)


def test_procedures_sort_in_vietnamese_order(client, ward):
    names = list(Procedure.objects.filter(active=True).values_list("name", flat=True))
    ordered = list(Procedure.objects.filter(active=True).order_by("name_sort").values_list("name", flat=True))
    from congso.core.text import collation_key

    assert ordered == sorted(names, key=collation_key)
    first_d = (
        next(i for i, n in enumerate(ordered) if n.startswith("Đ"))
        if any(n.startswith("Đ") for n in ordered)
        else None
    )
    if first_d is not None:  # "Đ…" after "D…" and before "E…", not after "Z…" as byte order puts it
        assert all(not n.startswith(("E", "G", "H", "K", "L", "T", "X")) for n in ordered[:first_d])


def test_every_event_the_services_write_has_its_words():
    """No raw code reaches a page: each action written through services.common.commit has a label."""
    from pathlib import Path

    from congso.dossiers.models import EVENT_LABELS

    services = Path(__file__).resolve().parents[1] / "services"
    written = set()
    for path in services.glob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written and written <= set(EVENT_LABELS), written - set(EVENT_LABELS)


def test_the_staff_history_shows_words_not_codes(client, ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    client.force_login(fresh(ward.officer))
    page = client.get(f"/mot-cua/{dossier.pk}/").content.decode()
    history = page.split('data-testid="dossier-history"')[1].split("</ol>")[0]
    assert "Tiếp nhận hồ sơ" in history and "received" not in history and "09:00 02/03/2026" in history


def test_the_work_is_cached_briefly_and_dropped_by_the_persons_own_write(client, ward, clock, settings):
    from django.core.cache import cache

    settings.CONGSO_WORK_CACHE_SECONDS = 30
    cache.clear()
    clock(2026, 3, 2, 9, 0)
    client.force_login(fresh(ward.officer))
    first = receive(ward)
    assert f"/mot-cua/{first.pk}/" in client.get("/").content.decode()
    second = receive(ward)  # given by someone else meanwhile: appears once the cache expires…
    assert f"/mot-cua/{second.pk}/" not in client.get("/").content.decode()
    client.post("/thong-bao/da-doc/")  # …or at once after any write of the person's own
    page = client.get("/").content.decode()
    assert f"/mot-cua/{second.pk}/" in page and 'data-testid="work-total">2 việc đang chờ' in page
    clock(2026, 3, 9, 9, 0)  # the overdue count is taken now, not when the entries were cached
    client.force_login(fresh(ward.officer))
    assert 'data-testid="work-overdue">2 quá hạn' in client.get("/").content.decode()
