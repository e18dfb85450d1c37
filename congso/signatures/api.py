"""/api/v1/signatures: what the signing agent talks to (docs/signing.md) — the official's own certificate and
the personal signatures waiting for the token. Every call acts for the signed-in or token user only."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema

from congso.core.api_base import ErrorOut, InputSchema
from congso.core.errors import NotFound, ValidationFailed

from . import services
from .models import Certificate, SigningRequest
from .services.certificates import facts, load_certificate
from .services.remote import signing_request_fail

router = Router(tags=["signatures"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CertificateOut(Schema):
    id: int
    common_name: str
    organization: str
    issuer: str
    serial: str
    fingerprint: str
    not_before: datetime
    not_after: datetime
    key_usage: list[str]
    active: bool
    problem: str


class CertificateIn(InputSchema):
    certificate: str  # base64 of the DER (or PEM text)


class RequestOut(Schema):
    id: int
    subject: str
    created_at: datetime
    expires_at: datetime
    certificate_fingerprint: str
    mechanism: str
    digest_algorithm: str
    signed_attributes: str  # base64 DER: what the token signs
    signed_attributes_sha256: str  # hex, to show the official what is signed


class SignatureIn(InputSchema):
    signature: str  # base64 of the raw RSA signature value


class FailureIn(InputSchema):
    reason: str


class DoneOut(Schema):
    id: int
    status: str


def _certificate_out(record: Certificate) -> dict:
    return {
        **{
            f: getattr(record, f)
            for f in ("id", "common_name", "organization", "issuer", "serial", "fingerprint")
        },
        "not_before": record.not_before,
        "not_after": record.not_after,
        "key_usage": record.key_usage,
        "active": record.active,
        "problem": services.signing_problem(record),
    }


def _request_out(request: SigningRequest) -> dict:
    attributes = bytes(request.signed_attributes)
    return {
        "id": request.pk,
        "subject": request.subject,
        "created_at": request.created_at,
        "expires_at": request.expires_at,
        "certificate_fingerprint": request.certificate.fingerprint,
        "mechanism": request.state.get("mechanism", "rsassa_pkcs1v15"),
        "digest_algorithm": request.state.get("digest_algorithm", "sha256"),
        "signed_attributes": base64.b64encode(attributes).decode(),
        "signed_attributes_sha256": hashlib.sha256(attributes).hexdigest(),
    }


@router.get("/certificates", response={200: list[CertificateOut], **ERRORS})
def my_certificates(request):
    records = Certificate.objects.filter(purpose=Certificate.Purpose.SIGNING, user=request.user)
    return [_certificate_out(record) for record in records]


@router.post("/certificates", response={200: CertificateOut, 201: CertificateOut, **ERRORS})
def register_certificate(request, payload: CertificateIn):
    """The official's token certificate (the agent sends it when it starts): kept once, returned if known."""
    text = payload.certificate.strip()
    try:
        data = text.encode() if text.startswith("-----BEGIN") else base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise ValidationFailed(_("The certificate is not base64."), code="bad_certificate") from exc
    fingerprint = facts(load_certificate(data))["fingerprint"]
    known = Certificate.objects.filter(
        purpose=Certificate.Purpose.SIGNING, user=request.user, fingerprint=fingerprint
    ).first()
    if known is not None:
        return 200, _certificate_out(known)
    record = services.certificate_add(actor=request.user, data=data, purpose="signing", user=request.user)
    return 201, _certificate_out(record)


@router.get("/requests", response={200: list[RequestOut], **ERRORS})
def pending_requests(request):
    """The personal signatures waiting for this user's token, oldest first."""
    return [_request_out(r) for r in services.pending_for(request.user).select_related("certificate")]


def _own(request, request_id: int) -> SigningRequest:
    found = (
        SigningRequest.objects.filter(pk=request_id, user=request.user).select_related("certificate").first()
    )
    if found is None:
        raise NotFound(_("No such signing request."))
    return found


@router.post("/requests/{int:request_id}", response={200: DoneOut, **ERRORS})
def complete_request(request, request_id: int, payload: SignatureIn):
    signing = _own(request, request_id)
    services.signing_request_complete(
        actor=request.user, request=signing, signature=services.signature_value_from_text(payload.signature)
    )
    return {"id": signing.pk, "status": SigningRequest.Status.DONE}


@router.post("/requests/{int:request_id}/fail", response={200: DoneOut, **ERRORS})
def fail_request(request, request_id: int, payload: FailureIn):
    """The agent could not sign (token absent, PIN locked, the official refused): the reason is shown."""
    signing = signing_request_fail(
        actor=request.user, request=_own(request, request_id), reason=payload.reason
    )
    return {"id": signing.pk, "status": signing.status}
