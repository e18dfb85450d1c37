"""Two clerks numbering at the same moment never get the same number (NĐ 30/2020 Điều 15: a number is unique in
the year). Real concurrency needs real connections: PostgreSQL only."""

import threading

import pytest
from django.db import connection, connections

from congso.documents import services
from congso.documents.models import Document

from .factories import docx_upload, draft_data, incoming_data, make_office

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def _run_at_once(calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_clerks_issuing_at_once_get_different_numbers():
    office = make_office()
    second_clerk = make_office().clerk  # a clerk account
    from congso.accounts.models import User
    from congso.accounts.tests.factories import make_member

    make_member(user=second_clerk, agency=office.agency, roles=["clerk"])
    second_clerk = User.objects.get(pk=second_clerk.pk)
    drafts = []
    for _ in range(6):
        draft = services.outgoing_draft_create(
            actor=office.specialist, agency_id=office.agency.pk, data=draft_data(), main_file=docx_upload()
        )
        services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
        drafts.append(services.outgoing_draft_review(actor=office.leader, document=draft, decision="approve"))
    clerks = [office.clerk, second_clerk] * 3
    issued = _run_at_once(
        [
            (lambda d=d, c=c: services.outgoing_document_issue(actor=c, document=d))
            for d, c in zip(drafts, clerks, strict=True)
        ]
    )
    numbers = sorted(d.number for d in issued)
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_two_clerks_registering_at_once_get_different_arrival_numbers():
    office = make_office()
    calls = [
        (
            lambda n=n: services.incoming_document_register(
                actor=office.clerk, agency_id=office.agency.pk, data=incoming_data(code_number=str(n))
            )
        )
        for n in range(1, 9)
    ]
    _run_at_once(calls)
    assert sorted(Document.objects.values_list("number", flat=True)) == list(range(1, 9))
    assert connection.vendor == "postgresql"
