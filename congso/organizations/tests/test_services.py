"""Organisation structure: validation, the 2025 merge story, lineage, import/export (all or nothing)."""

import json
import unicodedata
from datetime import date

import pytest

from congso.accounts.models import Membership
from congso.accounts.tests.factories import make_member
from congso.core import hooks
from congso.core.errors import ValidationFailed
from congso.core.models import AuditEntry
from congso.organizations import selectors, services
from congso.organizations.models import Agency, Unit

from .factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db
MERGE_DATE = date(2025, 7, 1)


def new(**kwargs):
    defaults = {
        "actor": None,
        "name": "Sở Thử nghiệm",
        "short_name": "STN",
        "organ_id": "H97.01",
        "kind": "department",
    }
    return services.agency_create(**{**defaults, **kwargs})


@pytest.mark.parametrize("organ_id", ["000.00.00.H38", "H37.02.02", "g01.12", "000.00.12.H38-01"])
def test_both_organ_id_forms_are_accepted(organ_id):
    assert new(organ_id=organ_id).organ_id == organ_id.upper()


@pytest.mark.parametrize("organ_id", ["", "H37..02", "Sở 01", "H37 02", "x" * 36, ".H37", "Hà.01"])
def test_malformed_organ_ids_are_refused(organ_id):
    with pytest.raises(ValidationFailed) as exc:
        new(organ_id=organ_id)
    assert "organ_id" in exc.value.details
    assert not Agency.objects.exists()


def test_duplicate_organ_id_in_force_is_refused_but_reusable_after_end():
    first = new(organ_id="H97.05")
    with pytest.raises(ValidationFailed):
        new(organ_id="h97.05", name="Khác")
    services.agency_dissolve(actor=None, agency=first, effective_date=date(2025, 1, 1))
    assert new(organ_id="H97.05", name="Kế thừa").pk != first.pk


def test_non_nfc_text_is_refused_by_services():
    with pytest.raises(ValidationFailed):
        new(name=unicodedata.normalize("NFD", "Sở Nội vụ"))


def test_a_cycle_in_the_tree_is_refused():
    top = new(organ_id="H97.10")
    child = new(organ_id="H97.11", parent=top)
    grandchild = new(organ_id="H97.12", parent=child)
    with pytest.raises(ValidationFailed) as exc:
        services.agency_update(actor=None, agency=top, parent=grandchild)
    assert "parent" in exc.value.details
    top.refresh_from_db()
    assert top.parent is None


def _two_communes():
    a = AgencyFactory(name="Ủy ban nhân dân xã An Phú", organ_id="H96.01")
    b = AgencyFactory(name="Ủy ban nhân dân xã Bình Lợi", organ_id="H96.02")
    unit_a = UnitFactory(agency=a, name="Phòng Văn hóa – Xã hội", short_name="VHXH")
    UnitFactory(agency=b, name="Phòng Văn hóa – Xã hội", short_name="VHXH")
    return a, b, unit_a


def _merge(a, b, **kwargs):
    return services.agency_merge(
        actor=None,
        sources=[a, b],
        effective_date=MERGE_DATE,
        legal_basis="NQ thử",
        new_agency={
            "name": "Ủy ban nhân dân phường Sông Hồng",
            "short_name": "UBND",
            "organ_id": "H96.90",
            "kind": "commune_committee",
        },
        **kwargs,
    )


def test_merge_two_communes_into_a_new_ward():
    a, b, unit_a = _two_communes()
    staff = make_member(agency=a, unit=unit_a, roles=["clerk"], title="Văn thư")
    old_leader = make_member(agency=b, roles=["leader"], title="Chủ tịch")
    ward = _merge(a, b)

    a.refresh_from_db()
    assert a.valid_to == date(2025, 6, 30) and not a.in_force and ward.valid_from == MERGE_DATE
    # Old records keep the old name; lineage both ways.
    assert staff.agency_name_then() == "Ủy ban nhân dân xã An Phú"
    assert a.name_on(date(2024, 5, 1)) == "Ủy ban nhân dân xã An Phú"
    assert selectors.agency_successors(a) == [ward]
    assert {p.pk for p in selectors.agency_predecessors(ward)} == {a.pk, b.pk}
    assert selectors.agency_current_successors(a) == [ward]
    # Memberships moved to the ward with roles and the matching unit; the old ones ended the day before.
    staff.refresh_from_db()
    assert staff.end_date == date(2025, 6, 30)
    moved = Membership.objects.get(user=staff.user, agency=ward)
    assert moved.roles == ["clerk"] and moved.unit.short_name == "VHXH" and moved.unit.agency == ward
    assert Membership.objects.filter(user=old_leader.user, agency=ward).exists()
    assert Unit.objects.filter(agency=ward, valid_to__isnull=True).count() == 1
    # New work goes to the ward: the old communes are no longer offered.
    in_force = set(selectors.agency_list(user=None).values_list("pk", flat=True))
    assert ward.pk in in_force and a.pk not in in_force and b.pk not in in_force
    assert AuditEntry.objects.filter(action="organizations.agency_merged").count() == 2
    assert AuditEntry.objects.filter(action="accounts.membership_moved").count() == 2


def test_a_failing_hook_rolls_the_whole_merge_back():
    a, b, unit_a = _two_communes()
    member = make_member(agency=a, unit=unit_a)
    audit_before = AuditEntry.objects.count()

    def broken(**kwargs):
        raise RuntimeError("module could not move its open work")

    hooks.register("agency_merged", broken, order=999)
    try:
        with pytest.raises(RuntimeError):
            _merge(a, b)
    finally:
        hooks.unregister("agency_merged", broken)
    a.refresh_from_db()
    member.refresh_from_db()
    assert a.in_force and member.end_date is None
    assert not Agency.objects.filter(organ_id="H96.90").exists()
    assert Membership.objects.count() == 1 and AuditEntry.objects.count() == audit_before


def test_merging_into_own_descendant_is_refused():
    top = new(organ_id="H97.20")
    child = new(organ_id="H97.21", parent=top)
    with pytest.raises(ValidationFailed) as exc:
        services.agency_merge(actor=None, sources=[top], target=child, effective_date=MERGE_DATE)
    assert "target" in exc.value.details
    top.refresh_from_db()
    assert top.in_force


def test_effective_date_overlapping_the_existing_period_is_refused():
    a, b, _ = _two_communes()
    with pytest.raises(ValidationFailed) as exc:
        services.agency_merge(
            actor=None,
            sources=[a, b],
            effective_date=date(2019, 1, 1),
            new_agency={"name": "X", "short_name": "X", "organ_id": "H96.91", "kind": "other"},
        )
    assert "effective_date" in exc.value.details
    with pytest.raises(ValidationFailed):
        services.agency_merge(actor=None, sources=[a, a], effective_date=MERGE_DATE, target=b)


def test_rename_keeps_history():
    agency = new(
        organ_id="H97.30",
        name="Sở Thông tin và Truyền thông",
        short_name="STTTT",
        valid_from=date(2010, 1, 1),
    )
    services.agency_rename(
        actor=None,
        agency=agency,
        name="Sở Khoa học và Công nghệ",
        short_name="SKHCN",
        effective_date=date(2025, 3, 1),
    )
    agency.refresh_from_db()
    assert agency.name == "Sở Khoa học và Công nghệ"
    assert agency.name_on(date(2024, 12, 31)) == "Sở Thông tin và Truyền thông"
    assert agency.short_name_on(date(2024, 12, 31)) == "STTTT"
    with pytest.raises(ValidationFailed):
        services.agency_rename(actor=None, agency=agency, name="Khác", effective_date=date(2025, 2, 1))


def test_split_moves_staff_to_the_primary_successor():
    source = new(organ_id="H97.40")
    member = make_member(agency=source)
    targets = services.agency_split(
        actor=None,
        source=source,
        effective_date=MERGE_DATE,
        new_agencies=[
            {"name": "Sở A", "short_name": "SA", "organ_id": "H97.41", "kind": "department"},
            {"name": "Sở B", "short_name": "SB", "organ_id": "H97.42", "kind": "department"},
        ],
    )
    assert Membership.objects.get(user=member.user, end_date__isnull=True).agency == targets[0]
    assert set(selectors.agency_successors(source)) == set(targets)


def test_export_then_import_round_trip_json_and_csv():
    a, b, _ = _two_communes()
    _merge(a, b)
    exported = services.organizations_export_json()
    data = json.loads(exported)
    assert {row["organ_id"] for row in data["agencies"]} >= {"H96.01", "H96.90"}
    assert {(row["predecessor"], row["successor"]) for row in data["lineage"]} == {
        ("H96.01", "H96.90"),
        ("H96.02", "H96.90"),
    }
    csv_text = services.organizations_export_csv()
    assert csv_text.splitlines()[0].startswith("record_type,key,name")
    # Importing what is already there changes nothing.
    before = Agency.objects.count()
    counts = services.organizations_import(actor=None, content=exported, fmt="json")
    assert counts["agencies_created"] == 0 and Agency.objects.count() == before


def test_import_creates_a_tree_with_parents_after_children_in_the_file():
    content = "\n".join(
        [
            "record_type,key,name,short_name,kind,parent,area,agency,address,phone,email,website,valid_from,valid_to",
            "agency,H95.02,Sở Con,SC,department,H95,,,,,,,01/01/2024,",
            "agency,H95,Ủy ban nhân dân tỉnh Thử,UBND,provincial_committee,,,,,,,,,",
            "unit,VP,Văn phòng,VP,,,,H95.02,,,,,,",
        ]
    )
    counts = services.organizations_import(actor=None, content=content, fmt="csv")
    assert counts == {"areas_created": 0, "agencies_created": 2, "units_created": 1, "updated": 0}
    assert Agency.objects.get(organ_id="H95.02").parent.organ_id == "H95"


def test_a_bad_import_reports_every_row_and_writes_nothing():
    content = json.dumps(
        {
            "format": "congso.organizations/1",
            "agencies": [
                {"organ_id": "H94.01", "name": "Hợp lệ", "short_name": "HL", "kind": "department"},
                {"organ_id": "sai mã", "name": "Sai mã", "short_name": "S", "kind": "department"},
                {
                    "organ_id": "H94.02",
                    "name": "Cha lạ",
                    "short_name": "C",
                    "kind": "department",
                    "parent": "H00.00",
                },
                {"organ_id": "H94.01", "name": "Trùng", "short_name": "T", "kind": "department"},
            ],
        }
    )
    with pytest.raises(ValidationFailed) as exc:
        services.organizations_import(actor=None, content=content, fmt="json")
    rows = exc.value.details["rows"]
    assert {row["row"] for row in rows} >= {2, 3}
    assert (
        not Agency.objects.exists()
        and not AuditEntry.objects.filter(action="organizations.imported").exists()
    )
    with pytest.raises(ValidationFailed):
        services.organizations_import(actor=None, content="{not json", fmt="json")


def test_area_rename_keeps_lineage_and_moves_agencies():
    from congso.organizations.models import AdministrativeArea

    area = services.area_create(
        actor=None, code="93001", name="Xã Cũ", kind="commune", valid_from=date(2020, 1, 1)
    )
    agency = new(organ_id="H93.01", area=area)
    renamed = services.area_rename(actor=None, area=area, name="Phường Mới", effective_date=MERGE_DATE)
    assert renamed.code == "93001" and renamed.valid_from == MERGE_DATE
    assert selectors.area_predecessors(renamed) == [area]
    agency.refresh_from_db()
    assert agency.area == renamed
    assert AdministrativeArea.objects.get(pk=area.pk).valid_to == date(2025, 6, 30)


def test_csv_export_parses_back_to_the_json_rows():
    from congso.organizations.services.transfer import _parse

    a, b, _ = _two_communes()
    _merge(a, b)
    from_csv = _parse(services.organizations_export_csv(), "csv")
    from_json = json.loads(services.organizations_export_json())
    assert {r["organ_id"] for r in from_csv["agencies"]} == {r["organ_id"] for r in from_json["agencies"]}
    assert {(r["agency"], r["short_name"]) for r in from_csv["units"]} == {
        (r["agency"], r["short_name"]) for r in from_json["units"]
    }
    with pytest.raises(ValidationFailed) as exc:
        _parse("record_type,key,name\nfoo,X,Y\n", "csv")
    assert exc.value.details == {"lines": [2]}


def test_import_orders_units_by_parent_and_reports_unknown_parent_units():
    header = "record_type,key,name,short_name,kind,parent,area,agency,address,phone,email,website,valid_from,valid_to"
    content = "\n".join(
        [
            header,
            "agency,H92,Sở Thử,STH,department,,,,,,,,,",
            "unit,TO1,Tổ Một,,,PHONG,,H92,,,,,,",
            "unit,PHONG,Phòng Tổng hợp,,,,,H92,,,,,,",
        ]
    )
    services.organizations_import(actor=None, content=content, fmt="csv")
    assert Unit.objects.get(short_name="TO1").parent.short_name == "PHONG"
    bad = "\n".join([header, "unit,TO2,Tổ Hai,,,KHONGCO,,H92,,,,,,"])
    with pytest.raises(ValidationFailed) as exc:
        services.organizations_import(actor=None, content=bad, fmt="csv")
    assert exc.value.details["rows"][0]["section"] == "units"
    assert not Unit.objects.filter(short_name="TO2").exists()
