"""Documents (văn bản đến and văn bản đi) per NĐ 30/2020/NĐ-CP: types, registers and their yearly numbering,
files with extracted text, assignments (chủ trì / phối hợp / để biết), recipients, the immutable handling history,
and the exchange status each recipient reports back (edXML status codes).

One model, `Document`, holds both directions (glossary: "one model with `direction`"): files, search, record files
and exchange treat both the same way; the fields specific to one direction stay empty in the other.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import AppendOnlyError, TimeStampedModel


class DocumentType(models.Model):
    """The types of NĐ 30/2020 Điều 7 with their abbreviations (Phụ lục III) — data, seeded by a migration,
    because the list changes with the law. Công văn and Thư công have no abbreviation."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(_("abbreviation"), max_length=16, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(_("in use"), default=True)
    # Where the signer's image goes on this type's template, when it is not found from the signer block:
    # {"page": -1, "x": mm, "y": mm} from the bottom-left of the page (docs/signing.md).
    signature_position = models.JSONField(_("signature position"), default=dict, blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class Register(TimeStampedModel):
    """A register (sổ văn bản) of an agency: one numbering series, restarting on 1 January (NĐ 30/2020 Điều 15).
    Secret documents take their own register. `notation_pattern` builds the symbol of outgoing documents from
    {type} (the type's abbreviation), {agency} (the agency's short name) and {unit} (the drafting unit's)."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="registers")
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    name = models.CharField(_("name"), max_length=150)
    secret = models.BooleanField(_("secret documents"), default=False)
    notation_pattern = models.CharField(
        _("symbol pattern"), max_length=60, default="{type}-{agency}", blank=True
    )
    document_types = models.ManyToManyField(DocumentType, blank=True, verbose_name=_("document types"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["agency_id", "direction", "secret", "name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        constraints = [
            models.UniqueConstraint(fields=["agency", "direction", "name"], name="register_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RegisterCounter(models.Model):
    """The last number given in a register in a year; locked (SELECT … FOR UPDATE) while a number is taken."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["register", "year"], name="register_counter_unique")]

    def __str__(self) -> str:
        return f"{self.register_id}/{self.year}: {self.last_number}"


INCOMING_STATUSES = ("received", "registered", "submitted", "assigned", "in_progress", "done", "rejected")
OUTGOING_STATUSES = ("drafting", "in_review", "approved", "issued", "recalled")


class Document(TimeStampedModel):
    class Status(models.TextChoices):
        # incoming
        RECEIVED = "received", _("Received, not registered")
        REGISTERED = "registered", _("Registered")
        SUBMITTED = "submitted", _("Submitted to the leader")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Returned to the sender")
        # outgoing
        DRAFTING = "drafting", _("Drafting")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved for issue")
        ISSUED = "issued", _("Issued")
        RECALLED = "recalled", _("Recalled")

    @classmethod
    def statuses_for(cls, direction: str) -> list[tuple[str, Any]]:
        """The statuses a document of this direction can be in (the lists' filters offer these only)."""
        values = INCOMING_STATUSES if direction == Direction.INCOMING else OUTGOING_STATUSES
        return [(value, label) for value, label in cls.Status.choices if value in values]

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent (Khẩn)")
        VERY_URGENT = "very_urgent", _("Very urgent (Thượng khẩn)")
        EXPRESS = "express", _("Express (Hỏa tốc)")

    class Secrecy(models.TextChoices):
        NONE = "none", _("Not secret")
        CONFIDENTIAL = "confidential", _("Mật")
        SECRET = "secret", _("Tối mật")
        TOP_SECRET = "top_secret", _("Tuyệt mật")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual entry")
        UPLOAD = "upload", _("Uploaded scan or file")
        EXCHANGE = "exchange", _("Electronic exchange")
        DRAFT = "draft", _("Drafted here")

    class SigningAuthority(models.TextChoices):
        NONE = "", _("Own authority")
        TM = "TM.", "TM. (thay mặt)"
        KT = "KT.", "KT. (ký thay)"
        TL = "TL.", "TL. (thừa lệnh)"
        TUQ = "TUQ.", "TUQ. (thừa ủy quyền)"
        Q = "Q.", "Q. (quyền)"

    OPEN_INCOMING = (
        Status.RECEIVED,
        Status.REGISTERED,
        Status.SUBMITTED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    )
    OPEN_OUTGOING = (Status.DRAFTING, Status.IN_REVIEW, Status.APPROVED)

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="documents"
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    register = models.ForeignKey(
        Register,
        verbose_name=_("register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(_("number in the register"), null=True, blank=True)
    arrival_at = models.DateTimeField(_("arrival date"), null=True, blank=True)
    issuer = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer_name = models.CharField(_("issuer"), max_length=255, blank=True)
    code_number = models.CharField(_("number"), max_length=20, blank=True)
    code_notation = models.CharField(_("symbol"), max_length=80, blank=True)
    issued_date = models.DateField(_("issue date"), null=True, blank=True)
    document_type = models.ForeignKey(DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT)
    subject = models.TextField(_("subject"), max_length=500)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signing_authority = models.CharField(
        _("signing authority"), max_length=8, choices=SigningAuthority.choices, blank=True
    )
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.CharField(_("secrecy"), max_length=12, choices=Secrecy.choices, default=Secrecy.NONE)
    page_count = models.PositiveIntegerField(_("pages"), default=1)
    due_date = models.DateField(_("processing deadline"), null=True, blank=True)
    exchange_id = models.CharField(_("exchange identifier"), max_length=255, blank=True, db_index=True)
    exchange_peer = models.ForeignKey(
        "Peer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The installation a document received by exchange came from (None: this one).",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    instruction = models.TextField(_("direction"), blank=True)
    result = models.TextField(_("result"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    answers = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="answered_by", verbose_name=_("answers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A recall or update the sender asked for and this agency has not answered yet (edXML business types 1, 2).
    pending_change = models.CharField(
        max_length=8, blank=True, choices=[("", "—"), ("recall", _("Recall")), ("update", _("Update"))]
    )
    pending_reason = models.TextField(blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    # The seam for the signing issue: the signed PDF and the result of verifying it (PAdES), filled by the
    # "sign" step of the issue flow once signatures exist.
    signed_file = models.ForeignKey(
        "DocumentFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signature_result = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    subject_folded = models.CharField(max_length=500, editable=False, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"],
                condition=Q(number__isnull=False),
                name="document_number_unique_in_register_year",
            ),
            # Exactly-once effect of exchange: one copy of a package per receiving agency.
            models.UniqueConstraint(
                fields=["agency", "exchange_id"],
                condition=Q(source="exchange"),
                name="document_exchange_once_per_agency",
            ),
        ]
        indexes = [
            # Also read in order, newest first, by each branch of "Việc của tôi" (selectors.my_work).
            models.Index(
                fields=["agency", "direction", "status", "-created_at", "-id"],
                name="document_agency_status_recent",
            ),
            models.Index(fields=["agency", "direction", "-created_at"]),
            models.Index(fields=["agency", "issued_date"]),  # the duplicate check on registration
        ]

    def __str__(self) -> str:
        return f"{self.code or self.document_type_id} – {self.subject[:80]}"

    @property
    def code(self) -> str:
        """“104/KH-UBND” (NĐ 30/2020 Phụ lục I: “/” after the number, “-” between groups)."""
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation

    @property
    def arrival_number(self) -> int | None:
        return self.number if self.direction == Direction.INCOMING else None

    @property
    def priority(self) -> int:
        """edXML OtherInfo/Priority: 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc."""
        return ["normal", "urgent", "very_urgent", "express"].index(self.urgency)

    def recipients_block(self) -> list[str]:
        """The "Nơi nhận" list (NĐ 30/2020 Phụ lục I): one line per recipient, ending with the file copy kept by
        the records office and the drafting unit ("Lưu: VT, VX.")."""
        lines = [f"- {recipient.name};" for recipient in self.recipients.all()]
        keep = "VT" + (f", {self.unit.short_name}" if self.unit_id and self.unit else "")
        return [*lines, f"- Lưu: {keep}."]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_INCOMING + self.OPEN_OUTGOING

    def get_absolute_url(self) -> str:
        return f"/van-ban/{self.pk}/"


class DocumentFile(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Main file")
        ATTACHMENT = "attachment", _("Attachment")
        PENDING = "pending", _("Correction waiting for acceptance")

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Text being read")
        OK = "ok", _("Text extracted")
        EMPTY = "empty", _("No text (scanned image?)")
        FAILED = "failed", _("Text could not be extracted")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MAIN)
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    text_status = models.CharField(max_length=8, choices=TextStatus.choices, default=TextStatus.OK)
    # The signatures of a PDF as validated when it arrived (signatures.services.validate_pdf): empty until the
    # worker has read it, {"status": "none"} for an unsigned PDF.
    signature_check = models.JSONField(default=dict, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-version", "pk"]

    def __str__(self) -> str:
        return self.name


class DocumentAssignment(models.Model):
    """One recipient of a leader's direction: a unit or a person, as lead (chủ trì), collaborator (phối hợp) or
    for information (để biết), with a deadline on the working-day calendar. A unit head hands a unit's
    assignment to a specialist by creating a child assignment (`parent`)."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Lead")
        COLLABORATE = "collaborate", _("Collaborate")
        FOR_INFORMATION = "for_information", _("For information")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DELEGATED = "delegated", _("Handed to a specialist")
        FORWARDED = "forwarded", _("Forwarded to someone else")
        DONE = "done", _("Done")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_assignments",
    )
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    extension_requested_to = models.DateField(_("extension asked until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)

    CLOSED = ("done", "forwarded")

    class Meta:
        ordering = ["document_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(user__isnull=False), name="assignment_has_recipient"
            ),
        ]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user or self.unit}"


class DocumentRecipient(models.Model):
    """A recipient of an outgoing document (“Nơi nhận”): an agency on this platform, an outside agency by organ
    id, or an internal unit or person; `status_code` is the latest edXML status the recipient reported."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(
        "organizations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organ_id = models.CharField(max_length=35, blank=True)
    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivered = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="delivered_from"
    )
    status_code = models.CharField(max_length=2, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    paper = models.BooleanField(_("paper copy"), default=False)
    paper_sent_on = models.DateField(_("paper copy sent on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ExchangeStatus(models.Model):
    """A status message from a receiver to the sender (edXML status codes, regulations §2). Kept in full: the
    sender sees 01 → 03 → 04 … per recipient."""

    class Code(models.TextChoices):
        ARRIVED = "01", _("01 Arrived")
        REJECTED = "02", _("02 Rejected")
        REGISTERED = "03", _("03 Registered")
        ASSIGNED = "04", _("04 Assigned")
        IN_PROGRESS = "05", _("05 In progress")
        DONE = "06", _("06 Done")
        TAKE_BACK_REQUESTED = "13", _("13 Take-back requested")
        ACCEPTED = "15", _("15 Take-back or update accepted")
        REFUSED = "16", _("16 Take-back or update refused")

    recipient = models.ForeignKey(DocumentRecipient, on_delete=models.CASCADE, related_name="statuses")
    code = models.CharField(max_length=2, choices=Code.choices)
    description = models.CharField(max_length=500, blank=True)
    staff_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "code"], name="exchange_status_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.at:%d/%m/%Y %H:%M}"


class DocumentEvent(models.Model):
    """The immutable handling history of a document (phiếu giải quyết văn bản đến): who, when, what, comment."""

    ACTIONS = {
        "arrived": _("Arrived by electronic exchange"),
        "registered": _("Registered"),
        "submitted": _("Submitted to the leader"),
        "directed": _("Directed and assigned"),
        "delegated": _("Handed to a specialist"),
        "completed": _("Assignment done"),
        "closed": _("Handling finished"),
        "answer_drafted": _("An answer is being drafted"),
        "answered": _("Answered by an outgoing document"),
        "drafted": _("Draft created"),
        "version_added": _("New version of the draft"),
        "submitted_for_review": _("Sent for review"),
        "review_comment": _("Review comment"),
        "review_agree": _("Agreed"),
        "review_return": _("Returned to the drafter"),
        "review_approve": _("Approved for issue"),
        "issued": _("Numbered and issued"),
        "signed_personal": _("Signed digitally by the leader"),
        "signed_agency": _("Signed digitally by the agency"),
        "moved_after_merge": _("Moved to the successor agency after a merge"),
        "recall_requested": _("The sender asks to take this document back"),
        "filed": _("Put in a record file"),
        "recall_sent": _("Recall requested from the recipients"),
        "update_sent": _("Correction sent to the recipients"),
        "update_requested": _("The sender sent a correction"),
        "change_accepted": _("Recall or correction accepted"),
        "change_refused": _("Recall or correction refused"),
        "replaced": _("Replaced by a new document"),
        "forwarded": _("Forwarded"),
        "extension_requested": _("Extension requested"),
        "extension_granted": _("Extension granted"),
        "extension_refused": _("Extension refused"),
        "paper_sent": _("Paper copy sent"),
    }

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
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
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The history of a document cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The history of a document cannot be deleted.")

    @property
    def label(self) -> str:
        return str(self.ACTIONS.get(self.action, self.action))


class Peer(TimeStampedModel):
    """Another Công Sở (or edXML-speaking) installation this one exchanges documents with over HTTPS.
    `organ_ids` lists the electronic identifiers it serves, one per line; a line ending in ``*`` is a prefix.
    Messages are authenticated with HMAC-SHA256 with the shared `secret` (set by the operators of both sides).
    A peer with the `axis` protocol is the national exchange axis (VDXP) or a provincial LGSP: packages are sent to
    its web service and pending ones fetched from it (services/axis.py)."""

    class Protocol(models.TextChoices):
        CONGSO = "congso", _("Công Sở (signed HTTPS posts)")
        AXIS = "axis", _("National exchange axis (VDXP/LGSP web service)")

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.CharField(
        _("peer code"), max_length=64, unique=True, help_text=_("How this peer names itself.")
    )
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol.choices, default=Protocol.CONGSO
    )
    system_id = models.CharField(
        _("our system id at the axis"),
        max_length=64,
        blank=True,
        help_text=_("The id the axis gave this installation (axis peers only)."),
    )
    polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    base_url = models.URLField(_("address"), max_length=255)
    organ_ids = models.TextField(_("electronic identifiers served"), blank=True)
    secret = models.CharField(_("shared secret"), max_length=128)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("exchange peer")
        verbose_name_plural = _("exchange peers")

    def __str__(self) -> str:
        return self.name

    def match(self, organ_id: str) -> int:
        """How specifically this peer serves `organ_id`: -1 not at all, else the length of the matching prefix
        (an exact identifier beats any prefix; `*` alone, the axis serving everyone, is the weakest)."""
        best = -1
        for line in self.organ_ids.split():
            if line == organ_id:
                return 1000
            if line.endswith("*") and organ_id.startswith(line[:-1]):
                best = max(best, len(line) - 1)
        return best

    def serves(self, organ_id: str) -> bool:
        return self.match(organ_id) >= 0


class OutboxMessage(models.Model):
    """A package or status message waiting for (or done with) delivery to a peer. Written in the transaction of
    the action that caused it (issue, registration, …): a crash before sending loses nothing; the worker and
    `congso exchange retry` send what is due, with back-off."""

    class Kind(models.TextChoices):
        PACKAGE = "package", _("Package")
        STATUS = "status", _("Status message")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Gave up")

    message_id = models.CharField(max_length=64, unique=True)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    recipient = models.ForeignKey(
        DocumentRecipient, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox"
    )
    document_id_text = models.CharField(max_length=255, blank=True)
    payload = models.BinaryField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} → {self.peer_id} ({self.state})"


class InboxMessage(models.Model):
    """Every message a peer delivered, accepted or not, by its message id: a message delivered twice has its
    effect once and gets the same answer (exactly-once effect)."""

    message_id = models.CharField(max_length=64)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="inbox")
    kind = models.CharField(max_length=8, choices=OutboxMessage.Kind.choices)
    received_at = models.DateTimeField(default=timezone.now)
    accepted = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    answer = models.BinaryField(blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["peer", "message_id"], name="inbox_message_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} ← {self.peer_id}"


class RecordFile(TimeStampedModel):
    """A record file (hồ sơ lưu trữ) in the agency's yearly file list (danh mục hồ sơ, NĐ 30/2020 Điều 28):
    code, title, retention period. A document may belong to several record files without being copied."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="record_files")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("file code"), max_length=50)
    title = models.CharField(_("title"), max_length=500)
    retention_period = models.CharField(
        _("retention period"), max_length=50, help_text=_("e.g. Vĩnh viễn, 20 năm")
    )
    unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    closed = models.BooleanField(_("closed"), default=False)
    documents = models.ManyToManyField(Document, through="RecordFileItem", related_name="record_files")

    class Meta:
        ordering = ["agency_id", "-year", "code"]
        verbose_name = _("record file")
        verbose_name_plural = _("record files")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "code"], name="record_file_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RecordFileItem(models.Model):
    record_file = models.ForeignKey(RecordFile, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_file", "document"], name="record_file_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_file_id}: {self.document_id}"


class SavedSearch(models.Model):
    """A search a user runs again (issue 3 §5): a name and the query string of the search page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    query_string = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_unique")]

    def __str__(self) -> str:
        return self.name


class DocumentAccess(models.Model):
    """Who opened a document or downloaded its files, and when (NĐ 30/2020 Phụ lục VI: the history of a document
    includes access and views). Append-only; one row per person, action and 10 minutes."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded a file")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["document", "user", "action", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_name} {self.action} {self.at:%d/%m/%Y %H:%M}"
