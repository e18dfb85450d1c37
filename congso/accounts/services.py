"""Writes to accounts: users, memberships and roles, access tokens, login audit, and the organisation hooks
that move memberships when agencies merge, split or dissolve."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.roles import Role
from congso.core.services import audit_log, notify
from congso.core.text import clean_text, is_nfc
from congso.organizations.models import AdministrativeArea

from .models import Membership, MembershipRole, PersonalAccessToken, User, forget_memberships
from .permissions import can_create_users, can_manage_memberships, is_system_admin
from .selectors import LIVING_AREA_KINDS, user_by_login, user_for_token


def _normalise_username(value: str) -> str:
    username = unicodedata.normalize("NFKC", value or "").strip()
    if not username:
        raise ValidationFailed(_("Enter a username."), details={"username": [_("This field is required.")]})
    return username


def _memberships_changed(*user_ids: int) -> None:
    """Drop the cached membership snapshots now and again after commit (another worker may re-cache the old
    state before this transaction commits)."""
    forget_memberships(*user_ids)
    transaction.on_commit(partial(forget_memberships, *user_ids))


def _check_roles(roles: list[str], actor: Any) -> list[str]:
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown roles: %(r)s") % {"r": ", ".join(unknown)}, details={"roles": unknown}
        )
    if Role.SYSTEM_ADMIN in roles and actor is not None and not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator may grant the system administrator role."))
    return sorted(set(roles))


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    kind: str = User.Kind.STAFF,
    phone: str = "",
) -> User:
    if actor is not None and not can_create_users(actor):
        raise PermissionDenied(_("You may not create accounts."))
    if not is_nfc(full_name):
        raise ValidationFailed(_("Text must be in Unicode NFC form."), details={"full_name": [_("Not NFC.")]})
    username = _normalise_username(username)
    email = (email or "").strip().lower()
    if User.objects.annotate(u=Lower("username")).filter(u=username.lower()).exists():
        raise ValidationFailed(
            _("The username %(u)s is already taken.") % {"u": username},
            details={"username": [_("Already in use.")]},
        )
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationFailed(
            _("The email address %(e)s is already used by another account.") % {"e": email},
            details={"email": [_("Already in use.")]},
        )
    user = User(
        username=username, full_name=clean_text(full_name), email=email, kind=kind, phone=phone.strip()
    )
    if kind not in User.Kind.values:
        raise ValidationFailed(_("Unknown account kind."), details={"kind": [kind]})
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(exc.messages[0], details={"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValidationFailed.from_django(exc) from exc
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            _("The username or email is already taken."), details={"username": [_("Already in use.")]}
        ) from exc
    audit_log(actor=actor, action="accounts.user_created", obj=user, changes={"kind": kind})
    return user


@transaction.atomic
def membership_create(
    *,
    actor: Any,
    user: User,
    agency: Any,
    position_title: str,
    roles: list[str],
    unit: Any = None,
    start_date: date | None = None,
) -> Membership:
    if actor is not None and not can_manage_memberships(actor, agency.pk):
        raise PermissionDenied(_("You may not manage the staff of this agency."))
    if user.kind != User.Kind.STAFF:
        raise ValidationFailed(
            _("Only staff accounts can hold a position."), details={"user": [_("Not a staff account.")]}
        )
    if not agency.in_force:
        raise ValidationFailed(
            _("The agency is no longer in force."), details={"agency": [_("Not in force.")]}
        )
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationFailed(
            _("The unit belongs to another agency."), details={"unit": [_("Wrong agency.")]}
        )
    title = clean_text(position_title)
    if not title:
        raise ValidationFailed(
            _("Enter the position title."), details={"position_title": [_("This field is required.")]}
        )
    roles = _check_roles(roles, actor)
    membership = Membership.objects.create(
        user=user,
        agency=agency,
        unit=unit,
        position_title=title,
        start_date=start_date or timezone.localdate(),
    )
    MembershipRole.objects.bulk_create([MembershipRole(membership=membership, role=role) for role in roles])
    _memberships_changed(user.pk)
    audit_log(
        actor=actor,
        action="accounts.membership_created",
        obj=membership,
        agency_id=agency.pk,
        changes={"user": user.username, "roles": roles, "unit": unit.pk if unit else None},
    )
    return membership


@transaction.atomic
def membership_set_roles(*, actor: Any, membership: Membership, roles: list[str]) -> Membership:
    if actor is not None and not can_manage_memberships(actor, membership.agency_id):
        raise PermissionDenied(_("You may not manage the staff of this agency."))
    roles = _check_roles(roles, actor)
    before = sorted(membership.role_rows.values_list("role", flat=True))
    if (
        Role.SYSTEM_ADMIN in before
        and Role.SYSTEM_ADMIN not in roles
        and actor is not None
        and not is_system_admin(actor)
    ):
        raise PermissionDenied(_("Only a system administrator may remove the system administrator role."))
    membership.role_rows.all().delete()
    MembershipRole.objects.bulk_create([MembershipRole(membership=membership, role=role) for role in roles])
    _memberships_changed(membership.user_id)
    membership.__dict__.pop("roles", None)
    audit_log(
        actor=actor,
        action="accounts.roles_changed",
        obj=membership,
        agency_id=membership.agency_id,
        changes={"from": before, "to": roles, "user": membership.user.username},
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, end_date: date | None = None) -> Membership:
    if actor is not None and not can_manage_memberships(actor, membership.agency_id):
        raise PermissionDenied(_("You may not manage the staff of this agency."))
    end = end_date or timezone.localdate()
    if end < membership.start_date:
        raise ValidationFailed(
            _("The end date is before the start date."), details={"end_date": [_("Invalid.")]}
        )
    membership.end_date = end
    membership.save(update_fields=["end_date"])
    _memberships_changed(membership.user_id)
    audit_log(
        actor=actor,
        action="accounts.membership_ended",
        obj=membership,
        agency_id=membership.agency_id,
        changes={"end_date": end.isoformat(), "user": membership.user.username},
    )
    return membership


ACTING_MEMBERSHIP_SESSION_KEY = "acting_membership_id"


def membership_switch(*, user: User, session: Any, membership_id: int) -> Membership:
    """Make one of the user's own active memberships the acting one (stored in the session)."""
    for membership in user.active_memberships():
        if membership.pk == membership_id:
            session[ACTING_MEMBERSHIP_SESSION_KEY] = membership.pk
            with transaction.atomic():
                audit_log(
                    actor=user,
                    action="accounts.membership_switched",
                    obj=membership,
                    agency_id=membership.agency_id,
                )
            return membership
    raise PermissionDenied(_("This position is not one of yours."))


@transaction.atomic
def token_create(
    *, user: User, name: str, expires_in_days: int = 90, from_token: bool = False
) -> tuple[PersonalAccessToken, str]:
    """A personal access token; every token expires (1–366 days), and none is made by a request that was itself
    authenticated by a token (security finding 8: a token minted tokens that never expired, past admin 2FA)."""
    if from_token:
        raise PermissionDenied(_("A token cannot create tokens: sign in to create one."))
    name = clean_text(name)
    if not name:
        raise ValidationFailed(_("Give the token a name."), details={"name": [_("This field is required.")]})
    if not isinstance(expires_in_days, int) or not (1 <= expires_in_days <= 366):
        raise ValidationFailed(
            _("A token lasts from 1 to 366 days."), details={"expires_in_days": [_("Invalid.")]}
        )
    raw = "cs_" + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        token_hash=PersonalAccessToken.hash(raw),
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    audit_log(actor=user, action="accounts.token_created", obj=token)
    return token, raw


def token_use(*, raw: str) -> User | None:
    """The active user a personal access token belongs to, recording when it was last used."""
    user = user_for_token(raw)
    if user is not None:
        PersonalAccessToken.objects.filter(token_hash=PersonalAccessToken.hash(raw)).update(
            last_used_at=timezone.now()
        )
    return user


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> None:
    token = PersonalAccessToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise ValidationFailed(_("No such token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(actor=user, action="accounts.token_revoked", obj=token)


# --- Login audit (called from the auth signal receivers in signals.py) ---------------------------------


def _primary_agency(user: Any) -> int | None:
    memberships = (
        user.active_memberships() if user is not None and hasattr(user, "active_memberships") else []
    )
    return memberships[0].agency_id if memberships else None


@transaction.atomic
def audit_login_succeeded(*, user: User) -> None:
    audit_log(actor=user, action="accounts.login", obj=user, agency_id=_primary_agency(user))


def _audit_login_problem(*, action: str, login: str, ip_address: str | None = None) -> User | None:
    """Record a failed or locked-out sign-in against the account the login names, if any."""
    user = user_by_login(login)
    audit_log(
        actor=None,
        action=action,
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        object_repr=login[:255],
        ip_address=ip_address,
        agency_id=_primary_agency(user),
    )
    return user


@transaction.atomic
def audit_login_failed(*, username: str) -> None:
    _audit_login_problem(action="accounts.login_failed", login=username)


@transaction.atomic
def audit_lockout(*, username: str, ip_address: str | None) -> None:
    user = _audit_login_problem(action="accounts.locked_out", login=username, ip_address=ip_address)
    if user is not None:
        notify(
            recipients=[user],
            kind="account.security",
            title=_("Your account was locked"),
            body=_("Several wrong passwords were entered for your account; sign-in is locked for a while."),
            url="/tai-khoan/",
        )


@transaction.atomic
def audit_logout(*, user: User) -> None:
    audit_log(actor=user, action="accounts.logout", obj=user, agency_id=_primary_agency(user))


# --- Hooks: organisation changes move memberships ------------------------------------------------------


def _move_memberships(
    sources: list[Any], target: Any, effective_date: date, actor: Any, unit_map: dict[int, Any]
) -> int:
    moved = 0
    day_before = effective_date - timedelta(days=1)
    for membership in (
        Membership.objects.active(on=day_before).filter(agency__in=sources).prefetch_related("role_rows")
    ):
        roles = membership.roles
        membership.end_date = max(day_before, membership.start_date)
        membership.save(update_fields=["end_date"])
        _memberships_changed(membership.user_id)
        new_unit = unit_map.get(membership.unit_id) if membership.unit_id else None
        successor = Membership.objects.create(
            user_id=membership.user_id,
            agency=target,
            unit=new_unit,
            position_title=membership.position_title,
            start_date=effective_date,
        )
        MembershipRole.objects.bulk_create(
            [MembershipRole(membership=successor, role=role) for role in roles]
        )
        audit_log(
            actor=actor,
            action="accounts.membership_moved",
            obj=successor,
            agency_id=target.pk,
            changes={"from_membership": membership.pk, "from_agency": membership.agency_id},
        )
        moved += 1
    return moved


def memberships_on_agency_merged(*, sources, target, effective_date, actor, unit_map, **_: Any) -> int:
    return _move_memberships(sources, target, effective_date, actor, unit_map)


def memberships_on_agency_split(*, source, targets, effective_date, actor, unit_map, **_: Any) -> int:
    return _move_memberships([source], targets[0], effective_date, actor, unit_map)


def memberships_on_agency_dissolved(*, agency, successor, effective_date, actor, unit_map, **_: Any) -> int:
    if successor is not None:
        return _move_memberships([agency], successor, effective_date, actor, unit_map)
    day_before = effective_date - timedelta(days=1)
    ended = 0
    for membership in Membership.objects.active(on=day_before).filter(agency=agency):
        membership_end(actor=None, membership=membership, end_date=max(day_before, membership.start_date))
        ended += 1
    return ended


# --- Two-factor authentication (TOTP, django-otp) -----------------------------------------------------


def totp_pending_device(*, user: User):
    """The user's unconfirmed TOTP device, if setting up has begun (reads only)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def totp_device_for_setup(*, user: User):
    """The user's unconfirmed TOTP device, created when they start setting up (a POST)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
        audit_log(actor=user, action="accounts.two_factor_setup_started", obj=user)
    return device


def totp_has_confirmed_device(*, user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def totp_confirm_or_verify(*, user: User, token: str):
    """Check a code against the user's confirmed device, or confirm the pending one. Returns the device that
    matched, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for device in TOTPDevice.objects.select_for_update().filter(user=user).order_by("-confirmed", "pk"):
        if device.verify_token(token):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
                audit_log(
                    actor=user,
                    action="accounts.two_factor_enabled",
                    obj=user,
                    agency_id=_primary_agency(user),
                )
            else:
                audit_log(
                    actor=user,
                    action="accounts.two_factor_verified",
                    obj=user,
                    agency_id=_primary_agency(user),
                )
            return device
    audit_log(actor=user, action="accounts.two_factor_failed", obj=user, agency_id=_primary_agency(user))
    return None


@transaction.atomic
def home_area_set(*, user: Any, area_id: int | None) -> User:
    """A citizen's or organisation's commune or ward (None to clear it): in force, and a commune, ward or special
    zone, never a province; audited."""
    if user.kind == User.Kind.STAFF:
        raise PermissionDenied(_("Only citizens' and organisations' accounts have a place of residence."))
    area = None
    if area_id is not None:
        area = AdministrativeArea.objects.filter(
            pk=area_id, valid_to__isnull=True, kind__in=LIVING_AREA_KINDS
        ).first()
        if area is None:
            message = _("Choose a commune or ward from the list.")
            raise ValidationFailed(message, details={"home_area": [message]})
    before = user.home_area_id
    user.home_area = area
    user.save(update_fields=["home_area"])
    audit_log(
        actor=user,
        action="accounts.home_area_set",
        obj=user,
        changes={"home_area": [before, area.pk if area else None]},
    )
    return user
