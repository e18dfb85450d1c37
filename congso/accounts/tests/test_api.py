import json

import pytest

from congso.accounts import services
from congso.accounts.models import Membership

from .factories import UserFactory, make_member

pytestmark = pytest.mark.django_db


def _token_for(user):
    return services.token_create(user=user, name="script")[1]


def test_openapi_and_docs_are_served_offline(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations/agencies" in spec["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr" not in docs and "/static/ninja/" in docs


def test_unauthenticated_gets_the_error_shape(client):
    body = client.get("/api/v1/organizations/agencies").json()
    assert body == {"code": "not_authenticated", "message": body["message"], "details": {}}


def test_token_auth_and_pagination(client):
    member = make_member()
    for _ in range(3):
        make_member(agency=member.agency)
    raw = _token_for(member.user)
    response = client.get("/api/v1/accounts/memberships?page_size=2", HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = response.json()
    assert (
        response.status_code == 200 and body["count"] == 4 and len(body["items"]) == 2 and body["page"] == 1
    )
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer cs_wrong").status_code == 401


def test_revoked_token_stops_working(client):
    member = make_member()
    token, raw = services.token_create(user=member.user, name="x")
    services.token_revoke(user=member.user, token_id=token.pk)
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_agency_admin_creates_membership_and_bad_input_changes_nothing(client):
    admin = make_member(roles=["agency_admin"])
    newcomer = UserFactory()
    raw = _token_for(admin.user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    payload = {
        "user_id": newcomer.pk,
        "agency_id": admin.agency_id,
        "position_title": "Chuyên viên",
        "roles": ["specialist"],
    }
    # The newcomer is not yet visible to the admin (no membership in the agency): only system admins may
    # attach arbitrary accounts; agency admins are given accounts of their agency.
    response = client.post(
        "/api/v1/accounts/memberships", json.dumps(payload), content_type="application/json", **auth
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    make_member(user=newcomer, agency=admin.agency)
    response = client.post(
        "/api/v1/accounts/memberships", json.dumps(payload), content_type="application/json", **auth
    )
    assert response.status_code == 201, response.content
    bad = {**payload, "roles": ["emperor"]}
    response = client.post(
        "/api/v1/accounts/memberships", json.dumps(bad), content_type="application/json", **auth
    )
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert Membership.objects.filter(user=newcomer).count() == 2


def test_agency_admin_cannot_grant_system_admin(client):
    admin = make_member(roles=["agency_admin"])
    colleague = make_member(agency=admin.agency)
    raw = _token_for(admin.user)
    response = client.put(
        f"/api/v1/accounts/memberships/{colleague.pk}/roles",
        json.dumps({"roles": ["system_admin"]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert colleague.role_rows.get().role == "specialist"


def test_create_agency_requires_system_admin_and_valid_organ_id(client):
    import unicodedata

    specialist = make_member()
    raw = _token_for(specialist.user)
    payload = {
        "name": unicodedata.normalize("NFD", "Sở Nội vụ"),
        "short_name": "SNV",
        "organ_id": "H90.01",
        "kind": "department",
    }
    response = client.post(
        "/api/v1/organizations/agencies",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    root = make_member(roles=["system_admin"])
    raw = _token_for(root.user)
    response = client.post(
        "/api/v1/organizations/agencies",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201 and response.json()["name"] == "Sở Nội vụ"  # normalised to NFC
    bad = {**payload, "organ_id": "H90 01", "name": "Khác"}
    response = client.post(
        "/api/v1/organizations/agencies",
        json.dumps(bad),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422 and "organ_id" in response.json()["details"]


def test_session_api_requires_csrf_for_writes(client):
    from django.test import Client

    member = make_member()
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member.user)
    assert csrf_client.get("/api/v1/accounts/me").status_code == 200
    response = csrf_client.post(
        "/api/v1/accounts/tokens", json.dumps({"name": "x"}), content_type="application/json"
    )
    assert response.status_code in (401, 403)


def test_healthz(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "storage", "jobs"}


def test_a_token_cannot_mint_tokens_and_every_token_expires(client):
    """Security finding 8: a token minted tokens that never expired (`expires_in_days: null`), past admin 2FA."""
    from congso.accounts.models import PersonalAccessToken

    member = make_member()
    raw = _token_for(member.user)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    minted = client.post(
        "/api/v1/accounts/tokens", json.dumps({"name": "x"}), content_type="application/json", **bearer
    )
    assert minted.status_code == 403 and minted.json()["code"]
    client.force_login(member.user)
    for days in (None, 0, 367, 100000):
        response = client.post(
            "/api/v1/accounts/tokens",
            json.dumps({"name": "y", "expires_in_days": days}),
            content_type="application/json",
        )
        assert response.status_code == 422, days
    made = client.post("/api/v1/accounts/tokens", json.dumps({"name": "z"}), content_type="application/json")
    assert made.status_code == 201
    assert PersonalAccessToken.objects.filter(expires_at__isnull=True).count() == 0
    assert PersonalAccessToken.objects.count() == 2


def test_the_merge_route_and_the_procedure_body_are_reachable(client):
    """Security finding 16: POST /agencies/merge was shadowed by /agencies/{agency_id} (405), and
    PUT /procedures/{code} read its payload from the query string."""
    from congso.organizations.tests.factories import AgencyFactory

    root = make_member(roles=["system_admin"])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {_token_for(root.user)}"}
    first, second = AgencyFactory(), AgencyFactory()
    merged = client.post(
        "/api/v1/organizations/agencies/merge",
        json.dumps({"source_ids": [second.pk], "target_id": first.pk, "effective_date": "2026-07-01"}),
        content_type="application/json",
        **bearer,
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["id"] == first.pk
    assert client.get(f"/api/v1/organizations/agencies/{first.pk}", **bearer).status_code == 200
    spec = client.get("/api/v1/openapi.json").json()
    put = spec["paths"]["/api/v1/procedures/{code}"]["put"]
    assert "requestBody" in put and not [p for p in put.get("parameters", []) if p["in"] == "query"]
    refused = client.put(
        "/api/v1/procedures/9.999999",
        json.dumps({"name": ""}),
        content_type="application/json",
        **bearer,
    )
    assert refused.status_code == 422
