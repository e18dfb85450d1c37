"""The applicant hears of every status change — by SMS and email to the phone and address given at the desk, or
to their account — sent after commit, never twice, and not for moves that do not change the status."""

from datetime import date

import pytest
from django.core import mail

from congso.core.errors import PermissionDenied
from congso.core.models import Notification, NotificationDelivery
from congso.core.services import notification_deliver
from congso.core.sms import MemorySmsGateway
from congso.dossiers import services
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


def receive(ward, **applicant):
    return services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel="direct",
        applicant={**APPLICANT, **applicant},
        handling_agency=ward.agency,
    )


def test_every_status_change_reaches_the_desk_applicant(ward, clock, django_capture_on_commit_callbacks):
    clock(2026, 3, 2, 9, 0)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(ward, email="hoa@example.vn")
    first = Notification.objects.get()
    assert first.recipient is None and dossier.code in first.title and "Đã tiếp nhận" in first.title
    assert set(first.deliveries.values_list("channel", "address")) == {
        ("sms", "0912345678"),
        ("email", "hoa@example.vn"),
    }
    for delivery in NotificationDelivery.objects.filter(status="pending"):
        notification_deliver(delivery_id=delivery.pk)
    assert len(mail.outbox) == 1 and dossier.code in mail.outbox[0].subject
    assert MemorySmsGateway.outbox[-1][0] == "0912345678" and dossier.code in MemorySmsGateway.outbox[-1][1]
    services.dossier_forward(actor=ward.officer, dossier=dossier)  # 2 → 4: a change
    services.dossier_forward(actor=ward.specialist, dossier=dossier)  # 4 → 4: no message
    assert Notification.objects.count() == 2
    clock(2026, 3, 3, 9, 0)
    services.dossier_extend(
        actor=ward.leader, dossier=dossier, new_date=date(2026, 3, 9), reason="Chờ xác minh"
    )
    assert "09/03/2026" in Notification.objects.order_by("-pk").first().body
    assert Notification.objects.count() == 3


def test_sent_once_even_when_the_job_runs_twice(ward, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(ward)
    delivery = NotificationDelivery.objects.get(channel="sms")
    assert notification_deliver(delivery_id=delivery.pk) == "sent"
    assert NotificationDelivery.objects.get(pk=delivery.pk).attempts == 1


def test_nothing_is_written_when_the_action_fails(ward):
    dossier = receive(ward)
    before = Notification.objects.count()
    with pytest.raises(PermissionDenied):
        services.dossier_stop(actor=ward.officer, dossier=dossier, reason="x")
    assert Notification.objects.count() == before


def test_an_online_applicant_is_notified_on_their_account(ward):
    from congso.accounts.tests.factories import UserFactory
    from congso.core.uploads import Upload

    citizen = UserFactory(kind="citizen", phone="0903123456")
    procedure = Procedure.objects.get(code="1.001612")
    first = procedure.papers.first()
    draft = services.online_draft_save(
        actor=citizen,
        procedure=procedure,
        handling_agency=ward.agency,
        applicant={"name": "Lan", "id_number": "036188001234", "phone": "0903123456"},
        form_data={
            str(first.pk): {"ho_ten": "Lan", "so_dinh_danh": "036188001234", "dien_thoai": "0903123456"}
        },
        uploads={
            p.pk: Upload(name="a.pdf", content=b"%PDF-1.4\n%%EOF")
            for p in procedure.papers.filter(required=True)
        },
    )
    assert not Notification.objects.exists()  # a draft is nobody's business
    services.online_submit(actor=citizen, dossier=draft)
    notice = Notification.objects.get()
    assert notice.recipient == citizen and notice.url == f"/dich-vu-cong/{draft.pk}/"
