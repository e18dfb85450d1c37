from datetime import date

import factory

from congso.organizations.models import AdministrativeArea, Agency, AgencyName, Unit


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeArea

    code = factory.Sequence(lambda n: f"A{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = "commune"
    valid_from = date(2020, 1, 1)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử Nghiệm {n}")
    short_name = "UBND"
    organ_id = factory.Sequence(lambda n: f"H98.{n:02d}")
    kind = "commune_committee"
    valid_from = date(2020, 1, 1)

    @factory.post_generation
    def current_name(obj, create, extracted, **kwargs):
        if create:
            AgencyName.objects.create(
                agency=obj, name=obj.name, short_name=obj.short_name, valid_from=obj.valid_from
            )


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng Nghiệp vụ {n}")
    short_name = factory.Sequence(lambda n: f"NV{n}")
    valid_from = date(2020, 1, 1)
