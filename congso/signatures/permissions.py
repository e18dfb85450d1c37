"""Who may manage certificates, keys and images, and who signs. The one place these rules live.

- The trust store (roots and intermediates every validation trusts): system administrators.
- An agency's signing certificates, keys and seal: its agency administrators (and system administrators). Nobody
  else, the agency's leaders included, can see a key's settings; the key signs only through the issue flow.
- An official's own certificate and signature image: that official (a staff account) alone.
- A certificate signs only while it is valid, not revoked, in use and meant for signing (`signing_problem`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.permissions import is_staff_member, is_system_admin
from congso.core.roles import Role

from .models import Certificate

SIGNING_USAGES = {"digitalSignature", "nonRepudiation"}


def can_manage_trust_store(user: Any) -> bool:
    return is_system_admin(user)


def can_manage_agency(user: Any, agency_id: int | None) -> bool:
    return agency_id is not None and (
        is_system_admin(user)
        or (is_staff_member(user) and user.has_role(Role.AGENCY_ADMIN, agency_id=agency_id))
    )


def can_manage_personal(user: Any, owner: Any) -> bool:
    return is_staff_member(user) and owner is not None and user.pk == owner.pk


def managed_agency_ids(user: Any) -> set[int]:
    if not is_staff_member(user):
        return set()
    return set(user.agency_ids_with_role(Role.AGENCY_ADMIN))


def signing_problem(record: Certificate, at: datetime | None = None) -> str:
    """Why this certificate cannot sign now, in words for the user; "" when it can."""
    at = at or timezone.now()
    if record.revoked_at is not None:
        return _("The certificate %(name)s was revoked on %(date)s.") % {
            "name": record.common_name,
            "date": timezone.localtime(record.revoked_at).strftime("%d/%m/%Y"),
        }
    if at < record.not_before:
        return _("The certificate %(name)s is not valid before %(date)s.") % {
            "name": record.common_name,
            "date": timezone.localtime(record.not_before).strftime("%d/%m/%Y"),
        }
    if at > record.not_after:
        return _("The certificate %(name)s expired on %(date)s.") % {
            "name": record.common_name,
            "date": timezone.localtime(record.not_after).strftime("%d/%m/%Y"),
        }
    if record.key_usage and not SIGNING_USAGES & set(record.key_usage):
        return _(
            "The certificate %(name)s is not for signing (its key usage lacks digitalSignature and nonRepudiation)."
        ) % {"name": record.common_name}
    if not record.active:
        return _("The certificate %(name)s is no longer in use.") % {"name": record.common_name}
    return ""
