"""Reads of users and memberships; every list is filtered through permissions.visible_*."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congso.core.errors import NotFound
from congso.core.text import clean_text, fold
from congso.organizations.models import AdministrativeArea

from .models import Membership, PersonalAccessToken, User, active_q
from .permissions import visible_memberships, visible_users


def user_list(*, user: Any, query: str = "", agency_id: int | None = None, role: str = "") -> QuerySet[User]:
    qs = visible_users(user)
    if query:
        term = clean_text(query)
        qs = qs.filter(search_folded__contains=fold(term))
    if agency_id:
        qs = qs.filter(memberships__agency_id=agency_id)
    if role:
        qs = qs.filter(memberships__role_rows__role=role)
    return qs.distinct().order_by("full_name_sort", "pk")


def user_get(*, user: Any, pk: int) -> User:
    found = visible_users(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy người dùng.")
    return found


def membership_list(
    *, user: Any, agency_id: int | None = None, active_only: bool = True
) -> QuerySet[Membership]:
    qs = visible_memberships(user).select_related("user", "agency", "unit").prefetch_related("role_rows")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if active_only:
        qs = qs.filter(active_q())
    return qs.order_by("agency_id", "unit_id", "user__full_name_sort", "pk")


def membership_get(*, user: Any, pk: int) -> Membership:
    found = visible_memberships(user).select_related("user", "agency", "unit").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy vị trí công tác.")
    return found


def token_list(*, user: Any) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user)


def user_by_login(login: str) -> User | None:
    """The account a sign-in name designates: username or email, case-insensitive (not permission-scoped:
    used only by authentication and its audit)."""
    if not login:
        return None
    return User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).order_by("pk").first()


def user_for_token(raw: str) -> User | None:
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=PersonalAccessToken.hash(raw))
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    return token.user


def colleagues(*, agency_id: int, unit_id: int | None = None, role: str = "") -> QuerySet[User]:
    """Active staff of an agency (optionally of one unit, optionally holding a role), for pickers and for
    other modules' checks. Not permission-scoped: callers decide who may see the list."""
    memberships = Membership.objects.active().filter(agency_id=agency_id)
    if unit_id:
        memberships = memberships.filter(unit_id=unit_id)
    if role:
        memberships = memberships.filter(role_rows__role=role)
    return User.objects.filter(
        is_active=True, kind=User.Kind.STAFF, pk__in=memberships.values("user_id")
    ).order_by("full_name_sort", "pk")


def user_get_active_member(*, pk: Any, agency_id: int, unit_id: int | None = None) -> User | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return colleagues(agency_id=agency_id, unit_id=unit_id).filter(pk=pk).first()


def unit_heads(*, unit: Any) -> list[User]:
    return list(colleagues(agency_id=unit.agency_id, unit_id=unit.pk, role="unit_head"))


LIVING_AREA_KINDS = ("commune", "ward", "special_zone")


def living_areas() -> list[Any]:
    """The communes, wards and special zones in force, in Vietnamese order: where a citizen can say they live."""
    return list(
        AdministrativeArea.objects.filter(valid_to__isnull=True, kind__in=LIVING_AREA_KINDS)
        .select_related("parent")
        .order_by("name_sort")
    )
