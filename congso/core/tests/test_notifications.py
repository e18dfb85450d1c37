import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from congso.accounts.tests.factories import UserFactory
from congso.core.models import Notification, NotificationDelivery
from congso.core.services import notification_deliver, notification_preferences_save, notify
from congso.core.sms import MemorySmsGateway

pytestmark = pytest.mark.django_db


def _deliver_all():
    for delivery in NotificationDelivery.objects.filter(status="pending"):
        notification_deliver(delivery_id=delivery.pk)


def test_notify_writes_in_app_and_queues_email_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory(phone="0912345678")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[user], kind="account.security", title="Tài khoản bị khóa", body="Thử")
    assert Notification.objects.filter(recipient=user).count() == 1
    assert set(NotificationDelivery.objects.values_list("channel", flat=True)) == {"email", "sms"}
    assert len(callbacks) == 2 and not mail.outbox
    _deliver_all()
    assert len(mail.outbox) == 1 and "Tài khoản bị khóa" in mail.outbox[0].subject
    assert MemorySmsGateway.outbox == [("0912345678", "Tài khoản bị khóa. Thử")]


def test_delivery_is_never_sent_twice():
    user = UserFactory()
    notify(recipients=[user], kind="system.message", title="Một lần")
    delivery = NotificationDelivery.objects.get()
    assert notification_deliver(delivery_id=delivery.pk) == "sent"
    assert notification_deliver(delivery_id=delivery.pk) == "sent"
    assert len(mail.outbox) == 1


def test_failed_sms_is_retried_then_sent(settings):
    user = UserFactory(phone="0900000001")
    notification_preferences_save(
        user=user, preferences={"system.message": {"in_app": True, "email": False, "sms": True}}
    )
    notify(recipients=[user], kind="system.message", title="Thử lại")
    delivery = NotificationDelivery.objects.get(channel="sms")
    MemorySmsGateway.fail_next = 1
    assert notification_deliver(delivery_id=delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "simulated" in delivery.last_error
    assert (
        notification_deliver(delivery_id=delivery.pk) == "pending"
    )  # its back-off has not run out: not retried
    assert delivery.attempts == NotificationDelivery.objects.get(pk=delivery.pk).attempts
    NotificationDelivery.objects.update(next_attempt_at=timezone.now())  # … now it has
    assert notification_deliver(delivery_id=delivery.pk) == "sent"
    assert len(MemorySmsGateway.outbox) == 1


def test_delivery_gives_up_after_max_attempts(settings):
    settings.CONGSO_NOTIFICATION_MAX_ATTEMPTS = 2
    user = UserFactory(phone="0900000002")
    notification_preferences_save(
        user=user, preferences={"system.message": {"in_app": True, "email": False, "sms": True}}
    )
    notify(recipients=[user], kind="system.message", title="Hỏng")
    delivery = NotificationDelivery.objects.get()
    MemorySmsGateway.fail_next = 5
    notification_deliver(delivery_id=delivery.pk)
    NotificationDelivery.objects.update(next_attempt_at=timezone.now())
    assert notification_deliver(delivery_id=delivery.pk) == "failed"


def test_dedup_key_and_rollback():
    user = UserFactory()
    notify(recipients=[user], kind="system.message", title="A", dedup_key="k1")
    notify(recipients=[user], kind="system.message", title="A", dedup_key="k1")
    assert Notification.objects.filter(recipient=user).count() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[user], kind="system.message", title="B")
        raise RuntimeError
    assert not Notification.objects.filter(title="B").exists()


def test_unknown_kind_is_refused():
    from congso.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        notify(recipients=[UserFactory()], kind="nope", title="x")


def test_preference_page_shows_and_saves_the_channels_notify_uses(client):
    from congso.accounts.tests.factories import make_member

    user = make_member().user
    client.force_login(user)
    page = client.get("/thong-bao/cai-dat/").content.decode()
    assert 'name="system.message:email" checked' in page
    client.post("/thong-bao/cai-dat/", {"system.message:in_app": "on"})
    notify(recipients=[user], kind="system.message", title="Chỉ trong ứng dụng")
    assert not NotificationDelivery.objects.exists()
    assert Notification.objects.get(title="Chỉ trong ứng dụng").read_at is None
