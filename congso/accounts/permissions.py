"""Who may see and change accounts and memberships, and read the audit log.

- System administrators: everything.
- Agency administrators: the staff and memberships of their own agencies; the audit log of those agencies.
- Other staff: their colleagues in the same agencies (the internal directory), read only.
- Citizens and organisations: only themselves; never any staff page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congso.core.roles import Role
from congso.core.scope import EVERYWHERE

from .models import Membership, User


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_system_admin(user: Any) -> bool:
    return _authenticated(user) and user.has_role(Role.SYSTEM_ADMIN)


def is_staff_member(user: Any) -> bool:
    return _authenticated(user) and user.kind == User.Kind.STAFF


def can_use_django_admin(user: Any) -> bool:
    return is_system_admin(user)


def can_view_audit_log(user: Any) -> bool:
    return is_system_admin(user) or (
        _authenticated(user) and bool(user.agency_ids_with_role(Role.AGENCY_ADMIN))
    )


def audit_scope(user: Any) -> Any:
    """Agency ids whose audit entries `user` may read, or core.scope.EVERYWHERE for a system administrator."""
    if is_system_admin(user):
        return EVERYWHERE
    return sorted(user.agency_ids_with_role(Role.AGENCY_ADMIN)) if _authenticated(user) else []


def can_create_users(user: Any) -> bool:
    return is_system_admin(user) or (
        _authenticated(user) and bool(user.agency_ids_with_role(Role.AGENCY_ADMIN))
    )


def can_manage_memberships(user: Any, agency_id: int) -> bool:
    return is_system_admin(user) or (
        _authenticated(user) and user.has_role(Role.AGENCY_ADMIN, agency_id=agency_id)
    )


def can_manage_user(user: Any, target: User) -> bool:
    if is_system_admin(user):
        return True
    target_agencies = set(Membership.objects.active().filter(user=target).values_list("agency_id", flat=True))
    return bool(target_agencies) and target_agencies <= (
        user.agency_ids_with_role(Role.AGENCY_ADMIN) if _authenticated(user) else set()
    )


def visible_users(user: Any) -> QuerySet[User]:
    if is_system_admin(user):
        return User.objects.all()
    if is_staff_member(user):
        agency_ids = user.agency_ids()
        return User.objects.filter(memberships__agency_id__in=agency_ids).distinct()
    if _authenticated(user):
        return User.objects.filter(pk=user.pk)
    return User.objects.none()


def visible_memberships(user: Any) -> QuerySet[Membership]:
    if is_system_admin(user):
        return Membership.objects.all()
    if is_staff_member(user):
        return Membership.objects.filter(agency_id__in=user.agency_ids())
    return Membership.objects.none()
