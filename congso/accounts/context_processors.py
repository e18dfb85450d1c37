from .permissions import can_view_audit_log


def acting_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "kind", "") != "staff":
        return {}
    return {
        "acting_membership": getattr(request, "membership", None),
        "my_memberships": user.active_memberships(),
        "can_view_audit_log": can_view_audit_log(user),
    }
