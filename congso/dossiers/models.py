"""Dossiers (hồ sơ TTHC) of the one-stop shop. This first part holds reception: who applied for which procedure,
through which channel and desk, the dossier code and the appointment date (issue 4 §2). Processing, forms, fees,
lookup and ratings build on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import TimeStampedModel


class Dossier(TimeStampedModel):
    class Channel(models.TextChoices):
        DIRECT = "direct", _("At the desk")
        ONLINE = "online", _("Online")
        POSTAL = "postal", _("By post")

    class Status(models.TextChoices):
        """The national portal's statuses (regulations §3): 1 new … 10 returned."""

        NEW = "1", _("New (submitted online)")
        ACCEPTED = "2", _("Accepted")
        NOT_ACCEPTED = "3", _("Not accepted")
        PROCESSING = "4", _("Processing")
        SUPPLEMENT = "5", _("Supplement requested")
        PAYMENT = "6", _("Payment requested")
        WITHDRAWN = "7", _("Withdrawn by the applicant")
        STOPPED = "8", _("Stopped")
        DONE = "9", _("Done")
        RETURNED = "10", _("Result returned")

    CHANNEL_CODES = {"direct": 1, "online": 2, "postal": 3}

    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.PROTECT, related_name="dossiers")
    receiving_agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("receiving desk"), on_delete=models.PROTECT, related_name="+"
    )
    handling_agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=2, choices=Status.choices, default=Status.ACCEPTED)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(_("identity number"), max_length=12)
    applicant_phone = models.CharField(_("phone"), max_length=15)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="dossiers"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    clock_start = models.DateField(_("the time limit counts from"))
    appointment_at = models.DateTimeField(_("appointment"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt = models.FileField(_("receipt (Mẫu 01)"), upload_to="dossiers/receipts/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [models.Index(fields=["handling_agency", "status"])]

    def __str__(self) -> str:
        return self.code

    @property
    def check_value(self) -> str:
        """What a citizen types with the code to look a dossier up: the phone's last 4 digits."""
        return self.applicant_phone[-4:]


class DossierCounter(models.Model):
    """The last daily sequence number of a receiving agency (locked while a code is taken)."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last_number}"


class DossierEvent(models.Model):
    """The immutable history of a dossier (the processing control sheet, Mẫu 05, is built from it)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=32)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action}"

    def save(self, *args, **kwargs):
        from congso.core.models import AppendOnlyError

        if self.pk is not None:
            raise AppendOnlyError("The history of a dossier cannot be changed.")
        super().save(*args, **kwargs)


class FormTemplate(models.Model):
    """A form of TT 01/2018/TT-VPCP (Mẫu 01–06) as data: a Django template body with an effective date, so that a
    new set (the 2025 forms, with the stop notice) is added as rows, not code. The form in force on a day is the
    one with the latest `valid_from` on or before it."""

    class PageSize(models.TextChoices):
        A5 = "A5", "A5"
        A4 = "A4", "A4"

    code = models.CharField(_("form"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("in force from"))
    page_size = models.CharField(max_length=2, choices=PageSize.choices, default=PageSize.A5)
    body = models.TextField(_("template"))
    legal_basis = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="form_template_version_unique")
        ]

    def __str__(self) -> str:
        return f"Mẫu {self.code} ({self.valid_from:%d/%m/%Y})"
