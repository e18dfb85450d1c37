"""Checking every signature of a PDF (pyHanko): integrity, changes after signing, signer, time, the chain to the
trust store, revocation (the certificates the platform knows revoked; CRL/OCSP when CONGSO_REVOCATION_FETCH is on
and the CA is reachable), key usage and the strength of the algorithms.

The result is data (codes and facts, stored with the file); the words come from the templates, in the reader's
language. Validation never raises on bad input: a corrupt, encrypted or oversized PDF is a result."""

from __future__ import annotations

import hashlib
import io
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone

from ..models import Certificate
from .certificates import SIGNING_USAGES, key_usages

logger = logging.getLogger("congso.signatures")

WEAK_DIGESTS = {"md5", "sha1"}


def validation_context(at: Any = None) -> Any:
    from pyhanko_certvalidator import ValidationContext

    from .certificates import to_asn1

    anchors = list(Certificate.objects.filter(purpose=Certificate.Purpose.ROOT, active=True))
    intermediates = list(Certificate.objects.filter(purpose=Certificate.Purpose.INTERMEDIATE, active=True))
    return ValidationContext(
        trust_roots=[to_asn1(c) for c in anchors],
        other_certs=[to_asn1(c) for c in intermediates],
        allow_fetching=settings.CONGSO_REVOCATION_FETCH,
        revocation_mode="soft-fail",
        retroactive_revinfo=True,
    )


def _cryptography_cert(asn1_cert: Any) -> Any:
    from cryptography import x509

    return x509.load_der_x509_certificate(asn1_cert.dump())


def _name(asn1_name: Any, field: str) -> str:
    try:
        return str(asn1_name.native.get(field, "") or "")
    except Exception:  # noqa: BLE001
        return ""


def _one(embedded: Any, context: Any, revoked: dict[str, Any]) -> dict[str, Any]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = validate_pdf_signature(embedded, context, skip_diff=False)
    certificate = status.signing_cert
    fingerprint = hashlib.sha256(certificate.dump()).hexdigest()
    usages = key_usages(_cryptography_cert(certificate))
    digest = str(status.md_algorithm or "").lower()
    mechanism = str(getattr(status, "pkcs7_signature_mechanism", "") or "")
    signed_at = status.signer_reported_dt
    stamp = getattr(status, "timestamp_validity", None)
    modified = not status.docmdp_ok or status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    )
    problems: list[str] = []
    if not status.intact:
        problems.append("not_intact")
    elif not status.valid:
        problems.append("bad_signature")
    if modified:
        problems.append("modified")
    if fingerprint in revoked and (signed_at is None or signed_at >= revoked[fingerprint]):
        problems.append("revoked")
    if not status.trusted:
        problems.append("untrusted")
    if usages and not SIGNING_USAGES & set(usages):
        problems.append("key_usage")
    if digest in WEAK_DIGESTS:
        problems.append("weak_algorithm")
    blocking = {"not_intact", "bad_signature", "modified", "revoked", "key_usage"}
    return {
        "field": embedded.field_name,
        "signer": _name(certificate.subject, "common_name"),
        "organization": _name(certificate.subject, "organization_name"),
        "issuer": _name(certificate.issuer, "common_name"),
        "serial": format(certificate.serial_number, "X"),
        "fingerprint": fingerprint,
        "signed_at": signed_at.isoformat() if signed_at else "",
        "timestamped": stamp is not None,
        "timestamp_at": stamp.timestamp.isoformat() if stamp is not None and stamp.timestamp else "",
        "digest": digest,
        "mechanism": mechanism,
        "whole_file": status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        "intact": bool(status.intact and status.valid),
        "trusted": bool(status.trusted),
        "problems": problems,
        "status": "invalid"
        if blocking & set(problems)
        else ("untrusted" if "untrusted" in problems else "valid"),
    }


def validate_pdf(pdf: bytes) -> dict[str, Any]:
    """{"status": none|valid|untrusted|invalid|unreadable, "signatures": [...], "checked_at": ISO 8601}."""
    result: dict[str, Any] = {"checked_at": timezone.now().isoformat(), "signatures": []}
    if len(pdf) > settings.CONGSO_SIGNATURE_MAX_PDF_BYTES:
        return {**result, "status": "unreadable", "reason": "too_large"}
    if pdf.lstrip()[:5] != b"%PDF-":
        return {**result, "status": "none"}
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            return {**result, "status": "unreadable", "reason": "encrypted"}
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged PDF is a result, not a crash
        logger.info("unreadable PDF: %s", exc)
        return {**result, "status": "unreadable", "reason": "corrupt"}
    if not embedded:
        return {**result, "status": "none"}
    context = validation_context()
    revoked = {
        c.fingerprint: c.revoked_at
        for c in Certificate.objects.filter(revoked_at__isnull=False).only("fingerprint", "revoked_at")
    }
    checks = []
    for signature in embedded:
        try:
            checks.append(_one(signature, context, revoked))
        except Exception as exc:  # noqa: BLE001 - one broken signature dictionary is that signature's result
            logger.info("signature %s could not be checked: %s", signature.field_name, exc)
            checks.append({"field": signature.field_name, "status": "invalid", "problems": ["unreadable"]})
    order = ["invalid", "untrusted", "valid"]
    overall = next(state for state in order if any(c["status"] == state for c in checks))
    return {**result, "status": overall, "signatures": checks}
