"""Certificates nearing their end: each owner is told CONGSO_CERTIFICATE_WARNING_DAYS ahead, once per certificate
(an official for their own; the agency administrators for the agency's), and the home page shows it meanwhile."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.services import notify

from ..models import Certificate
from .certificates import expiring

KIND = "signatures.expiry"


def owners(certificate: Certificate) -> list[Any]:
    if certificate.user_id:
        return [certificate.user]
    from congso.accounts.selectors import colleagues

    return list(colleagues(agency_id=certificate.agency_id, role="agency_admin"))  # type: ignore[arg-type]


def certificate_expiry_warn() -> int:
    """Notify the owners of every signing certificate within the warning window not yet warned; the count."""
    warned = 0
    for certificate in expiring().filter(expiry_warned_at__isnull=True).select_related("user", "agency"):
        url = (
            reverse("signatures:mine")
            if certificate.user_id
            else reverse("signatures:agency", args=[certificate.agency_id])
        )
        notify(
            recipients=owners(certificate),
            kind=KIND,
            title=_("The certificate %(name)s ends on %(date)s: renew it with the CA.")
            % {
                "name": certificate.common_name,
                "date": timezone.localtime(certificate.not_after).strftime("%d/%m/%Y"),
            },
            url=url,
            dedup_key=f"certificate-expiry:{certificate.pk}:{certificate.not_after.date().isoformat()}",
        )
        Certificate.objects.filter(pk=certificate.pk).update(expiry_warned_at=timezone.now())
        warned += 1
    return warned
