"""Certificates: reading one (PEM or DER, size-limited), what it says, whether it may sign now, and keeping it
(the trust store's roots and intermediates, an agency's and an official's signing certificates)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import nfc

from .. import permissions
from ..models import Certificate
from ..permissions import signing_problem

MAX_CERTIFICATE_BYTES = 64 * 1024
USAGE_NAMES = {
    "digital_signature": "digitalSignature",
    "content_commitment": "nonRepudiation",
    "key_encipherment": "keyEncipherment",
    "data_encipherment": "dataEncipherment",
    "key_agreement": "keyAgreement",
    "key_cert_sign": "keyCertSign",
    "crl_sign": "cRLSign",
}


def load_certificate(data: bytes) -> Any:
    """A cryptography certificate from PEM or DER; a clear error otherwise."""
    from cryptography import x509

    if len(data) > MAX_CERTIFICATE_BYTES:
        raise ValidationFailed(_("A certificate file is at most 64 KB."), code="certificate_too_large")
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ValidationFailed(
            _("The file is not an X.509 certificate (.cer, .crt or .pem)."), code="not_certificate"
        ) from exc


def _attribute(name: Any, oid: Any) -> str:
    values = name.get_attributes_for_oid(oid)
    return nfc(str(values[0].value)) if values else ""


def key_usages(certificate: Any) -> list[str]:
    from cryptography import x509

    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return []
    found = []
    for attribute, label in USAGE_NAMES.items():
        try:
            if getattr(usage, attribute):
                found.append(label)
        except ValueError:  # encipher_only / decipher_only undefined without key_agreement
            continue
    return found


def facts(certificate: Any) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    der = certificate.public_bytes(serialization.Encoding.DER)
    return {
        "der": der,
        "fingerprint": hashlib.sha256(der).hexdigest(),
        "subject": nfc(certificate.subject.rfc4514_string())[:500],
        "common_name": _attribute(certificate.subject, NameOID.COMMON_NAME)[:255]
        or nfc(certificate.subject.rfc4514_string())[:255],
        "organization": _attribute(certificate.subject, NameOID.ORGANIZATION_NAME)[:255],
        "issuer": nfc(certificate.issuer.rfc4514_string())[:500],
        "serial": format(certificate.serial_number, "X")[:80],
        "not_before": certificate.not_valid_before_utc,
        "not_after": certificate.not_valid_after_utc,
        "key_usage": key_usages(certificate),
    }


def is_ca(certificate: Any) -> bool:
    from cryptography import x509

    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def require_can_sign(record: Certificate) -> None:
    problem = signing_problem(record)
    if problem:
        raise ValidationFailed(problem, code="certificate_unusable")


@transaction.atomic
def certificate_add(
    *, actor: Any, data: bytes, purpose: str, agency_id: int | None = None, user: Any = None
) -> Certificate:
    """Keep a certificate: a trust anchor (system administrators), an agency's signing certificate (its
    administrators) or an official's own. The same certificate twice for the same owner is refused."""
    certificate = load_certificate(data)
    if purpose not in Certificate.Purpose.values:
        raise ValidationFailed(
            _("Invalid value."), details={"purpose": [_("Choose what the certificate is for.")]}
        )
    if purpose == Certificate.Purpose.SIGNING:
        if (agency_id is None) == (user is None):
            raise ValidationFailed(_("A signing certificate belongs to an agency or to an official."))
        allowed = (
            permissions.can_manage_agency(actor, agency_id)
            if agency_id is not None
            else permissions.can_manage_personal(actor, user)
        )
        if is_ca(certificate):
            raise ValidationFailed(
                _("This is a certification authority's certificate: add it to the trust store instead."),
                code="ca_as_signer",
            )
    else:
        allowed = permissions.can_manage_trust_store(actor)
        agency_id, user = None, None
        if not is_ca(certificate):
            raise ValidationFailed(
                _("Only a certification authority's certificate (CA) goes in the trust store."), code="not_ca"
            )
    if not allowed:
        raise PermissionDenied(_("You cannot manage these certificates."))
    found = facts(certificate)
    duplicate = Certificate.objects.filter(fingerprint=found["fingerprint"], purpose=purpose)
    duplicate = (
        duplicate.filter(agency_id=agency_id, user=user)  # type: ignore[misc]
        if purpose == Certificate.Purpose.SIGNING
        else duplicate
    )
    if duplicate.exists():
        raise ValidationFailed(_("This certificate is already in the list."), code="duplicate_certificate")
    record = Certificate.objects.create(
        purpose=purpose, agency_id=agency_id, user=user, uploaded_by=actor, **found
    )
    _trust_changed()
    audit_log(
        actor=actor,
        action="signatures.certificate_added",
        obj=record,
        agency_id=agency_id,
        changes={"purpose": purpose, "fingerprint": record.fingerprint, "subject": record.subject},
    )
    return record


@transaction.atomic
def certificate_retire(
    *, actor: Any, certificate: Certificate, revoked: bool = False, note: str = ""
) -> Certificate:
    """Take a certificate out of use; `revoked` records that its CA revoked it (it can no longer sign)."""
    if certificate.purpose == Certificate.Purpose.SIGNING:
        allowed = (
            permissions.can_manage_agency(actor, certificate.agency_id)
            if certificate.agency_id
            else permissions.can_manage_personal(actor, certificate.user)
        )
    else:
        allowed = permissions.can_manage_trust_store(actor)
    if not allowed:
        raise PermissionDenied(_("You cannot manage these certificates."))
    certificate.active = False
    if revoked:
        certificate.revoked_at = timezone.now()
        certificate.revocation_note = nfc(note)[:255]
    certificate.save()
    _trust_changed()
    audit_log(
        actor=actor,
        action="signatures.certificate_revoked" if revoked else "signatures.certificate_retired",
        obj=certificate,
        agency_id=certificate.agency_id,
        message=nfc(note)[:500],
    )
    return certificate


def to_asn1(record_or_der: Any) -> Any:
    """The asn1crypto form pyHanko works with."""
    from asn1crypto import x509 as asn1_x509

    der = bytes(record_or_der.der) if hasattr(record_or_der, "der") else bytes(record_or_der)
    return asn1_x509.Certificate.load(der)


def expiring(days: int | None = None) -> Any:
    """Signing certificates in use whose end is within `days` (CONGSO_CERTIFICATE_WARNING_DAYS)."""
    from datetime import timedelta

    days = settings.CONGSO_CERTIFICATE_WARNING_DAYS if days is None else days
    now = datetime.now(UTC)
    return Certificate.objects.filter(
        purpose=Certificate.Purpose.SIGNING,
        active=True,
        revoked_at__isnull=True,
        not_after__lte=now + timedelta(days=days),
    )


def anchor_purpose(data: bytes) -> str:
    """A CA certificate that signs itself is a root; one issued by another CA, an intermediate."""
    certificate = load_certificate(data)
    return (
        Certificate.Purpose.ROOT
        if certificate.subject == certificate.issuer
        else Certificate.Purpose.INTERMEDIATE
    )


def _trust_changed() -> None:
    from .validation import trust_changed

    transaction.on_commit(trust_changed)
    trust_changed()
