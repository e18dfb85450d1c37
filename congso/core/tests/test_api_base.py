"""The API's shared building blocks: pagination bounds."""

import pytest

from congso.accounts.tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["0", "1000001", "189333079813741120"])
def test_a_page_number_out_of_bounds_is_a_validation_error(client, page):
    client.force_login(make_member(title="Chuyên viên").user)
    response = client.get("/api/v1/accounts/users", {"page": page})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_the_last_allowed_page_is_simply_empty(client):
    client.force_login(make_member(title="Chuyên viên").user)
    response = client.get("/api/v1/accounts/users", {"page": "1000000", "page_size": "200"})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dossiers/statistics?start=0001-01-01&end=2000-01-01",
        "/api/v1/dossiers/statistics?start=2026-01-01&end=9999-12-31",
        "/api/v1/documents/kpis?year=25869268691",
        "/api/v1/documents/books/incoming?year=1999",
    ],
)
def test_report_periods_outside_the_supported_years_are_validation_errors(client, url):
    client.force_login(make_member(title="Chuyên viên").user)
    response = client.get(url)
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_a_number_beyond_64_bits_is_bad_input_not_a_server_error(client):
    from django.db import connection

    client.force_login(make_member(title="Chuyên viên").user)
    huge = "2" * 40
    response = client.get("/api/v1/organizations/agencies", {"parent_id": huge})
    if connection.vendor == "sqlite":  # SQLite cannot bind it: OverflowError, answered as bad input
        assert response.status_code == 422 and response.json()["code"] == "validation_error"
    else:  # PostgreSQL compares it as numeric and finds nothing
        assert response.status_code == 200 and response.json()["items"] == []
    assert client.get(f"/to-chuc/{huge}/").status_code == 404  # an id in the address: nothing found


def test_a_page_whose_query_overflows_answers_not_found():
    from django.test import RequestFactory

    from congso.core.middleware import NfcInputMiddleware

    middleware = NfcInputMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/"), OverflowError("too large"))
    assert response.status_code == 404
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("other")) is None
