"""Certificates (an agency's, an official's, and the trust store's roots and intermediates), the agency keys the
server signs with, the images an appearance shows, the requests a signing agent answers, and a record of every
signature the platform made (what the public verification page shows)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.models import TimeStampedModel


class Certificate(TimeStampedModel):
    class Purpose(models.TextChoices):
        SIGNING = "signing", _("Signing certificate")
        ROOT = "root", _("Trusted root")
        INTERMEDIATE = "intermediate", _("Trusted intermediate")

    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    # A signing certificate belongs to an agency (the organisation's) or to an official (personal); trust anchors
    # belong to the installation.
    agency = models.ForeignKey(
        "organizations.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    der = models.BinaryField()
    fingerprint = models.CharField(max_length=64, db_index=True)  # SHA-256 of the DER, hex
    subject = models.CharField(_("subject"), max_length=500)
    common_name = models.CharField(_("name"), max_length=255)
    organization = models.CharField(_("organisation"), max_length=255, blank=True)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=80)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    key_usage = models.JSONField(default=list, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_checked_at = models.DateTimeField(null=True, blank=True)
    revocation_note = models.CharField(max_length=255, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["purpose", "common_name", "-not_after"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"], condition=~Q(purpose="signing"), name="trust_anchor_once"
            ),
            models.UniqueConstraint(
                fields=["fingerprint", "agency"], condition=Q(agency__isnull=False), name="agency_cert_once"
            ),
            models.UniqueConstraint(
                fields=["fingerprint", "user"], condition=Q(user__isnull=False), name="personal_cert_once"
            ),
            models.CheckConstraint(
                condition=Q(purpose="signing", agency__isnull=False, user__isnull=True)
                | Q(purpose="signing", agency__isnull=True, user__isnull=False)
                | (~Q(purpose="signing") & Q(agency__isnull=True, user__isnull=True)),
                name="certificate_owner_fits_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial})"


class SigningKey(TimeStampedModel):
    """An agency's key the server signs with: a PKCS#12 file (kept encrypted; its passphrase never in the
    database but named by `secret_ref`, `env:NAME` or `file:/path`) or a key on a PKCS#11 module (an HSM, a
    token on the server) whose PIN `secret_ref` names."""

    class Source(models.TextChoices):
        PKCS12 = "pkcs12", _("PKCS#12 file")
        PKCS11 = "pkcs11", _("PKCS#11 module (HSM, token)")

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="keys")
    source = models.CharField(_("key source"), max_length=8, choices=Source.choices)
    label = models.CharField(_("label"), max_length=120)
    pkcs12_encrypted = models.BinaryField(blank=True, default=b"")
    secret_ref = models.CharField(_("passphrase or PIN from"), max_length=255)
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=255, blank=True)
    pkcs11_token = models.CharField(_("token label"), max_length=64, blank=True)
    pkcs11_key_label = models.CharField(_("key label"), max_length=64, blank=True)
    pkcs11_key_id = models.CharField(_("key id (hex)"), max_length=128, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["agency", "-active", "-created_at"]
        verbose_name = _("agency signing key")
        verbose_name_plural = _("agency signing keys")

    def __str__(self) -> str:
        return self.label


class SignatureImage(TimeStampedModel):
    """The official's handwritten signature (blue) or the agency's seal (red), transparent PNG (NĐ 30/2020)."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("Signature image")
        SEAL = "seal", _("Seal image")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(
        "organizations.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    png = models.BinaryField()
    width_mm = models.DecimalField(_("width (mm)"), max_digits=5, decimal_places=1)
    height_mm = models.DecimalField(_("height (mm)"), max_digits=5, decimal_places=1)

    def __str__(self) -> str:
        return self.kind

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "agency"], condition=Q(agency__isnull=False), name="one_image_per_agency"
            ),
            models.UniqueConstraint(
                fields=["kind", "user"], condition=Q(user__isnull=False), name="one_image_per_user"
            ),
        ]


def new_code() -> str:
    """A verification code printed on a signed PDF: 12 characters without look-alikes (0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class IssuedSignature(models.Model):
    """One signature the platform put on a PDF: what the public page /xac-thuc/<code>/ shows, and the audit
    trail's detail (who, with which certificate, the hash signed)."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal signature")
        AGENCY = "agency", _("Agency signature")

    code = models.CharField(
        max_length=12, db_index=True
    )  # one code per signed file; several signatures share it
    kind = models.CharField(max_length=8, choices=Kind.choices)
    subject = models.CharField(max_length=500)  # what was signed, as the public may read it
    reference = models.CharField(max_length=100, blank=True)  # e.g. "12/QĐ-UBND" or a dossier code
    target = models.CharField(max_length=60)  # "documents.document:12", "dossiers.dossier:5"
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=255)
    signed_at = models.DateTimeField()
    digest = models.CharField(max_length=128)  # the hex SHA-256 of the byte ranges signed
    file_sha256 = models.CharField(max_length=64, db_index=True)  # the file as it left this signing
    public = models.BooleanField(default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.signer_name}"


class SigningRequest(TimeStampedModel):
    """A personal signature prepared by the server (pyHanko's interrupted signing) and waiting for the official's
    signing agent: the PDF with the space reserved, the attributes to sign, and what finishing it needs."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the signing agent")
        DONE = "done", _("Signed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(max_length=60)
    subject = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    prepared_pdf = models.BinaryField()
    signed_attributes = models.BinaryField()  # DER of the CMS signed attributes: what the token signs
    state = models.JSONField(default=dict)  # digest, reserved region, algorithm
    error = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.subject[:60]} ({self.status})"

    @property
    def waiting(self) -> bool:
        """Pending and not yet expired: the agent still sees it."""
        from django.utils import timezone

        return self.status == self.Status.PENDING and self.expires_at > timezone.now()
