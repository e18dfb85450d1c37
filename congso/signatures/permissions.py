"""Who may manage certificates, keys and images, and who signs. The one place these rules live.

- The trust store (roots and intermediates every validation trusts): system administrators.
- An agency's signing certificates, keys and seal: its agency administrators (and system administrators). Nobody
  else, the agency's leaders included, can see a key's settings; the key signs only through the issue flow.
- An official's own certificate and signature image: that official (a staff account) alone.
"""

from __future__ import annotations

from typing import Any

from congso.accounts.permissions import is_staff_member, is_system_admin
from congso.core.roles import Role


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
