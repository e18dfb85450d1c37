"""Who may read and change the procedure catalogue. The catalogue is public (citizens read it before they apply);
changing it is for system administrators (the provincial office keeps the province's list)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congso.core.roles import Role

from .models import Procedure


def can_manage_catalogue(user: Any) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.has_role(Role.SYSTEM_ADMIN)
    )


def visible_procedures(user: Any) -> QuerySet[Procedure]:
    qs = Procedure.objects.all()
    return qs if can_manage_catalogue(user) else qs.filter(active=True)
