"""A ward with its one-stop desk, a specialist and a leader; a province department for cross-agency steps; the
demo procedure catalogue; and a clock that stands still where a test puts it."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from congso.accounts.models import User
from congso.accounts.tests.factories import make_member
from congso.demo.procedures_data import PROCEDURES
from congso.organizations.tests.factories import AgencyFactory
from congso.procedures.services import procedures_import

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = {"name": "Lê Thị Hoa", "id_number": "079123456789", "phone": "0912 345 678"}


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def ward(db):
    procedures_import(actor=None, items=PROCEDURES)
    agency = AgencyFactory(organ_id="000.00.01.H29", kind="commune_committee", name="UBND phường Hồng Hà")
    other = AgencyFactory(organ_id="000.00.02.H29", kind="commune_committee", name="UBND xã Bình An")
    department = AgencyFactory(organ_id="000.00.03.H29", kind="department", name="Sở Xây dựng")

    def member(at, roles, title):
        return fresh(make_member(agency=at, roles=roles, title=title).user)

    return SimpleNamespace(
        agency=agency,
        other=other,
        department=department,
        officer=member(agency, ["one_stop_officer"], "Công chức Một cửa"),
        officer2=member(agency, ["one_stop_officer"], "Công chức Một cửa"),
        specialist=member(agency, ["specialist"], "Công chức Tư pháp"),
        leader=member(agency, ["leader"], "Phó Chủ tịch UBND"),
        stranger=member(other, ["specialist", "one_stop_officer"], "Công chức xã khác"),
        department_specialist=member(department, ["specialist"], "Chuyên viên Sở"),
    )


@pytest.fixture
def clock(monkeypatch):
    """`clock(2026, 3, 2, 9)` stops Django's clock (django.utils.timezone.now, which the services read) at that
    Vietnamese moment; call it again to move it. The system clock is left alone (font caches rely on it)."""
    from django.utils import timezone

    def at(*parts):
        moment = datetime(*parts, tzinfo=VN)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return at
