"""Users (staff, citizens, organisations), memberships with roles (kiêm nhiệm), personal access tokens."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from congso.core.roles import Role
from congso.core.text import clean_text, fold, person_sort_key


def membership_cache_key(user_id: int) -> str:
    return f"congso:memberships:{user_id}"


def user_cache_key(user_id: int) -> str:
    return f"congso:user:{user_id}"


def forget_memberships(*user_ids: int) -> None:
    """Drop cached membership snapshots (see CONGSO_ACCOUNT_CACHE_SECONDS); services call this on every
    change to memberships or roles."""
    cache.delete_many([membership_cache_key(pk) for pk in user_ids])


class CongSoUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=self.model.normalize_username(username))


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Civil servant")
        CITIZEN = "citizen", _("Citizen")
        ORGANIZATION = "organization", _("Organisation or business")

    kind = models.CharField(_("account kind"), max_length=16, choices=Kind.choices, default=Kind.STAFF)
    full_name = models.CharField(_("full name"), max_length=150)
    full_name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    # Folded (core.text.fold) name, login and e-mail, for the people search: "dang thi huong" finds "Đặng Thị Hương".
    search_folded = models.CharField(max_length=600, editable=False, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    # A citizen's commune or ward of residence (their account page): the competent agency of a procedure is
    # proposed from it when they apply online (dossiers.selectors.agency_for_area).
    home_area = models.ForeignKey(
        "organizations.AdministrativeArea",
        verbose_name=_("where you live"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CongSoUserManager()  # type: ignore[misc]
    REQUIRED_FIELDS = ["email"]  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name_sort"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="username_unique_ci"),
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.full_name = clean_text(self.full_name)
        self.full_name_sort = person_sort_key(self.full_name or self.username)
        self.search_folded = fold(f"{self.full_name} {self.username} {self.email}")[:600]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"full_name", "username", "email"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "full_name_sort", "search_folded"}
        super().save(*args, **kwargs)
        if self.pk and settings.CONGSO_ACCOUNT_CACHE_SECONDS:
            cache.delete(user_cache_key(self.pk))  # the per-request user cache of UsernameOrEmailBackend

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def is_staff_user(self) -> bool:
        return self.kind == self.Kind.STAFF

    @cached_property
    def _active_memberships(self) -> list[Membership]:
        if not self.pk or not self.is_staff_user:
            return []
        ttl = settings.CONGSO_ACCOUNT_CACHE_SECONDS
        key = membership_cache_key(self.pk)
        if ttl:
            cached = cache.get(key)
            if cached is not None:
                return cached
        memberships = list(
            Membership.objects.active()
            .filter(user=self)
            .select_related("agency", "unit")
            .prefetch_related("role_rows")
        )
        for membership in memberships:
            membership.roles  # noqa: B018 - computed before caching
        if ttl:
            cache.set(key, memberships, ttl)
        return memberships

    def active_memberships(self) -> list[Membership]:
        return self._active_memberships

    def has_role(self, role: str, agency_id: int | None = None) -> bool:
        if self.is_superuser and self.is_active and role == Role.SYSTEM_ADMIN:
            return True
        return any(
            role in membership.roles and (agency_id is None or membership.agency_id == agency_id)
            for membership in self._active_memberships
        )

    def agency_ids(self) -> set[int]:
        return {membership.agency_id for membership in self._active_memberships}

    def agency_ids_with_role(self, role: str) -> set[int]:
        return {m.agency_id for m in self._active_memberships if role in m.roles}

    @property
    def needs_two_factor(self) -> bool:
        return self.is_superuser or any(
            Role.SYSTEM_ADMIN in m.roles or Role.AGENCY_ADMIN in m.roles for m in self._active_memberships
        )


def active_q(on: date | None = None) -> Q:
    """Memberships in force on a day (today by default)."""
    day = on or timezone.localdate()
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


class MembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        return self.filter(active_q(on))


class Membership(models.Model):
    """A position a staff member holds in an agency (optionally in a unit), with roles. A person may hold
    several at once (kiêm nhiệm) and switches the acting one in the header."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    position_title = models.CharField(_("position title"), max_length=150)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates",
            )
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit is not None else self.agency.name
        return f"{self.position_title} – {where}"

    @cached_property
    def roles(self) -> list[str]:
        return sorted(row.role for row in self.role_rows.all())

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]

    def role_labels_beyond_title(self) -> list[str]:
        """The roles not already said by the position title ("Văn thư", not "Văn thư · Văn thư")."""
        title = (self.position_title or "").strip().casefold()
        return [label for label in self.role_labels() if label.casefold() != title]

    def agency_name_then(self) -> str:
        """The agency's name as it was when this membership began (old records keep old names)."""
        return self.agency.name_on(self.start_date)


class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="role_rows")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique")]
        indexes = [models.Index(fields=["role"])]

    def __str__(self) -> str:
        return self.role


class PersonalAccessToken(models.Model):
    """A token for scripts calling the API (Authorization: Bearer <token>). Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
