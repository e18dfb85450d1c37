"""The dossier's declared state machine (models/workflow.py): every action the services record is in the table, no
status literal lives outside it, services refuse an action from a state the table does not allow and change nothing,
and who may act is a matrix over the real roles (a desk officer, the step's holder, the agency's leader, the
applicant, an officer of another agency, another citizen) in every state."""

import re
from pathlib import Path

import pytest

from congso.accounts.tests.factories import CitizenFactory
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.dossiers import permissions, services
from congso.dossiers.models import Dossier, workflow
from congso.dossiers.services.common import check

from .test_processing import receive, refresh

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parents[1]


def test_every_action_the_services_record_is_declared():
    recorded = set()
    for source in (APP / "services").glob("*.py"):
        recorded |= set(re.findall(r'action="([a-z_]+)"', source.read_text(encoding="utf-8")))
    not_transitions = {"moved_after_merge"}  # an agency merge moves open dossiers; their state is unchanged
    assert recorded - not_transitions <= set(workflow.BY_ACTION)


def test_no_status_literal_outside_the_state_machine():
    """Status codes are compared only in workflow.py (the portal's code mapping and migrations aside)."""
    pattern = re.compile(r"""status\s*(==|!=|in|not in)\s*[\(\["']+\s*["']?\d""")
    offenders = []
    for path in [*APP.rglob("*.py"), *APP.rglob("*.html")]:
        if "tests" in path.parts or "migrations" in path.parts or path.name in ("workflow.py",):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line) and "step" not in line.split("status")[0][-12:]:
                offenders.append(f"{path.relative_to(APP)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_model_uses_the_state_machine_codes():
    assert Dossier.Status.values == [
        workflow.DRAFT,
        workflow.NEW,
        workflow.ACCEPTED,
        workflow.NOT_ACCEPTED,
        workflow.PROCESSING,
        workflow.SUPPLEMENT,
        workflow.PAYMENT,
        workflow.WITHDRAWN,
        workflow.STOPPED,
        workflow.DONE,
        workflow.RETURNED,
    ]
    assert set(Dossier.OPEN_STATUSES) | set(Dossier.CLOSED_STATUSES) == set(Dossier.Status.values) - {"0"}


@pytest.fixture
def states(ward, clock):
    """One dossier in each state the desk and processing reach, made through the real services."""
    clock(2026, 3, 2, 9, 0)
    made = {}
    made["accepted"] = receive(ward)
    processing = receive(ward)
    services.dossier_forward(actor=ward.officer, dossier=processing)
    made["processing"] = refresh(processing)
    supplement = receive(ward)
    services.dossier_request_supplement(actor=ward.officer, dossier=supplement, items=["Bản sao CCCD"])
    made["supplement"] = refresh(supplement)
    payment = receive(ward)
    services.dossier_request_payment(actor=ward.officer, dossier=payment, reason="Lệ phí trước bạ")
    made["payment"] = refresh(payment)
    stopped = receive(ward)
    services.dossier_stop(actor=ward.leader, dossier=stopped, reason="Người nộp đã mất")
    made["stopped"] = refresh(stopped)
    made["intake_completion"] = services.dossier_receive_incomplete(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=made["accepted"].procedure,
        channel="direct",
        applicant={"name": "Lê Thị Hoa", "id_number": "079123456789", "phone": "0912345678"},
        handling_agency=ward.agency,
        items=["Tờ khai"],
    )
    return made


ACTORS = ["officer", "specialist", "leader", "stranger", "citizen"]


def _actor(ward, name):
    return CitizenFactory() if name == "citizen" else getattr(ward, name)


def test_who_may_act_is_the_table_in_every_state(ward, states):
    """For each dossier, action and person: `may` is true exactly when the state is a source of the action and the
    person fills one of its roles; an officer of another agency and an unrelated citizen never do."""
    for dossier in states.values():
        for action, transition in workflow.BY_ACTION.items():
            for name in ACTORS:
                user = _actor(ward, name)
                allowed = permissions.may(user, dossier, action)
                if not workflow.allows(dossier, action) or name in ("stranger", "citizen"):
                    assert not allowed, (workflow.state_of(dossier), action, name)
                else:
                    fills = any(permissions.fills_role(user, dossier, role) for role in transition.who)
                    assert allowed == fills, (workflow.state_of(dossier), action, name)


def test_services_refuse_an_action_from_a_state_the_table_does_not_allow(ward, states):
    """The right person, the wrong state: a clear error and nothing changes."""
    cases = [
        ("stopped", lambda d: services.dossier_forward(actor=ward.leader, dossier=d)),
        ("stopped", lambda d: services.dossier_request_payment(actor=ward.leader, dossier=d, reason="x")),
        ("supplement", lambda d: services.dossier_approve(actor=ward.leader, dossier=d, result_summary="x")),
        ("payment", lambda d: services.dossier_request_supplement(actor=ward.leader, dossier=d, items=["x"])),
        ("accepted", lambda d: services.dossier_return_result(actor=ward.officer, dossier=d, method="desk")),
        ("accepted", lambda d: services.dossier_supplement_received(actor=ward.officer, dossier=d)),
        ("processing", lambda d: services.dossier_accept(actor=ward.officer, dossier=d)),
        ("stopped", lambda d: services.dossier_withdraw(actor=ward.officer, dossier=d, reason="x")),
        (
            "intake_completion",
            lambda d: services.dossier_request_completion(actor=ward.officer, dossier=d, items=["x"]),
        ),
    ]
    for state, act in cases:
        dossier = states[state]
        before = (dossier.status, dossier.version)
        with pytest.raises(ValidationFailed):
            act(dossier)
        after = refresh(dossier)
        assert (after.status, after.version) == before, state


def test_the_wrong_person_in_the_right_state_is_refused(ward, states):
    with pytest.raises(PermissionDenied):
        services.dossier_stop(actor=ward.officer, dossier=states["accepted"], reason="x")
    with pytest.raises(PermissionDenied):
        services.dossier_withdraw(actor=CitizenFactory(), dossier=states["accepted"], reason="x")
    with pytest.raises(PermissionDenied):
        check(ward.stranger, None, "received", "no", agency_id=ward.agency.pk)
    assert refresh(states["accepted"]).status == workflow.ACCEPTED


def test_the_page_and_the_api_offer_the_same_actions(client, ward, states):
    dossier = states["processing"]
    client.force_login(ward.specialist)
    offered = client.get(f"/api/v1/dossiers/{dossier.pk}").json()["actions"]
    available = permissions.available_actions(ward.specialist, dossier)
    assert offered == [name for name, value in available.items() if value is True]
    assert "forward" in offered and "stop" not in offered
    client.force_login(ward.leader)
    assert "stop" in client.get(f"/api/v1/dossiers/{dossier.pk}").json()["actions"]
