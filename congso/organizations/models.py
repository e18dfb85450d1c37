"""Administrative areas, agencies and their units, with effective dates, name history and lineage.

Since 01/7/2025 local government has two tiers (province; commune, ward, special zone) and provinces and
communes were merged: every entity here has `valid_from`/`valid_to`, keeps its former names, and records its
predecessors and successors, so that a record made in the past still shows the agency as it was.
"""

from __future__ import annotations

import re
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.calendar import OfficeHours
from congso.core.models import TimeStampedModel
from congso.core.text import collation_key, fold

ORGAN_ID_MAX = 35
# Opaque electronic identifiers: the old 13-character form (000.00.00.H38) and the dotted QĐ 20/2020 form
# (H37.02.02) both occur; we accept any dotted or dashed sequence of ASCII letters and digits.
ORGAN_ID_RE = re.compile(r"^[A-Z0-9]+(?:[.\-_][A-Z0-9]+)*$")


def validate_organ_id(value: str) -> None:
    if not value or len(value) > ORGAN_ID_MAX or not ORGAN_ID_RE.match(value):
        raise ValidationError(
            _(
                "Invalid electronic identifier “%(value)s”: at most 35 letters and digits separated by dots, "
                "e.g. 000.00.00.H38 or H37.02.02."
            ),
            code="invalid_organ_id",
            params={"value": value},
        )


class EffectiveDated(TimeStampedModel):
    valid_from = models.DateField(_("in force from"), default=date(2000, 1, 1))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        abstract = True

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def in_force(self) -> bool:
        return self.valid_to is None

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})


class NameSorted(models.Model):
    """Keeps `name_sort`, the Vietnamese collation key of `name`, so lists can ORDER BY it on any database, and
    `name_folded` (core.text.fold) for searches that ignore diacritics ("dong da" finds "Phường Đống Đa")."""

    name: str
    name_sort = models.CharField(max_length=800, editable=False, db_index=True)
    name_folded = models.CharField(max_length=300, editable=False, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_sort = collation_key(self.name)
        self.name_folded = fold(self.name)[:300]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort", "name_folded"}
        super().save(*args, **kwargs)


class AdministrativeArea(NameSorted, EffectiveDated):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("Centrally governed city")
        DISTRICT = "district", _("District (before 01/7/2025)")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    code = models.CharField(_("area code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="area_code_unique_in_force"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Agency(NameSorted, EffectiveDated):
    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
        COMMITTEE_OFFICE = "committee_office", _("Office of the People's Committee")
        DEPARTMENT = "department", _("Department")
        BOARD = "board", _("Board")
        COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
        PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("Used in document symbols, e.g. UBND, SNV.")
    )
    organ_id = models.CharField(
        _("electronic identifier"), max_length=ORGAN_ID_MAX, validators=[validate_organ_id]
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("area served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    morning_start = models.TimeField(_("morning opens"), default=time(7, 30))
    morning_end = models.TimeField(_("morning closes"), default=time(11, 30))
    afternoon_start = models.TimeField(_("afternoon opens"), default=time(13, 30))
    afternoon_end = models.TimeField(_("afternoon closes"), default=time(17, 0))
    intake_cutoff = models.TimeField(_("intake cut-off"), default=time(15, 0))

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["organ_id"], condition=Q(valid_to__isnull=True), name="organ_id_unique_in_force"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:agency_detail", args=[self.pk])

    def office_hours(self) -> OfficeHours:
        return OfficeHours(
            periods=((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end)),
            intake_cutoff=self.intake_cutoff,
        )

    def _name_version_on(self, day: date) -> AgencyName | None:
        for version in self.name_versions.all():  # uses a prefetch when there is one
            if version.valid_from <= day and (version.valid_to is None or day <= version.valid_to):
                return version
        return None

    def name_on(self, day: date) -> str:
        """The agency's name as it was on `day` (for records made in the past)."""
        version = self._name_version_on(day)
        return version.name if version else self.name

    def short_name_on(self, day: date) -> str:
        """The short name used in document symbols on `day`."""
        version = self._name_version_on(day)
        return version.short_name if version else self.short_name


class AgencyName(models.Model):
    """One version of an agency's name; the current one has valid_to = None."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="name_versions")
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=30)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "valid_from"], name="one_agency_name_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y}–{self.valid_to or ''})"


class Unit(NameSorted, EffectiveDated):
    """A unit (phòng, ban) inside an agency; units may nest."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"),
        max_length=30,
        help_text=_("Used in the symbol of an official letter, e.g. VX in UBND-VX."),
    )

    class Meta:
        ordering = ["agency_id", "name_sort"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "short_name"],
                condition=Q(valid_to__isnull=True),
                name="unit_short_name_unique_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name}" if self.agency_id else self.name


class LineageEvent(TimeStampedModel):
    """One change in the shape of government: a merge, split, rename or dissolution, effective on a date."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Created")
        RENAME = "rename", _("Renamed")
        MERGE = "merge", _("Merged")
        SPLIT = "split", _("Split")
        DISSOLVE = "dissolve", _("Dissolved")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class AgencyLink(models.Model):
    """predecessor → successor, as set by a lineage event."""

    event = models.ForeignKey(LineageEvent, on_delete=models.PROTECT, related_name="agency_links")
    predecessor = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="predecessor_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="agency_link_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="agency_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"


class AreaLink(models.Model):
    event = models.ForeignKey(LineageEvent, on_delete=models.PROTECT, related_name="area_links")
    predecessor = models.ForeignKey(
        AdministrativeArea, on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        AdministrativeArea, on_delete=models.PROTECT, related_name="predecessor_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="area_link_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="area_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"
