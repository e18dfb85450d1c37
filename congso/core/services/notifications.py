"""The notification service every module uses: in-app, email and SMS.

notify() writes the in-app notification and one delivery row per external channel in the caller's
transaction; the send jobs are queued after commit. A delivery row is marked sent under a row lock, so a
job that runs twice sends once. Failures are retried with exponential back-off up to
CONGSO_NOTIFICATION_MAX_ATTEMPTS, then marked failed (and shown to administrators).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import outbox
from ..errors import ValidationFailed
from ..models import Notification, NotificationDelivery, NotificationPreference
from ..registry import NOTIFICATION_KINDS
from ..selectors import notification_channels
from ..sms import get_gateway
from ..text import clean_text, nfc

logger = logging.getLogger("congso.notifications")


def _enqueue(delivery_id: int, run_after=None) -> None:
    from ..tasks import deliver_notification

    task = deliver_notification.using(run_after=run_after) if run_after else deliver_notification
    task.enqueue(delivery_id)


_SILENT: ContextVar[bool] = ContextVar("congso_notifications_silent", default=False)


@contextmanager
def notifications_silenced() -> Iterator[None]:
    """Bulk loads (the demo province, imports) run the real services without telling anyone: inside this block
    notify() writes nothing and sends nothing."""
    token = _SILENT.set(True)
    try:
        yield
    finally:
        _SILENT.reset(token)


@transaction.atomic
def notify(
    *, recipients: Iterable[Any], kind: str, title: str, body: str = "", url: str = "", dedup_key: str = ""
) -> list[Notification]:
    """Notify each recipient once. With a dedup_key, a second call for the same recipient does nothing."""
    created: list[Notification] = []
    if _SILENT.get():
        return created
    for user in recipients:
        channels = notification_channels(user=user, kinds=[kind])[kind]
        want_in_app, want_email, want_sms = channels["in_app"], channels["email"], channels["sms"]
        if dedup_key and Notification.objects.filter(recipient=user, dedup_key=dedup_key).exists():
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    title=clean_text(title)[:255],
                    body=nfc(body),
                    url=url,
                    dedup_key=dedup_key,
                    read_at=None if want_in_app else timezone.now(),
                )
        except IntegrityError:
            continue  # the same dedup_key was written concurrently: never notify twice
        deliveries = []
        if want_email and str(getattr(user, "email", None) or ""):
            deliveries.append(
                NotificationDelivery(notification=notification, channel="email", address=user.email)
            )
        phone = getattr(user, "phone", "")
        if want_sms and phone:
            deliveries.append(NotificationDelivery(notification=notification, channel="sms", address=phone))
        for delivery in deliveries:
            delivery.save()
            transaction.on_commit(partial(_enqueue, delivery.pk))
        created.append(notification)
    return created


@transaction.atomic
def notify_addresses(
    *,
    email: str = "",
    phone: str = "",
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedup_key: str = "",
) -> Notification | None:
    """Notify someone who has no account (an applicant at the desk) by email and/or SMS. Same guarantees as
    notify(): written in the caller's transaction, sent after commit, retried, never twice for one dedup_key."""
    if _SILENT.get() or not (email or phone):
        return None
    if dedup_key and Notification.objects.filter(recipient__isnull=True, dedup_key=dedup_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=None,
                kind=kind,
                title=clean_text(title)[:255],
                body=nfc(body),
                url=url,
                dedup_key=dedup_key,
                read_at=timezone.now(),
            )
    except IntegrityError:
        return None
    spec = NOTIFICATION_KINDS.get(kind)
    for channel, address, wanted in (
        (NotificationDelivery.Channel.EMAIL, email, spec is None or spec.email),
        (NotificationDelivery.Channel.SMS, phone, spec is None or spec.sms),
    ):
        if address and wanted:
            delivery = NotificationDelivery.objects.create(
                notification=notification, channel=channel, address=address
            )
            transaction.on_commit(partial(_enqueue, delivery.pk))
    return notification


def _send(delivery: NotificationDelivery) -> None:
    notification = delivery.notification
    if delivery.channel == NotificationDelivery.Channel.EMAIL:
        link = f"\n\n{settings.CONGSO_PUBLIC_URL}{notification.url}" if notification.url else ""
        send_mail(
            subject=f"[{settings.CONGSO_SITE_NAME}] {notification.title}",
            message=f"{notification.body}{link}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[delivery.address],
        )
    else:
        get_gateway().send(delivery.address, f"{notification.title}. {notification.body}"[:480])


def notification_deliver(*, delivery_id: int) -> str:
    """Send one delivery if it is still pending (the shared outbox: retried with back-off, never twice). Returns
    the delivery's status afterwards."""
    outbox.deliver(
        NotificationDelivery.objects.select_related("notification"),
        delivery_id,
        _send,
        max_attempts=settings.CONGSO_NOTIFICATION_MAX_ATTEMPTS,
        state_field="status",
        requeue=lambda pk, when: _enqueue(pk, run_after=when),
    )
    status = NotificationDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
    return status or "missing"


def notification_requeue_pending(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Queue again the pending deliveries whose job was lost (e.g. a crash between commit and enqueue)."""
    cutoff = timezone.now() - older_than
    ids = list(
        NotificationDelivery.objects.filter(status="pending", next_attempt_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for delivery_id in ids:
        _enqueue(delivery_id)
    return len(ids)


@transaction.atomic
def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_save(*, user: Any, preferences: dict[str, dict[str, bool]]) -> None:
    """The channels a user wants per kind of notification (audited: turning off security notices matters)."""
    from .audit import audit_log

    audit_log(actor=user, action="notifications.preferences_saved", obj=user, changes=dict(preferences))
    for kind, channels in preferences.items():
        if kind not in NOTIFICATION_KINDS:
            raise ValidationFailed(f"Unknown notification kind {kind!r}")
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={
                "in_app": bool(channels.get("in_app")),
                "email": bool(channels.get("email")),
                "sms": bool(channels.get("sms")),
            },
        )
