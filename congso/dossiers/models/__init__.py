"""Dossiers (hồ sơ TTHC) of the one-stop shop: who applied for which procedure, through which channel and desk, the
dossier code and the appointment date (issue 4 §2); the steps of the internal process with their deadlines, the
intervals the clock was stopped or restarted, and the forms issued (§3–4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import TimeStampedModel
from congso.core.text import fold

from . import workflow


class Dossier(TimeStampedModel):
    class Channel(models.TextChoices):
        DIRECT = "direct", _("At the desk")
        ONLINE = "online", _("Online")
        POSTAL = "postal", _("By post")

    class Status(models.TextChoices):
        """The national portal's statuses (regulations §3): 1 new … 10 returned."""

        DRAFT = workflow.DRAFT, _("Draft (not submitted)")
        NEW = workflow.NEW, _("New (submitted online)")
        ACCEPTED = workflow.ACCEPTED, _("Accepted")
        NOT_ACCEPTED = workflow.NOT_ACCEPTED, _("Not accepted")
        PROCESSING = workflow.PROCESSING, _("Processing")
        SUPPLEMENT = workflow.SUPPLEMENT, _("Supplement requested")
        PAYMENT = workflow.PAYMENT, _("Payment requested")
        WITHDRAWN = workflow.WITHDRAWN, _("Withdrawn by the applicant")
        STOPPED = workflow.STOPPED, _("Stopped")
        DONE = workflow.DONE, _("Done")
        RETURNED = workflow.RETURNED, _("Result returned")

    class ReturnMethod(models.TextChoices):
        DESK = "desk", _("At the desk")
        POSTAL = "postal", _("By post")
        ELECTRONIC = "electronic", _("Electronic result")

    CHANNEL_CODES = {"direct": 1, "online": 2, "postal": 3}
    OPEN_STATUSES = workflow.OPEN_STATUSES
    CLOSED_STATUSES = workflow.CLOSED_STATUSES

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
    # Folded (core.text.fold) for the queue's search: "dang thi huong" finds "Đặng Thị Hương" (trigram-indexed
    # on PostgreSQL). Kept by save(); bulk inserts (the demo, the bench) fill it themselves.
    applicant_folded = models.CharField(max_length=200, editable=False, blank=True)
    applicant_id_number = models.CharField(_("identity number"), max_length=12)
    applicant_phone = models.CharField(_("phone"), max_length=15)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="dossiers"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    clock_start = models.DateField(_("the time limit counts from"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    original_appointment_at = models.DateTimeField(
        _("appointment before the extension"), null=True, blank=True
    )
    supplement_requested = models.BooleanField(default=False)
    postal_reference = models.CharField(_("postal item number"), max_length=40, blank=True)
    finished_at = models.DateTimeField(_("done at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    return_method = models.CharField(
        _("result returned"), max_length=10, choices=ReturnMethod.choices, blank=True
    )
    result_summary = models.TextField(_("result"), blank=True)
    result_file = models.FileField(_("result file"), upload_to="dossiers/results/%Y/%m/", blank=True)
    # The signing issue fills these: the signed result and the verification of its signature.
    result_signed_file = models.FileField(upload_to="dossiers/results/%Y/%m/", blank=True)
    result_signature = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    form_data = models.JSONField(_("e-form"), default=dict, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt = models.FileField(_("receipt (Mẫu 01)"), upload_to="dossiers/receipts/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["handling_agency", "status"]),
            # Covers the statistics of an agency (an index-only scan) and the agency list's order.
            models.Index(
                fields=["handling_agency", "-received_at"],
                include=[
                    "id",
                    "status",
                    "channel",
                    "clock_start",
                    "finished_at",
                    "appointment_at",
                    "result_file",
                ],
                name="dossier_handling_recent",
            ),
            models.Index(fields=["receiving_agency", "-received_at"], name="dossier_receiving_recent"),
            # The desk's search by the applicant's identity number (CCCD).
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_id"),
            models.Index(
                fields=["receiving_agency", "received_at"],
                condition=models.Q(status=workflow.NEW)
                | models.Q(status=workflow.SUPPLEMENT, clock_start__isnull=True),
                name="dossier_waiting_check",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.applicant_folded = fold(self.applicant_name)[:200]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "applicant_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "applicant_folded"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return workflow.is_open(self)

    @property
    def is_draft(self) -> bool:
        return workflow.is_draft(self)

    @property
    def result_returned(self) -> bool:
        return workflow.result_returned(self)

    @property
    def timeliness(self) -> str:
        """early / on_time / late for a finished dossier (against the appointment in force: an extension's new
        date replaces the old one, as the rules say); "" while open."""
        if self.finished_at is None or self.appointment_at is None or self.status not in workflow.FINISHED:
            return ""
        return timeliness(self.finished_at, self.appointment_at)

    @property
    def check_value(self) -> str:
        """What a citizen types with the code to look a dossier up: the phone's last 4 digits."""
        return self.applicant_phone[-4:]


def timeliness(done: Any, due: Any) -> str:
    """Mẫu 05's columns: early (done on a day before the due day), on time (by the due moment), late."""
    done_local, due_local = timezone.localtime(done), timezone.localtime(due)
    if done_local > due_local:
        return "late"
    return "early" if done_local.date() < due_local.date() else "on_time"


class DossierStep(models.Model):
    """One step of the internal process for one dossier, copied from the procedure when the dossier is accepted.
    Its deadline is the planned one: the time limit's clock start plus the shares of the steps up to it. A
    cross-agency step has one row per agency, one of them the lead."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACTIVE = "active", _("In hand")
        DONE = "done", _("Done")
        RETURNED = "returned", _("Sent back")
        CANCELLED = "cancelled", _("Cancelled")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("step"), max_length=300)
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="dossier_steps")
    role = models.CharField(max_length=32, blank=True)
    share = models.DecimalField(max_digits=6, decimal_places=1)
    lead = models.BooleanField(default=True)
    cross_agency = models.BooleanField(default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossier_steps",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "-lead", "pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="dossier_step_queue"),
            models.Index(fields=["assignee", "status", "due_at"], name="dossier_step_assignee"),
            # The steps open to a role at an agency, in deadline order ("Việc của tôi", my_queue): read 50 from here
            # rather than sort every open step of the agency.
            models.Index(
                fields=["agency", "role", "due_at", "id"],
                condition=models.Q(status="active", assignee__isnull=True),
                name="dossier_step_open",
            ),
            models.Index(
                fields=["agency"], condition=models.Q(cross_agency=True), name="dossier_step_routed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.order} {self.name}"

    @property
    def timeliness(self) -> str:
        if self.finished_at is None or self.due_at is None:
            return ""
        return timeliness(self.finished_at, self.due_at)


class DossierInterval(models.Model):
    """A time the clock did not run normally: waiting for a supplement or a payment. Kept with start, end and
    reason whatever the procedure does with it (restart from zero, or pause)."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Waiting for a supplement")
        PAYMENT = "payment", _("Waiting for a payment")

    class Effect(models.TextChoices):
        RESTART = "restart", _("The time limit restarts from zero")
        PAUSE = "pause", _("The time limit is paused")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="intervals")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    effect = models.CharField(max_length=8, choices=Effect.choices)
    reason = models.TextField(_("reason"))
    items = models.JSONField(default=list, blank=True)
    resume_status = models.CharField(max_length=2, blank=True)  # the status the dossier returns to
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.started_at:%d/%m/%Y}"


class DossierPaper(models.Model):
    """A file of the dossier: a required paper uploaded online (round 0), or a supplement (round 1 …), or the scan
    of a paper dossier. The type is sniffed on upload; the hash proves what was received."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    paper = models.ForeignKey(
        "procedures.RequiredPaper", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("paper"), max_length=500)
    file = models.FileField(upload_to="dossiers/papers/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    round = models.PositiveSmallIntegerField(default=0)
    # The signatures of a PDF as the worker validated them on arrival (signatures.services.validate_pdf).
    signature_check = models.JSONField(default=dict, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.name}"


class IssuedForm(models.Model):
    """A form of TT 01/2018 generated for a dossier (Mẫu 02 supplement request, 03 refusal, 04 apology, 05 control
    sheet …), kept as the PDF that was printed or sent."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="forms")
    code = models.CharField(max_length=10)
    file = models.FileField(upload_to="dossiers/forms/%Y/%m/")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} Mẫu {self.code}"


class DossierCounter(models.Model):
    """The last daily sequence number of a receiving agency (locked while a code is taken)."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last_number}"


# Every event of a dossier's history in the users' words: the one place a page, a PDF or the lookup takes them
# from (no raw code such as "received" reaches a page; a test checks every action the services write is here).
EVENT_LABELS = {
    "draft_saved": _("Draft saved"),
    "submitted": _("Submitted online"),
    "received": _("Dossier received"),
    "completion_requested": _("Completion of the dossier requested"),
    "refused": _("Not accepted"),
    "forwarded": _("Passed on for processing"),
    "sent_back": _("Sent back to the previous step"),
    "opinion": _("Opinion given"),
    "supplement_requested": _("Supplement requested"),
    "supplement_received": _("Supplement received"),
    "payment_requested": _("Payment of a financial obligation requested"),
    "payment_received": _("Financial obligation paid"),
    "fee_paid": _("Fee paid"),
    "extended": _("Apology and new appointment date"),
    "stopped": _("Processing stopped"),
    "withdrawn": _("Withdrawn by the applicant"),
    "approved": _("Result ready"),
    "returned": _("Result returned"),
    "moved_after_merge": _("Moved to the agency that took over"),
}


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

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action.replace("_", " ")))


class FormTemplate(models.Model):
    """A form of TT 01/2018/TT-VPCP (Mẫu 01–06) as data: a Django template body with an effective date, so that a
    new set (the 2025 forms, with the stop notice) is added as rows, not code. The form in force on a day is the
    one with the latest `valid_from` on or before it."""

    class PageSize(models.TextChoices):
        A5 = "A5", "A5"
        A4 = "A4", "A4"
        A4_LANDSCAPE = "A4L", "A4 landscape"

    code = models.CharField(_("form"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("in force from"))
    page_size = models.CharField(max_length=3, choices=PageSize.choices, default=PageSize.A5)
    body = models.TextField(_("template"))
    legal_basis = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="form_template_version_unique")
        ]

    def __str__(self) -> str:
        return f"Mẫu {self.code} ({self.valid_from:%d/%m/%Y})"


from .fees import FeeLine, Payment, Refund  # noqa: E402 - fees refer to Dossier by name
from .portal import PortalMapping, PortalSync  # noqa: E402
from .ratings import Rating  # noqa: E402

__all__ = [
    "Dossier",
    "DossierCounter",
    "DossierEvent",
    "DossierInterval",
    "DossierPaper",
    "DossierStep",
    "FeeLine",
    "FormTemplate",
    "IssuedForm",
    "Payment",
    "PortalMapping",
    "PortalSync",
    "Rating",
    "Refund",
    "timeliness",
]
