"""Every operation of /api/v1 against inputs generated from its own OpenAPI description (schemathesis): whatever
arrives — missing fields, wrong types, odd Unicode, out-of-range numbers, unknown ids — the answer is never a
server error (Standards 2). Run as a records clerk and one-stop officer with a personal token, so that the write
operations get past authentication; examples are derandomized, so a failure repeats."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from congso.accounts import services as account_services
from congso.accounts.tests.factories import make_member
from congso.demo.procedures_data import PROCEDURES
from congso.procedures.services import procedures_import

pytestmark = [pytest.mark.django_db]


# Loaded at collection (pytest-django has set Django up by then); building the description reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: requests must not close the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    procedures_import(actor=None, items=PROCEDURES)
    member = make_member(roles=["clerk", "one_stop_officer", "leader", "agency_admin"], title="Văn thư")
    return account_services.token_create(user=member.user, name="fuzz")[1]


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("CONGSO_FUZZ_EXAMPLES", "12")),  # more for a deeper local run
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_input_makes_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
