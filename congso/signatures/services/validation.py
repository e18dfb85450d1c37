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
from ..permissions import SIGNING_USAGES
from .certificates import key_usages

logger = logging.getLogger("congso.signatures")

WEAK_DIGESTS = {"md5", "sha1"}


def validation_context(rows: list[tuple[Any, ...]] | None = None) -> Any:
    """pyHanko's context over the trust store, shared by the validations of one process for a minute while the
    store is unchanged (its path and revocation caches are what make the next validation cheap). `rows`: the
    trust facts (trust_facts()) when the caller has read them already."""
    import time

    from pyhanko_certvalidator import ValidationContext

    from .certificates import to_asn1

    rows = trust_facts() if rows is None else rows
    anchors = [row for row in rows if row[2] != Certificate.Purpose.SIGNING and row[3]]
    version = (tuple(sorted((row[0], row[4]) for row in anchors)), settings.CONGSO_REVOCATION_FETCH)
    cached = _CONTEXT.get("context")
    if cached is not None and cached[0] == version and cached[1] > time.monotonic():
        return cached[2]
    records = Certificate.objects.filter(pk__in=[row[5] for row in anchors])
    context = ValidationContext(
        trust_roots=[to_asn1(c) for c in records if c.purpose == Certificate.Purpose.ROOT],
        other_certs=[to_asn1(c) for c in records if c.purpose == Certificate.Purpose.INTERMEDIATE],
        allow_fetching=settings.CONGSO_REVOCATION_FETCH,
        revocation_mode="soft-fail",
        retroactive_revinfo=True,
    )
    _CONTEXT["context"] = (version, time.monotonic() + 60, context)
    return context


def trust_facts() -> list[tuple[Any, ...]]:
    """(fingerprint, revoked_at, purpose, active, updated_at, pk) of the trust store's certificates and of every
    certificate known revoked: one query, read again after CONGSO_TRUST_CACHE_SECONDS in each process (a change of the
    store or a revocation reaches every validation within that delay)."""
    import time

    cached = _CONTEXT.get("facts")
    if cached is not None and cached[1] > time.monotonic():
        return cached[2]
    rows = _read_trust_facts()
    _CONTEXT["facts"] = (None, time.monotonic() + settings.CONGSO_TRUST_CACHE_SECONDS, rows)
    return rows


def trust_changed() -> None:
    """A certificate was added, retired or revoked here: this process reads the store again at once."""
    _CONTEXT.clear()


def _read_trust_facts() -> list[tuple[Any, ...]]:
    from django.db.models import Q

    return list(
        Certificate.objects.filter(
            ~Q(purpose=Certificate.Purpose.SIGNING) | Q(revoked_at__isnull=False)
        ).values_list("fingerprint", "revoked_at", "purpose", "active", "updated_at", "pk")
    )


_CONTEXT: dict[str, tuple[Any, float, Any]] = {}


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
    # A revoked certificate's signature holds only if a timestamp proves it was made before the revocation: the
    # time a signer writes in the signature is the signer's word (a stolen key can be backdated).
    stamped_at = stamp.timestamp if stamp is not None and getattr(stamp, "intact", True) else None
    if fingerprint in revoked and (stamped_at is None or stamped_at >= revoked[fingerprint]):
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
    from .pdf import off_loop

    return off_loop(_validate_pdf, pdf)


def _validate_pdf(pdf: bytes) -> dict[str, Any]:
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
    facts = trust_facts()
    context = validation_context(facts)
    revoked = {row[0]: row[1] for row in facts if row[1] is not None}
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
