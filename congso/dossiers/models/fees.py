"""Fees of a dossier (issue 4 §5): the lines owed (the procedure's fees and charges, and any financial obligation
asked for during processing), payments at the desk or online through a payment provider, and refunds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeeLine(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (phí)")
        CHARGE = "charge", _("Charge (lệ phí)")
        OBLIGATION = "obligation", _("Financial obligation")

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", _("Paid")
        REFUND = "refund", _("To be refunded")
        REFUNDED = "refunded", _("Refunded")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="fee_lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    amount = models.PositiveIntegerField(_("amount (VND)"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DUE)
    payment = models.ForeignKey(
        "dossiers.Payment", null=True, blank=True, on_delete=models.SET_NULL, related_name="lines"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.name} {self.amount}"


class Payment(models.Model):
    """One attempt to pay the due lines online. `reference` is our order number given to the provider; the
    provider's transaction id is unique, so a callback replayed or sent twice finds the payment already paid and
    changes nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the provider")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed or cancelled")

    class Method(models.TextChoices):
        DESK = "desk", _("At the desk")
        ONLINE = "online", _("Online")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="payments")
    method = models.CharField(max_length=8, choices=Method.choices)
    provider = models.CharField(max_length=30, blank=True)
    reference = models.CharField(max_length=40, unique=True)
    amount = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    transaction_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    receipt_number = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    callbacks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} {self.status}"


class Refund(models.Model):
    """A refund owed after a refusal or a stop: recorded when the dossier closes, settled by the finance staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To be refunded")
        DONE = "done", _("Refunded")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="refunds")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="refunds"
    )
    amount = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.amount}"
