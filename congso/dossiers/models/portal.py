"""The national public-service portal (issue 4 §8): mapping tables from our codes to the portal's, and the outbox of
records to send (a dossier record at each status change, a progress record at each step), written in the same
transaction as the action and sent by the job queue with retries."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PortalMapping(models.Model):
    """Where the portal's code differs from ours: a procedure's national code, an agency's portal code (default:
    its organ id), a status (default: our national status code)."""

    class Kind(models.TextChoices):
        PROCEDURE = "procedure", _("Procedure code")
        AGENCY = "agency", _("Agency code")
        STATUS = "status", _("Status")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    local = models.CharField(_("our value"), max_length=60)
    remote = models.CharField(_("the portal's value"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "local"], name="portal_mapping_unique")]
        ordering = ["kind", "local"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.local} → {self.remote}"


class PortalSync(models.Model):
    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Dossier record")
        PROGRESS = "progress", _("Progress record")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="portal_records")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField()
    payload = models.JSONField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind", "version"], name="portal_sync_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} v{self.version} {self.state}"
