"""Personal signatures through the official's signing agent (`congso-sign-agent`, docs/signing.md).

The server prepares the PDF with the signature's space reserved and computes the CMS signed attributes (pyHanko's
interrupted signing); the agent, on the official's PC, signs those attributes with the USB token and posts the raw
signature value back; the server checks that value against the official's certificate, embeds it and hands the
signed PDF to the module that asked (hook `signature_completed`). Until then the document is unchanged."""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core import hooks
from congso.core.errors import Conflict, PermissionDenied, ValidationFailed
from congso.core.services import audit_log

from ..models import Certificate, IssuedSignature, SigningRequest
from .certificates import require_can_sign, to_asn1
from .pdf import FIELD_PERSONAL, Appearance, byte_range_digest, open_writer, pdf_signer, run, timestamper

MECHANISMS = {"rsassa_pkcs1v15": "sha256_rsa", "rsassa_pss": "rsassa_pss"}


def personal_certificate(user: Any) -> Certificate:
    """The official's certificate in use (the newest valid one); a clear error when there is none."""
    candidates = Certificate.objects.filter(
        purpose=Certificate.Purpose.SIGNING, user=user, active=True, revoked_at__isnull=True
    ).order_by("-not_after")
    record = candidates.first()
    if record is None:
        raise ValidationFailed(
            _(
                "You have no personal certificate yet: register your token's certificate (the signing agent does it)."
            ),
            code="no_personal_certificate",
        )
    require_can_sign(record)
    return record


def _external(record: Certificate, value: bytes | None = None) -> Any:
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return signers.ExternalSigner(
        signing_cert=to_asn1(record),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(record)]),
        signature_value=value if value is not None else 512,
        signature_mechanism=_pss() if settings.CONGSO_SIGNATURE_PSS else None,
    )


def _pss() -> Any:
    """RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt: what tokens' CKM_SHA256_RSA_PKCS_PSS is given
    by the agent (pyHanko's own default, the longest salt, is not what every token accepts)."""
    from asn1crypto import algos

    return algos.SignedDigestAlgorithm(
        {
            "algorithm": "rsassa_pss",
            "parameters": algos.RSASSAPSSParams(
                {
                    "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                    "mask_gen_algorithm": algos.MaskGenAlgorithm(
                        {"algorithm": "mgf1", "parameters": algos.DigestAlgorithm({"algorithm": "sha256"})}
                    ),
                    "salt_length": 32,
                    "trailer_field": "trailer_field_bc",
                }
            ),
        }
    )


@transaction.atomic
def signing_request_create(
    *, actor: Any, pdf: bytes, target: str, subject: str, appearance: Appearance, reason: str = ""
) -> SigningRequest:
    """Prepare a personal signature; the previous pending request for the same target is cancelled."""
    record = personal_certificate(actor)
    writer = open_writer(pdf, appearance)
    external = _external(record)
    signer = pdf_signer(
        external, field_name=FIELD_PERSONAL, appearance=appearance, reason=reason, writer=writer
    )

    async def prepare() -> tuple[Any, Any, bytes]:
        prepared, _tbs, output = await signer.async_digest_doc_for_signing(writer)
        attributes = await external.signed_attrs(prepared.document_digest, "sha256", use_pades=True)
        return prepared, output, attributes.dump()

    try:
        prepared, output, attributes = run(prepare())
    except ValidationFailed:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ValidationFailed(
            _("The document could not be prepared for signing: %(reason)s") % {"reason": str(exc)[:200]},
            code="prepare_failed",
        ) from exc
    SigningRequest.objects.filter(user=actor, target=target, status=SigningRequest.Status.PENDING).update(
        status=SigningRequest.Status.CANCELLED, finished_at=timezone.now(), prepared_pdf=b""
    )
    output.seek(0)
    request = SigningRequest.objects.create(
        user=actor,
        certificate=record,
        target=target,
        subject=subject[:500],
        prepared_pdf=output.read(),
        signed_attributes=attributes,
        state={
            "document_digest": prepared.document_digest.hex(),
            "reserved_region_start": prepared.reserved_region_start,
            "reserved_region_end": prepared.reserved_region_end,
            "mechanism": "rsassa_pss" if settings.CONGSO_SIGNATURE_PSS else "rsassa_pkcs1v15",
            "digest_algorithm": "sha256",
            "source_sha256": hashlib.sha256(pdf).hexdigest(),  # the file prepared: still the one to sign?
        },
        expires_at=timezone.now() + timedelta(minutes=settings.CONGSO_SIGNING_REQUEST_MINUTES),
    )
    audit_log(
        actor=actor,
        action="signatures.request_created",
        obj=request,
        object_repr=subject[:255],
        changes={"target": target, "certificate": record.fingerprint},
    )
    return request


def pending_for(user: Any) -> Any:
    return SigningRequest.objects.filter(
        user=user, status=SigningRequest.Status.PENDING, expires_at__gt=timezone.now()
    ).order_by("created_at")


def _verify_value(record: Certificate, attributes: bytes, value: bytes, mechanism: str) -> None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    public_key = x509.load_der_x509_certificate(bytes(record.der)).public_key()
    if not isinstance(public_key, RSAPublicKey):
        raise ValidationFailed(_("Only RSA certificates sign through the agent."), code="not_rsa")
    chosen = (
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        if mechanism == "rsassa_pss"
        else padding.PKCS1v15()
    )
    try:
        public_key.verify(value, attributes, chosen, hashes.SHA256())
    except (InvalidSignature, TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("The signature sent does not match your certificate: sign with the token that holds it."),
            code="signature_mismatch",
        ) from exc


@transaction.atomic
def signing_request_complete(*, actor: Any, request: SigningRequest, signature: bytes) -> bytes:
    """Embed the agent's signature value; the signed PDF goes to the module that asked (`signature_completed`)."""
    from asn1crypto import cms
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    request = SigningRequest.objects.select_for_update().get(pk=request.pk)
    if request.user_id != actor.pk:
        raise PermissionDenied(_("This signing request is not yours."))
    if request.status != SigningRequest.Status.PENDING:
        raise Conflict(_("This signing request is no longer waiting."))
    if request.expires_at <= timezone.now():  # the agent no longer sees it (pending_for); the page says so
        raise Conflict(_("This signing request has expired; ask for the signature again."))
    if not signature or len(signature) > 1024:
        raise ValidationFailed(_("The signature value is missing or too long."), code="bad_signature_value")
    record = request.certificate
    require_can_sign(record)
    attributes = bytes(request.signed_attributes)
    _verify_value(record, attributes, signature, request.state.get("mechanism", "rsassa_pkcs1v15"))
    external = _external(record, signature)
    prepared = PreparedByteRangeDigest(
        document_digest=bytes.fromhex(request.state["document_digest"]),
        reserved_region_start=request.state["reserved_region_start"],
        reserved_region_end=request.state["reserved_region_end"],
    )
    output = io.BytesIO(bytes(request.prepared_pdf))

    async def finish() -> None:
        signed_attrs = cms.CMSAttributes.load(attributes)
        content = await external.async_sign_prescribed_attributes(
            "sha256", signed_attrs=signed_attrs, timestamper=timestamper()
        )
        await PdfTBSDocument.async_finish_signing(output, prepared, content)

    try:
        run(finish())
    except Exception as exc:  # noqa: BLE001 - a TSA or an embedding failure: the request stays pending
        raise ValidationFailed(
            _("The signature could not be embedded: %(reason)s") % {"reason": str(exc)[:200]},
            code="embed_failed",
        ) from exc
    pdf = output.getvalue()
    now = timezone.now()
    request.status, request.finished_at = SigningRequest.Status.DONE, now
    request.prepared_pdf = b""  # the signed file now lives with the module that asked; keep no copy
    request.save(update_fields=["status", "finished_at", "prepared_pdf", "updated_at"])
    digest = byte_range_digest(pdf, FIELD_PERSONAL)
    hooks.run("signature_completed", request=request, pdf=pdf, signed_at=now, digest=digest, actor=actor)
    audit_log(
        actor=actor,
        action="signatures.signed",
        obj=request,
        object_repr=request.subject[:255],
        changes={
            "kind": "personal",
            "target": request.target,
            "certificate": record.fingerprint,
            "digest": digest,
        },
    )
    return pdf


def signature_value_from_text(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(_("The signature value is not base64."), code="bad_signature_value") from exc


def record_signature(
    *,
    code: str,
    kind: str,
    subject: str,
    reference: str,
    target: str,
    agency_id: int,
    certificate: Certificate,
    signer_name: str,
    signed_at: Any,
    digest: str,
    file_sha256: str,
    public: bool,
    actor: Any,
) -> IssuedSignature:
    return IssuedSignature.objects.create(
        code=code,
        kind=kind,
        subject=subject[:500],
        reference=reference[:100],
        target=target,
        agency_id=agency_id,
        certificate=certificate,
        signer_name=signer_name[:255],
        signed_at=signed_at,
        digest=digest,
        file_sha256=file_sha256,
        public=public,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def record_personal(
    *, request: SigningRequest, code: str, agency_id: int, signed_at: Any, digest: str, file_sha256: str
) -> IssuedSignature:
    """The record of a personal signature made through the agent (the module that asked knows the agency)."""
    return record_signature(
        code=code,
        kind=IssuedSignature.Kind.PERSONAL,
        subject=request.subject,
        reference="",
        target=request.target,
        agency_id=agency_id,
        certificate=request.certificate,
        signer_name=request.certificate.common_name,
        signed_at=signed_at,
        digest=digest,
        file_sha256=file_sha256,
        public=False,
        actor=request.user,
    )


@transaction.atomic
def signing_request_fail(*, actor: Any, request: SigningRequest, reason: str) -> SigningRequest:
    from congso.core.text import clean_text

    request = SigningRequest.objects.select_for_update().get(pk=request.pk)
    if request.user_id != actor.pk:
        raise PermissionDenied(_("This signing request is not yours."))
    if request.status != SigningRequest.Status.PENDING:
        raise Conflict(_("This signing request is no longer waiting."))
    request.status, request.error = SigningRequest.Status.FAILED, clean_text(reason)[:500]
    request.finished_at, request.prepared_pdf = timezone.now(), b""
    request.save(update_fields=["status", "error", "finished_at", "prepared_pdf", "updated_at"])
    audit_log(actor=actor, action="signatures.request_failed", obj=request, message=request.error)
    return request
