"""The procedure catalogue: validation of a procedure as a whole, import/export round trips (JSON and CSV), the
public pages and API, the demo catalogue."""

import copy
from decimal import Decimal

import pytest

from congso.accounts.tests.factories import make_member
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.demo.procedures_data import PROCEDURES
from congso.procedures import services
from congso.procedures.models import Procedure, ProcessStep

pytestmark = pytest.mark.django_db


def birth():
    return copy.deepcopy(next(p for p in PROCEDURES if p["code"] == "1.001193"))


def test_the_demo_catalogue_loads_and_every_process_adds_up():
    assert services.procedures_import(actor=None, items=PROCEDURES) >= 30
    for procedure in Procedure.objects.prefetch_related("steps"):
        assert sum(s.share for s in procedure.steps.all()) == procedure.time_direct, procedure.code
    assert Procedure.objects.filter(online_level="partial").exclude(partial_reason="").exists()
    assert ProcessStep.objects.filter(cross_agency=True).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(code="1001193"), "code"),
        (lambda p: p.update(name=""), "name"),
        (lambda p: p.update(level="district"), "level"),
        (lambda p: p.update(time_direct="0"), "time_direct"),
        (lambda p: p.update(time_online="abc"), "time_online"),
        (lambda p: p.update(online_level="partial", partial_reason=""), "partial_reason"),
        (lambda p: p["steps"][0].update(share="0.3"), "steps"),
        (lambda p: p.update(steps=[]), "steps"),
        (lambda p: p["steps"][0].update(role="king"), "steps.0.role"),
        (lambda p: p["papers"][0].update(originals=0, copies=0), "papers.0.originals"),
        (
            lambda p: p["papers"][0].update(form_fields=[{"name": "x", "type": "video"}]),
            "papers.0.form_fields",
        ),
        (lambda p: p.update(fees=[{"kind": "charge", "name": "Lệ phí", "amount": -5}]), "fees.0.amount"),
        (lambda p: p.update(sector={}), "sector"),
    ],
)
def test_a_bad_procedure_is_refused_with_the_field_named(change, field):
    data = birth()
    change(data)
    with pytest.raises(ValidationFailed) as error:
        services.procedure_save(actor=None, data=data)
    assert field in error.value.details
    assert not Procedure.objects.exists()


def test_import_is_all_or_nothing_and_names_every_failing_row():
    good, bad = birth(), copy.deepcopy(PROCEDURES[1])
    bad["steps"][0]["share"] = "9"
    with pytest.raises(ValidationFailed) as error:
        services.procedures_import(actor=None, items=[good, bad, {"code": "x"}])
    assert set(error.value.details) == {f"2:{bad['code']}", "3:x"}
    assert not Procedure.objects.exists()


def test_json_and_csv_round_trips():
    services.procedures_import(actor=None, items=PROCEDURES[:6])
    exported = services.procedures_export(procedures=Procedure.objects.order_by("code"))
    csv_text = services.procedures_to_csv(exported)
    Procedure.objects.all().delete()
    services.procedures_import(actor=None, items=services.procedures_from_csv(csv_text))
    again = services.procedures_export(procedures=Procedure.objects.order_by("code"))

    def strip(items):
        return [
            {k: v for k, v in i.items() if k not in ("papers", "agency_kinds", "conditions")} for i in items
        ]  # noqa: E731

    assert strip(again) == strip(exported)
    assert [len(i["papers"]) for i in again] == [len(i["papers"]) for i in exported]
    assert Procedure.objects.get(code="1.001193").time_direct == Decimal("1.0")


def test_only_system_administrators_change_the_catalogue():
    member = make_member(roles=["agency_admin"])
    with pytest.raises(PermissionDenied):
        services.procedure_save(actor=member.user, data=birth())
    admin = make_member(roles=["system_admin"])
    assert services.procedure_save(actor=admin.user, data=birth()).code == "1.001193"


def test_public_pages_and_api(client):
    services.procedures_import(actor=None, items=PROCEDURES)
    page = client.get("/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Đăng ký khai sinh" in page and "Đăng ký kết hôn" not in page
    detail = client.get("/thu-tuc/1.001612/").content.decode()
    assert "Lệ phí đăng ký hộ kinh doanh" in detail and "100.000" in detail
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    listed = client.get("/api/v1/procedures", {"q": "chung thuc"}).json()
    assert listed["count"] >= 3 and all("chứng thực" in p["name"].lower() for p in listed["items"])
    one = client.get("/api/v1/procedures/1.009974").json()
    assert (
        one["detail"]["steps"][0]["role"] == "one_stop_officer"
        and one["detail"]["pause_on_supplement"] is True
    )
    exported = client.get("/api/v1/procedures/export", {"format": "csv"})
    assert exported["Content-Type"].startswith("text/csv") and "1.001193" in exported.content.decode()
    assert (
        client.post(
            "/api/v1/procedures/import", {"procedures": []}, content_type="application/json"
        ).status_code
        == 401
    )


def _names(client, **params):
    page = client.get("/thu-tuc/", params).content.decode()
    table = page.split('data-testid="procedures"')[1].split("</table>")[0]
    return table


def test_the_catalogue_by_life_event_and_by_the_agency_that_handles_it(client):
    from congso.procedures.models import LifeEvent

    services.procedures_import(actor=None, items=PROCEDURES)
    # The seeded life events lead to procedures of the catalogue; the public home shows them as tiles.
    home = client.get("/").content.decode()
    assert 'data-testid="home-events"' in home and "?su-kien=ket-hon" in home and "Kết hôn" in home
    married = _names(client, **{"su-kien": "ket-hon"})
    assert "Đăng ký kết hôn" in married and "Cấp Giấy xác nhận tình trạng hôn nhân" in married
    assert "Đăng ký khai sinh" not in married
    # Combined with the words typed and the kind of agency.
    assert "Đăng ký kết hôn" not in _names(client, **{"su-kien": "ket-hon", "q": "xac nhan"})
    commune = _names(client, **{"co-quan": "commune_committee"})
    department = _names(client, **{"co-quan": "department"})
    assert "Đăng ký khai sinh" in commune and "Đăng ký khai sinh" not in department
    assert "Cấp giấy phép môi trường" in department and "Cấp giấy phép môi trường" not in commune
    # Unknown values filter nothing rather than empty the list; an event no longer in use is not offered.
    everything = _names(client)
    assert _names(client, **{"su-kien": "khong-co", "co-quan": "vu-tru"}) == everything
    LifeEvent.objects.filter(code="ket-hon").update(active=False)
    assert "?su-kien=ket-hon" not in client.get("/").content.decode()
    assert _names(client, **{"su-kien": "ket-hon"}) == everything
