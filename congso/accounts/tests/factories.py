from datetime import date

import factory

from congso.accounts.models import Membership, MembershipRole, User
from congso.organizations.tests.factories import AgencyFactory

PASSWORD = "Mật-khẩu-thử-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    kind = User.Kind.STAFF

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()


class CitizenFactory(UserFactory):
    kind = User.Kind.CITIZEN
    username = factory.Sequence(lambda n: f"congdan{n}")


def make_member(
    user=None, agency=None, roles=("specialist",), unit=None, title="Chuyên viên", start=date(2021, 1, 1)
):
    user = user or UserFactory()
    agency = agency or AgencyFactory()
    membership = Membership.objects.create(
        user=user, agency=agency, unit=unit, position_title=title, start_date=start
    )
    for role in roles:
        MembershipRole.objects.create(membership=membership, role=role)
    user.__dict__.pop("_active_memberships", None)
    return membership
