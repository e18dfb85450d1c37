"""Who may receive dossiers. Since 01/7/2025 a one-stop officer at any desk of the province receives any procedure;
the dossier is routed to the competent agency."""

from __future__ import annotations

from typing import Any

from congso.core.roles import Role


def can_receive_at(user: Any, agency_id: int) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "kind", "") == "staff"
        and user.has_role(Role.ONE_STOP_OFFICER, agency_id=agency_id)
    )
