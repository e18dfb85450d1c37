"""The procedure catalogue (thủ tục hành chính, TTHC): what a citizen can ask for, which agencies handle it, the
papers it needs, how long it takes on each channel, what it costs, and the internal process with each step's share
of the time. The one-stop shop (dossiers) computes every deadline from these rows."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from congso.core.models import TimeStampedModel
from congso.core.roles import Role
from congso.core.text import collation_key, fold

CODE_PATTERN = r"^\d{1,2}\.\d{6}$"  # national codes such as 1.001612


class Sector(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_sort = models.CharField(max_length=800, editable=False, db_index=True)

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_sort = collation_key(self.name)
        super().save(*args, **kwargs)


class LifeEvent(models.Model):
    """A moment of life or of a business (a child is born, getting married, building a house, starting a business)
    and the procedures it takes, as the national public service portal groups them: the citizen's way into the
    catalogue when they do not know a procedure's name. The procedures are named by national code, so that an
    event can be seeded before the catalogue is imported and keeps its list across re-imports; edited in the
    administration."""

    class Audience(models.TextChoices):
        CITIZEN = "citizen", _("Citizens")
        BUSINESS = "business", _("Businesses")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices, default=Audience.CITIZEN)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    procedure_codes = models.JSONField(_("national codes of its procedures"), default=list, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial level")
        COMMUNE = "commune", _("Commune level")

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        WORKING_HOURS = "working_hours", _("working hours")

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Fully online")
        PARTIAL = "partial", _("Partly online")
        NONE = "none", _("Not online")

    code = models.CharField(_("national code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=500)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    agency_kinds = models.JSONField(_("kinds of agencies that handle it"), default=list, blank=True)
    time_unit = models.CharField(
        _("time unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    time_direct = models.DecimalField(_("processing time at the desk"), max_digits=6, decimal_places=1)
    time_online = models.DecimalField(_("processing time online"), max_digits=6, decimal_places=1)
    time_postal = models.DecimalField(_("processing time by post"), max_digits=6, decimal_places=1)
    online_level = models.CharField(_("online service"), max_length=8, choices=OnlineLevel.choices)
    partial_reason = models.CharField(_("why only partly online"), max_length=500, blank=True)
    pause_on_supplement = models.BooleanField(
        _("pause the clock during a supplement"),
        default=False,
        help_text=_("Off: the time limit restarts from zero when the complete dossier arrives (the rule)."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    result_papers = models.TextField(_("results"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    # Vietnamese alphabetical order (a ă â b c d đ …, tones after letters): byte order puts "Đăng ký" after "Z".
    name_sort = models.CharField(max_length=2000, editable=False, blank=True)

    class Meta:
        ordering = ["sector__name_sort", "name_sort"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(time_direct__gt=0, time_online__gt=0, time_postal__gt=0),
                name="procedure_times_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name} {self.sector.name if self.sector_id else ''}")
        self.name_sort = collation_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/thu-tuc/{self.code}/"

    def time_for(self, channel: str) -> Decimal:
        return {"direct": self.time_direct, "online": self.time_online, "postal": self.time_postal}[channel]

    @property
    def total_fees(self) -> int:
        return sum(fee.amount for fee in self.fees.all())


class RequiredPaper(models.Model):
    """A paper of the dossier (thành phần hồ sơ): originals and copies, and the e-form fields for online
    submission ([{"name", "label", "type": text|date|number|email|phone|id_number, "required"}])."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("name"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    template = models.FileField(_("template"), upload_to="procedures/templates/", blank=True)
    form_fields = models.JSONField(_("e-form fields"), default=list, blank=True)

    class Meta:
        ordering = ["procedure_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """A step of the internal process, with the unit or role responsible and its share of the time limit (in the
    procedure's time unit). The shares add up to the time limit at the desk; a cross-agency step runs at another
    agency."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("name"), max_length=300)
    responsible = models.CharField(_("responsible unit"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    share = models.DecimalField(_("share of the time"), max_digits=6, decimal_places=1)
    cross_agency = models.BooleanField(_("at another agency"), default=False)

    class Meta:
        ordering = ["procedure_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProcedureFee(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (phí)")
        CHARGE = "charge", _("Charge (lệ phí)")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    amount = models.PositiveIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["procedure_id", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đ"
