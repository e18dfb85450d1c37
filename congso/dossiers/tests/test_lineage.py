"""Merges: open dossiers move to the successor with their history; closed ones keep the old agency and name."""

from datetime import date

import pytest
from django.db import transaction

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.organizations.services import agency_merge
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


def receive(ward):
    return services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
    )


def test_open_dossiers_follow_the_merge(ward, clock):
    clock(2026, 6, 1, 9, 0)
    open_one = receive(ward)
    services.dossier_forward(actor=ward.officer, dossier=open_one)
    closed = receive(ward)
    services.dossier_stop(actor=ward.leader, dossier=closed, reason="Dừng")
    with transaction.atomic():
        agency_merge(actor=None, sources=[ward.agency], target=ward.other, effective_date=date(2026, 7, 1))
    open_one = Dossier.objects.get(pk=open_one.pk)
    assert open_one.handling_agency == ward.other and open_one.receiving_agency == ward.other
    assert set(open_one.steps.exclude(status="done").values_list("agency_id", flat=True)) == {ward.other.pk}
    assert open_one.steps.get(order=1).agency == ward.agency  # done: stays as it was
    event = open_one.events.last()
    assert event.action == "moved_after_merge" and event.data["from"]["handling"] == ward.agency.name
    assert [e.action for e in open_one.events.all()][:2] == ["received", "forwarded"]
    assert Dossier.objects.get(pk=closed.pk).handling_agency == ward.agency
    # the specialist's membership moved with the merge: they still have the dossier in their queue
    from congso.accounts.models import User
    from congso.dossiers.selectors import my_queue

    clock(2026, 7, 2, 9, 0)  # the moved memberships start on the merge's effective date
    specialist = User.objects.get(pk=ward.specialist.pk)
    assert [item.dossier.pk for item in my_queue(user=specialist)] == [open_one.pk]
