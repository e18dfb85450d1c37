"""Signing on behalf of an agency, and the official's appearance, as the modules that issue papers use them:
documents (the leader signs through the agent, the clerk numbers, the agency signs) and the one-stop shop.

Every signed file carries a verification code (and a QR code to the public page /xac-thuc/<code>/), drawn at the
bottom left of page 1; the record of each signature is kept (IssuedSignature) and audited."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed
from congso.core.services import audit_log

from ..models import IssuedSignature, SignatureImage, new_code
from ..selectors import signature_image
from . import appearance as layout
from .keys import agency_signer, close
from .pdf import FIELD_AGENCY, FIELD_PERSONAL, Appearance, check_pdf, sign_pdf
from .remote import record_signature

MM = layout.MM


def personal_appearance(
    *, user: Any, pdf: bytes, signer_name: str, position: dict[str, Any] | None
) -> Appearance:
    check_pdf(pdf)
    image = signature_image(user=user, kind=SignatureImage.Kind.SIGNATURE)
    if image is None:
        raise ValidationFailed(
            _("Upload your signature image (blue, transparent PNG) before signing."),
            code="no_signature_image",
        )
    box = layout.personal_box(pdf, signer_name, position)
    return Appearance(box=box, image=bytes(image.png))


def _field_box(pdf: bytes, name: str) -> layout.Box | None:
    """Where an existing signature field sits (the leader's, to put the seal against it)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    form = reader.root.get("/AcroForm")
    if form is None:
        return None
    pages = [page.idnum if hasattr(page, "idnum") else None for page in _page_refs(reader)]
    for ref in form.get_object().get("/Fields", []):
        field = ref.get_object()
        if str(field.get("/T")) == name and "/Rect" in field:
            x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
            page_ref = field.get_value_as_reference("/P") if "/P" in field else None
            page = pages.index(page_ref.idnum) if page_ref is not None and page_ref.idnum in pages else -1
            return layout.Box(page, min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    return None


def _page_refs(reader: Any) -> list[Any]:
    refs = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        refs.append(reader.find_page_for_modification(index)[0])
    return refs


def _verification_stamp(code: str) -> layout.Stamp:
    return layout.Stamp(
        layout.Box(0, 20 * MM, 6 * MM, 20 * MM + 110 * MM, 6 * MM + 14 * MM),
        f"Mã xác thực: {code}\nKiểm tra tại {settings.CONGSO_PUBLIC_URL.rstrip('/')}/xac-thuc/{code}/",
        8,
        "Regular",
        qr=f"{settings.CONGSO_PUBLIC_URL.rstrip('/')}/xac-thuc/{code}/",
    )


def agency_sign(
    *,
    actor: Any,
    agency_id: int,
    agency_name: str,
    pdf: bytes,
    mode: str,
    target: str,
    subject: str,
    reference: str = "",
    stamps: list[layout.Stamp] | None = None,
    signer_name: str = "",
    position: dict[str, Any] | None = None,
    public: bool = False,
    code: str | None = None,
) -> tuple[bytes, IssuedSignature]:
    """The agency's signature with its key on the server. `mode`: "seal" (the seal image against the leader's
    signature), "attachment" (top right of page 1, no image: number and symbol, agency, time in ISO 8601) or
    "paper" (a one-stop paper: the seal at the signer's block). The record and the audit entry are written in the
    caller's transaction; `code` lets several files of one issue share a verification code."""
    check_pdf(pdf)
    key, signer = agency_signer(agency_id)
    code = code or new_code()
    extra = [*(stamps or []), _verification_stamp(code)]
    try:
        if mode == "attachment":
            moment = timezone.localtime().replace(microsecond=0).isoformat()
            look = Appearance(
                box=layout.attachment_box(pdf), text=f"{reference}\n{agency_name}\n{moment}", stamps=extra
            )
        else:
            seal = signature_image(agency_id=agency_id, kind=SignatureImage.Kind.SEAL)
            if seal is None:
                raise ValidationFailed(
                    _("The agency has no seal image: its administrator uploads it (red, transparent PNG)."),
                    code="no_seal_image",
                )
            personal = _field_box(pdf, FIELD_PERSONAL) or layout.personal_box(pdf, signer_name, position)
            box = layout.seal_box(personal, float(seal.width_mm), float(seal.height_mm))
            look = Appearance(box=box, image=bytes(seal.png), stamps=extra)
        signed = sign_pdf(pdf, signer=signer, field_name=FIELD_AGENCY, appearance=look, reason=subject[:200])
    finally:
        close(signer)
    record = record_signature(
        code=code,
        kind=IssuedSignature.Kind.AGENCY,
        subject=subject,
        reference=reference,
        target=target,
        agency_id=agency_id,
        certificate=key.certificate,
        signer_name=key.certificate.organization or key.certificate.common_name,
        signed_at=signed.signed_at,
        digest=signed.digest,
        file_sha256=hashlib.sha256(signed.pdf).hexdigest(),
        public=public,
        actor=actor,
    )
    audit_log(
        actor=actor,
        action="signatures.signed",
        object_type="signatures.issuedsignature",
        object_id=record.pk,
        object_repr=subject[:255],
        agency_id=agency_id,
        changes={
            "kind": "agency",
            "mode": mode,
            "target": target,
            "key": key.label,
            "certificate": key.certificate.fingerprint,
            "digest": signed.digest,
        },
    )
    return signed.pdf, record


def image_add(
    *, actor: Any, png: bytes, kind: str, user: Any = None, agency_id: int | None = None
) -> SignatureImage:
    """Keep a signature or seal image: a PNG with transparency, at most 1 MB; its size in millimetres from its
    resolution (a seal is shown at its actual size), else 40 mm wide for a signature and 36 mm for a seal."""
    from PIL import Image, UnidentifiedImageError

    from .. import permissions

    allowed = (
        permissions.can_manage_personal(actor, user)
        if kind == SignatureImage.Kind.SIGNATURE
        else permissions.can_manage_agency(actor, agency_id)
    )
    if not allowed:
        from congso.core.errors import PermissionDenied

        raise PermissionDenied(_("You cannot change this image."))
    if len(png) > 1024 * 1024 or not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationFailed(_("The image must be a PNG file of at most 1 MB."), code="not_png")
    try:
        image = Image.open(io.BytesIO(png))
        if image.width * image.height > 4000 * 4000:
            raise ValidationFailed(_("The image is too large."), code="image_too_large")
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationFailed(_("The image must be a PNG file of at most 1 MB."), code="not_png") from exc
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        raise ValidationFailed(_("The image must have a transparent background."), code="not_transparent")
    dpi = image.info.get("dpi", (0, 0))[0]
    default = 40 if kind == SignatureImage.Kind.SIGNATURE else 36
    width_mm = Decimal(str(round(image.width / dpi * 25.4, 1))) if dpi and dpi > 30 else Decimal(default)
    height_mm = (width_mm * image.height / image.width).quantize(Decimal("0.1"))
    owner = {"user": user} if kind == SignatureImage.Kind.SIGNATURE else {"agency_id": agency_id}
    record, _created = SignatureImage.objects.update_or_create(
        kind=kind, **owner, defaults={"png": png, "width_mm": width_mm, "height_mm": height_mm}
    )
    audit_log(
        actor=actor,
        action=f"signatures.{kind}_image_set",
        obj=record,
        object_repr=kind,
        agency_id=agency_id,
        changes={"sha256": hashlib.sha256(png).hexdigest(), "width_mm": str(width_mm)},
    )
    return record
