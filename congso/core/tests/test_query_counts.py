"""Hot pages do a fixed number of queries however much data the user has (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.accounts.tests.factories import make_member
from congso.core.services import audit_log, notify
from congso.organizations.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
PAGES = ["/", "/quan-tri/nhat-ky/", "/to-chuc/", "/tai-khoan/", "/api/v1/accounts/memberships"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_hot_pages_do_not_grow_with_data(client, settings):
    settings.CONGSO_OTP_REQUIRED_FOR_ADMINS = False
    # An administrator who also handles dossiers and leads: "Việc của tôi" reads every module's work for them.
    roles = ["system_admin", "specialist", "leader", "clerk", "one_stop_officer"]
    admin = make_member(roles=roles)
    client.force_login(admin.user)
    client.get("/")  # the first request of a session refreshes its expiry (one write), later ones do not
    before = {url: _queries(client, url) for url in PAGES}
    for index in range(15):
        # Posts in other agencies (one query per set of agencies where the same roles are held, not per post).
        make_member(user=admin.user, agency=AgencyFactory(), roles=roles[1:], title=f"Kiêm nhiệm {index}")
        make_member(agency=admin.agency)
        audit_log(actor=admin.user, action="test.entry", object_type="x", agency_id=admin.agency_id)
        notify(recipients=[admin.user], kind="system.message", title=f"Thông báo {index}")
        AgencyFactory(parent=admin.agency)
    after = {url: _queries(client, url) for url in PAGES}
    assert after == before
    # The home of a person holding five roles: one indexed query per way work reaches them, each cut at 50 in
    # deadline or date order (one per process role, since one OR would sort a whole agency's steps:
    # docs/performance.md, 04/12/2026) — a fixed number, whatever the data.
    assert max(after.values()) <= 16
