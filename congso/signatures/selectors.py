"""Reads of signatures: what the public verification page may show for a code, and the certificates a person
may see (their own; an agency's for its administrators; the trust store for everyone staff)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.work import WorkEntry

from .models import Certificate, IssuedSignature, SignatureImage, SigningKey, SigningRequest
from .permissions import managed_agency_ids, signing_problem


def signatures_for_code(*, code: str) -> list[dict[str, Any]]:
    """The signatures a verification code names, as the public page shows them: who (name and organisation from
    the certificate), when, which file (its SHA-256); what was signed only when the document is not secret."""
    rows = (
        IssuedSignature.objects.filter(code=code.strip().upper()[:12])
        .select_related("certificate", "agency")
        .order_by("signed_at", "pk")
    )
    return [
        {
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "signer": row.signer_name,
            "organization": row.certificate.organization,
            "issuer": row.certificate.issuer,
            "agency": row.agency.name,
            "signed_at": row.signed_at,
            "subject": row.subject if row.public else "",
            "reference": row.reference if row.public else "",
            "file_sha256": row.file_sha256,
        }
        for row in rows
    ]


def issued_file(*, content: bytes) -> IssuedSignature | None:
    """The platform's own record of exactly this file (the last signature made on it), if it issued it."""
    digest = hashlib.sha256(content).hexdigest()
    return IssuedSignature.objects.filter(file_sha256=digest).order_by("-signed_at").first()


def trust_store() -> QuerySet:
    """The roots and intermediates every validation trusts."""
    return Certificate.objects.exclude(purpose=Certificate.Purpose.SIGNING)


def certificate_rows(queryset: QuerySet) -> list[Any]:
    """Certificates as the pages list them: each with why it cannot sign (`problem`) and whether it ends within
    the warning window (`expiring`)."""
    soon = timezone.now() + timedelta(days=settings.CONGSO_CERTIFICATE_WARNING_DAYS)
    rows = list(queryset)
    for row in rows:
        row.problem = signing_problem(row) if row.purpose == Certificate.Purpose.SIGNING else ""
        row.expiring = row.not_after <= soon
    return rows


def signature_image(*, kind: str, user: Any = None, agency_id: int | None = None) -> SignatureImage | None:
    """An official's signature image (`user`) or an agency's seal (`agency_id`)."""
    if user is not None:
        return SignatureImage.objects.filter(kind=kind, user=user).first()
    return SignatureImage.objects.filter(kind=kind, agency_id=agency_id).first()  # type: ignore[misc]


def signing_keys_of(*, agency_id: int) -> QuerySet:
    return SigningKey.objects.filter(agency_id=agency_id).select_related("certificate")


def signing_requests_of(*, user: Any, target: str = "") -> QuerySet:
    """The person's own signing requests, newest first (one target's, when given)."""
    queryset = SigningRequest.objects.filter(user=user)
    return queryset.filter(target=target) if target else queryset


def managed_agencies(user: Any) -> list[Any]:
    from congso.organizations.models import Agency

    return list(Agency.objects.filter(pk__in=managed_agency_ids(user)).order_by("name"))


def certificates_of(*, user: Any = None, agency_id: int | None = None, purpose: str = "signing") -> QuerySet:
    queryset = Certificate.objects.filter(purpose=purpose)
    if user is not None:
        return queryset.filter(user=user)
    if agency_id is not None:
        return queryset.filter(agency_id=agency_id)
    return queryset.filter(agency__isnull=True, user__isnull=True)


def signature_work(user: Any, limit: int) -> list[WorkEntry]:
    """Certificates to renew (the person's own; their agencies' for agency administrators), in one query: the
    home reads this for every staff member. What waits for the signing agent is on the document's page."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != "staff":
        return []
    from django.db.models import Q

    now = timezone.now()
    soon = now + timedelta(days=settings.CONGSO_CERTIFICATE_WARNING_DAYS)
    agencies = managed_agency_ids(user)
    owner = Q(user=user) | Q(agency_id__in=agencies) if agencies else Q(user=user)
    certificates = Certificate.objects.filter(
        owner, purpose=Certificate.Purpose.SIGNING, active=True, revoked_at__isnull=True, not_after__lte=soon
    ).order_by("not_after")[:limit]
    entries = []
    for certificate in certificates:
        url = (
            reverse("signatures:mine")
            if certificate.user_id
            else reverse("signatures:agency", args=[certificate.agency_id])
        )
        entries.append(
            WorkEntry(
                title=certificate.common_name,
                url=url,
                action=_("Renew the certificate")
                if certificate.not_after > now
                else _("Certificate expired"),
                due=certificate.not_after,
                detail=str(_("Certificate ends")),
            )
        )
    return entries
