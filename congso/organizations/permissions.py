"""Who may read and change the organisation structure.

The list of agencies, areas and units is public information (every staff member and citizen may read it);
changing the structure (create, merge, split, dissolve, import) is for system administrators; an agency
administrator may edit the contact details, office hours and units of their own agency.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congso.core.roles import Role

from .models import AdministrativeArea, Agency, Unit


def _is_system_admin(user: Any) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.has_role(Role.SYSTEM_ADMIN)
    )


def can_change_structure(user: Any) -> bool:
    return _is_system_admin(user)


def can_edit_agency(user: Any, agency: Agency) -> bool:
    if _is_system_admin(user):
        return True
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_role(Role.AGENCY_ADMIN, agency_id=agency.pk)
    )


def can_view_agency_internal(user: Any, agency: Agency) -> bool:
    """Internal records of an agency (its staff list, its audit trail) are visible inside the agency only."""
    if _is_system_admin(user):
        return True
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and agency.pk in user.agency_ids()
    )


def visible_agencies(user: Any) -> QuerySet[Agency]:
    return Agency.objects.all()


def visible_areas(user: Any) -> QuerySet[AdministrativeArea]:
    return AdministrativeArea.objects.all()


def visible_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.all()
