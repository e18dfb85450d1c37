"""Core models: the base model, the append-only audit log, holiday overrides and notifications."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import fold, is_nfc


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    """One line of the append-only audit log. Written by services in the same transaction as the change;
    never updated or deleted (database triggers refuse it on both SQLite and PostgreSQL)."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_repr = models.CharField(_("actor name"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Folded (core.text.fold) for the log's search boxes: who, and what (the object and the message).
    actor_folded = models.CharField(max_length=255, blank=True, editable=False)
    search_folded = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_repr} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only")
        self.actor_folded = fold(self.actor_repr)[:255]
        self.search_folded = fold(f"{self.object_repr} {self.message}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only")


class HolidayOverride(TimeStampedModel):
    """A per-year correction to the base holiday calendar (Bộ luật Lao động 2019 Điều 112, computed by the
    `holidays` package): a day off the government added, a worked Saturday (làm bù), or a new holiday."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off (swapped or added)")
        MAKEUP_WORKING_DAY = "makeup_working_day", _("Worked day (make-up)")
        HOLIDAY = "holiday", _("Public holiday")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    notice = models.CharField(_("notice (number and date)"), max_length=200, blank=True)
    verified = models.BooleanField(
        _("checked against the notice"),
        default=False,
        help_text=_("Ticked once an administrator has checked the day against the government's notice."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        for field in ("name", "notice"):
            if not is_nfc(getattr(self, field)):
                raise ValidationError({field: _("Text must be in Unicode NFC form.")})


class Notification(models.Model):
    """An in-app notification (the bell). Email and SMS copies are NotificationDelivery rows. A notification
    without a recipient went to addresses only (an applicant without an account): it has deliveries, no bell."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedup_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                condition=~models.Q(dedup_key=""),
                name="notification_dedup",
            ),
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=~models.Q(dedup_key="") & models.Q(recipient__isnull=True),
                name="notification_dedup_addresses",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationDelivery(models.Model):
    """One copy of a notification sent over one channel (email or SMS). The row is written in the same
    transaction as the notification; the job that sends it marks it sent, so a retry never sends twice."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    address = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address} ({self.status})"


class NotificationPreference(models.Model):
    """Per user and notification kind: which channels to use. No row means the defaults for the kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)
    sms = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class Export(models.Model):
    """A report or register file built by the worker (PDF, XLSX): asked for from a page, followed on its own page,
    downloaded by whoever asked for it only. Built in the background so that many large exports at once never take
    the web workers away from everyone else (security finding 12)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.state})"

    @property
    def active(self) -> bool:
        return self.state in (self.State.PENDING, self.State.RUNNING)
