"""/api/v1/dossiers with a personal token: reception, the whole processing flow, errors in the one shape
(422 bad input, 403 not yours, 409 stale version), and the public lookup."""

import base64

import pytest

from congso.accounts import services as account_services

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


class Api:
    def __init__(self, client, user):
        self.client = client
        self.auth = f"Bearer {account_services.token_create(user=user, name='script')[1]}"

    def get(self, path, **params):
        return self.client.get(f"/api/v1/dossiers{path}", params, HTTP_AUTHORIZATION=self.auth)

    def post(self, path, payload=None):
        return self.client.post(
            f"/api/v1/dossiers{path}",
            payload or {},
            content_type="application/json",
            HTTP_AUTHORIZATION=self.auth,
        )


def reception(ward, **overrides):
    payload = {
        "receiving_agency_id": ward.agency.pk,
        "handling_agency_id": ward.agency.pk,
        "procedure_code": "1.001612",
        "applicant": {"name": "Lê Thị Hoa", "id_number": "079123456789", "phone": "0912345678"},
    }
    payload.update(overrides)
    return payload


def test_the_flow_through_the_api(client, ward):
    officer, specialist, leader = (Api(client, u) for u in (ward.officer, ward.specialist, ward.leader))
    created = officer.post("", reception(ward))
    assert created.status_code == 201, created.content
    body = created.json()
    pk, code = body["id"], body["code"]
    assert [s["status"] for s in body["steps"]] == ["active", "pending", "pending", "pending"]
    assert officer.post(f"/{pk}/actions/forward", {"version": 1}).status_code == 200
    assert [item["dossier"]["code"] for item in specialist.get("/queue").json()] == [code]
    stale = leader.post(f"/{pk}/actions/send_back", {"version": 1, "reason": "Xem lại"})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert specialist.post(f"/{pk}/actions/forward", {"version": 2}).status_code == 200
    wrong = specialist.post(f"/{pk}/actions/approve", {"version": 3, "result_summary": "x"})
    assert wrong.status_code == 403
    approved = leader.post(
        f"/{pk}/actions/approve",
        {
            "version": 3,
            "result_summary": "Cấp giấy chứng nhận",
            "result_file": {"name": "kq.pdf", "content_base64": base64.b64encode(PDF).decode()},
        },
    )
    assert approved.status_code == 200 and approved.json()["status"] == "9"
    returned = officer.post(f"/{pk}/actions/return", {"version": 4, "method": "electronic"})
    assert returned.json()["status"] == "10"
    public = client.get("/api/v1/dossiers/lookup", {"code": code, "check": "5678"})
    assert public.status_code == 200 and public.json()["status"] == "10"
    assert "Lê Thị Hoa" not in public.content.decode()
    assert client.get("/api/v1/dossiers/lookup", {"code": code, "check": "0000"}).status_code == 404
    history = [row["label"] for row in public.json()["history"]]
    assert history[0] == "Tiếp nhận hồ sơ" and history[-1] == "Đã trả kết quả"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"applicant": {"name": "A", "id_number": "1", "phone": "0912345678"}}, "id_number"),
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "incomplete", "items": []}, "items"),
        ({"channel": "postal"}, "postal_reference"),
    ],
)
def test_bad_reception_is_422_and_creates_nothing(client, ward, overrides, field):
    from congso.dossiers.models import Dossier

    response = Api(client, ward.officer).post("", reception(ward, **overrides))
    assert response.status_code == 422 and field in response.json()["details"]
    assert not Dossier.objects.exists()


def test_unknown_action_and_other_agencies(client, ward):
    pk = Api(client, ward.officer).post("", reception(ward)).json()["id"]
    assert Api(client, ward.officer).post(f"/{pk}/actions/fly", {"version": 1}).status_code == 404
    assert Api(client, ward.stranger).get(f"/{pk}").status_code == 404
    assert Api(client, ward.stranger).post(f"/{pk}/actions/forward", {"version": 1}).status_code == 404
    assert Api(client, ward.specialist).post("", reception(ward)).status_code == 403


def test_the_citizens_side_through_the_api(client, ward):
    from congso.accounts.tests.factories import UserFactory
    from congso.procedures.models import Procedure

    citizen = Api(client, UserFactory(kind="citizen"))
    procedure = Procedure.objects.get(code="1.001612")
    first = procedure.papers.first()
    pdf = {"name": "giay.pdf", "content_base64": base64.b64encode(PDF).decode()}
    draft = citizen.post(
        "/online",
        {
            "procedure_code": "1.001612",
            "handling_agency_id": ward.agency.pk,
            "applicant": {"name": "Lan", "id_number": "036188001234", "phone": "0903123456"},
            "form_data": {
                str(first.pk): {"ho_ten": "Lan", "so_dinh_danh": "036188001234", "dien_thoai": "0903123456"}
            },
            "papers": {str(first.pk): pdf},
        },
    )
    assert draft.status_code == 201, draft.content
    pk = draft.json()["id"]
    missing = [p.pk for p in procedure.papers.filter(required=True) if p.pk != first.pk]
    submitted = citizen.post(f"/{pk}/submit")
    assert missing  # the first upload alone is not enough
    assert submitted.status_code == 422 and f"paper_{missing[0]}" in submitted.json()["details"]
    citizen.post(
        "/online",
        {
            "dossier_id": pk,
            "procedure_code": "1.001612",
            "handling_agency_id": ward.agency.pk,
            "applicant": {"name": "Lan", "id_number": "036188001234", "phone": "0903123456"},
            "form_data": {
                str(first.pk): {
                    "ho_ten": "Lan",
                    "so_dinh_danh": "036188001234",
                    "dien_thoai": "0903123456",
                }
            },
            "papers": {str(p): pdf for p in missing},
        },
    )
    submitted = citizen.post(f"/{pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "1"
    bad = citizen.post(
        "/online",
        {
            "procedure_code": "1.001612",
            "handling_agency_id": ward.agency.pk,
            "applicant": {"name": "x", "id_number": "", "phone": ""},
            "papers": {str(first.pk): {"name": "a.pdf", "content_base64": "***"}},
        },
    )
    assert bad.status_code == 422
    stats = Api(client, ward.leader).get("/statistics", start="2026-01-01", end="2026-12-31")
    assert stats.status_code == 200
    assert (
        Api(client, ward.leader)
        .get("/statistics", start="2026-01-01", end="2026-12-31", group="x")
        .status_code
        == 422
    )
