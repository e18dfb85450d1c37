"""Permission matrix: role × relation to the object × action. Grows with every module."""

import pytest

from congso.accounts import permissions as acc
from congso.accounts.models import User
from congso.core.roles import Role
from congso.core.scope import EVERYWHERE
from congso.organizations import permissions as org
from congso.organizations.tests.factories import AgencyFactory

from .factories import CitizenFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

STAFF_ROLES = list(Role.values)
ROLES = [*STAFF_ROLES, "citizen", "anonymous"]
RELATIONS = ["own_agency", "other_agency"]

# Expected answers; everything not listed is False.
ALLOWED = {
    ("view_audit_log", "system_admin", "own_agency"),
    ("view_audit_log", "system_admin", "other_agency"),
    ("view_audit_log", "agency_admin", "own_agency"),
    ("manage_memberships", "system_admin", "own_agency"),
    ("manage_memberships", "system_admin", "other_agency"),
    ("manage_memberships", "agency_admin", "own_agency"),
    ("edit_agency", "system_admin", "own_agency"),
    ("edit_agency", "system_admin", "other_agency"),
    ("edit_agency", "agency_admin", "own_agency"),
    ("change_structure", "system_admin", "own_agency"),
    ("change_structure", "system_admin", "other_agency"),
    ("use_django_admin", "system_admin", "own_agency"),
    ("use_django_admin", "system_admin", "other_agency"),
}
for _role in STAFF_ROLES:
    ALLOWED |= {("view_internal", _role, "own_agency"), ("see_colleague", _role, "own_agency")}
ALLOWED |= {
    ("view_internal", "system_admin", "other_agency"),
    ("see_colleague", "system_admin", "other_agency"),
}


def _actor(role, home):
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    if role == "citizen":
        return CitizenFactory()
    user = UserFactory()
    make_member(user=user, agency=home, roles=[role])
    return User.objects.get(pk=user.pk)


ACTIONS = {
    "view_audit_log": lambda u, a, colleague: (
        acc.audit_scope(u) is EVERYWHERE or a.pk in (acc.audit_scope(u) or [])
    ),
    "manage_memberships": lambda u, a, colleague: acc.can_manage_memberships(u, a.pk),
    "edit_agency": lambda u, a, colleague: org.can_edit_agency(u, a),
    "change_structure": lambda u, a, colleague: org.can_change_structure(u),
    "use_django_admin": lambda u, a, colleague: acc.can_use_django_admin(u),
    "view_internal": lambda u, a, colleague: org.can_view_agency_internal(u, a),
    "see_colleague": lambda u, a, colleague: acc.visible_users(u).filter(pk=colleague.pk).exists(),
}


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, relation):
    home, other = AgencyFactory(), AgencyFactory()
    actor = _actor(role, home)
    target = home if relation == "own_agency" else other
    colleague = make_member(agency=target).user
    for action, check in ACTIONS.items():
        if action == "view_audit_log" and not acc.can_view_audit_log(actor):
            result = False
        else:
            result = bool(check(actor, target, colleague))
        assert result == ((action, role, relation) in ALLOWED), (action, role, relation)


def test_ended_membership_gives_no_rights():
    from datetime import date

    agency = AgencyFactory()
    user = UserFactory()
    membership = make_member(user=user, agency=agency, roles=["agency_admin"], start=date(2020, 1, 1))
    membership.end_date = date(2021, 1, 1)
    membership.save()
    user = User.objects.get(pk=user.pk)
    assert not acc.can_manage_memberships(user, agency.pk)


def test_cached_memberships_follow_role_changes_at_once(settings):
    from congso.accounts import services

    settings.CONGSO_ACCOUNT_CACHE_SECONDS = 60
    membership = make_member(roles=["agency_admin"])
    assert User.objects.get(pk=membership.user_id).has_role("agency_admin")  # now cached
    services.membership_set_roles(actor=None, membership=membership, roles=["specialist"])
    assert not User.objects.get(pk=membership.user_id).has_role("agency_admin")
    from datetime import timedelta

    from django.utils import timezone

    services.membership_end(
        actor=None, membership=membership, end_date=timezone.localdate() - timedelta(days=1)
    )
    assert User.objects.get(pk=membership.user_id).active_memberships() == []
