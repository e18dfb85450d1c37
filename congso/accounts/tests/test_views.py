"""The account page of a citizen: their place of residence (the competent agency is proposed from it)."""

import pytest

from congso.accounts.tests.factories import UserFactory, make_member


def test_a_place_of_residence_is_a_commune_or_ward_in_force_of_a_citizen(db):
    from congso.accounts.services import home_area_set
    from congso.core.errors import PermissionDenied, ValidationFailed
    from congso.core.models import AuditEntry
    from congso.organizations.tests.factories import AreaFactory

    province = AreaFactory(kind="province", code="46")
    ward = AreaFactory(kind="ward", code="19900", parent=province)
    citizen = UserFactory(kind="citizen")
    with pytest.raises(ValidationFailed):
        home_area_set(user=citizen, area_id=province.pk)
    with pytest.raises(PermissionDenied):
        home_area_set(user=make_member().user, area_id=ward.pk)
    assert home_area_set(user=citizen, area_id=ward.pk).home_area == ward
    assert AuditEntry.objects.filter(action="accounts.home_area_set").count() == 1
    assert home_area_set(user=citizen, area_id=None).home_area is None
