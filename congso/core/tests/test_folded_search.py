"""Every list with a search box ignores diacritics (the dossier queue: dossiers/tests/test_reception.py), on both databases, from the same fold (core.text.fold), and on
PostgreSQL each folded column has the trigram index that keeps `LIKE '%…%'` fast at a million rows."""

import pytest
from django.db import connection

from congso.accounts.selectors import user_list
from congso.accounts.tests.factories import UserFactory, make_member
from congso.core.scope import EVERYWHERE
from congso.core.selectors import audit_entry_list
from congso.core.services import audit_log
from congso.organizations.selectors import agency_list, unit_list
from congso.organizations.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return make_member(roles=["system_admin"]).user


def test_agencies_and_units(root):
    ward = AgencyFactory(name="Phường Đống Đa", short_name="PĐĐ")
    AgencyFactory(name="Phường Ba Đình")
    assert list(agency_list(user=root, query="dong da")) == [ward]
    assert list(agency_list(user=root, query="ĐỐNG ĐA")) == [ward]
    assert list(agency_list(user=root, query="Đống  Đa")) == [ward]
    unit = UnitFactory(agency=ward, name="Phòng Văn hóa – Xã hội")
    assert list(unit_list(user=root, query="van hoa")) == [unit]
    ward.name = "Phường Đống Đa Mới"
    ward.save(update_fields=["name"])  # the folded name follows even a partial save
    assert list(agency_list(user=root, query="dong da moi")) == [ward]


def test_people(root):
    person = UserFactory(full_name="Đặng Thị Hương", username="huong.dt")
    UserFactory(full_name="Đặng Văn Hùng")
    make_member(user=person)
    assert [u.pk for u in user_list(user=root, query="dang thi huong")] == [person.pk]
    assert [u.pk for u in user_list(user=root, query="HUONG.DT")] == [person.pk]


def test_the_audit_log(root):
    audit_log(actor=root, action="test.thing", message="Đã sửa hồ sơ của Đặng Thị Hương")
    audit_log(actor=root, action="test.thing", message="Khác")
    assert [e.message for e in audit_entry_list(agency_ids=EVERYWHERE, object_query="dang thi huong")] == [
        "Đã sửa hồ sơ của Đặng Thị Hương"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_each_folded_column_has_its_trigram_index_and_the_planner_uses_it():
    expected = {
        "agency_name_folded_trgm",
        "unit_name_folded_trgm",
        "user_search_folded_trgm",
        "dossier_applicant_folded_trgm",
        "audit_search_folded_trgm",
        "audit_actor_folded_trgm",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        assert expected <= {row[0] for row in cursor.fetchall()}
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM dossiers_dossier WHERE applicant_folded::text LIKE %s",
            ["%dang thi huong%"],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "dossier_applicant_folded_trgm" in plan


def test_no_scope_reads_nothing(root):
    """`None` never means "every agency": a forgotten argument reads nothing."""
    from congso.dossiers.selectors.statistics import statistics_scope

    audit_log(actor=root, action="test.thing", message="x")
    assert not audit_entry_list(agency_ids=None).exists()
    assert audit_entry_list(agency_ids=EVERYWHERE).exists()
    assert not statistics_scope(None).exists() and statistics_scope(None).query.is_empty()
