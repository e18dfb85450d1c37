"""/api/v1/accounts: the current user, users, memberships and personal access tokens."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from congso.core.api_base import ErrorOut, InputSchema, PageNumber
from congso.core.roles import Role

from . import services
from .selectors import membership_get, membership_list, token_list, user_get, user_list

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    id: int
    user_id: int
    agency_id: int
    agency_name: str
    unit_id: int | None
    position_title: str
    roles: list[str]
    start_date: date
    end_date: date | None

    @staticmethod
    def resolve_agency_name(obj) -> str:
        return obj.agency.name


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    kind: str
    is_active: bool


class MeOut(UserOut):
    memberships: list[MembershipOut]
    acting_membership_id: int | None


class MembershipIn(InputSchema):
    user_id: int
    agency_id: int
    unit_id: int | None = None
    position_title: str
    roles: list[Role]
    start_date: date | None = None


class RolesIn(InputSchema):
    roles: list[Role]


class TokenIn(InputSchema):
    name: str
    expires_in_days: int = Field(90, ge=1, le=366)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    acting = getattr(request, "membership", None)
    return {
        **{f: getattr(user, f) for f in ("id", "username", "full_name", "email", "kind", "is_active")},
        "memberships": user.active_memberships(),
        "acting_membership_id": acting.pk if acting else None,
    }


@router.get("/users", response=list[UserOut])
@paginate(PageNumber)
def list_users(request, q: str = "", agency_id: int | None = None, role: str = ""):
    return user_list(user=request.user, query=q, agency_id=agency_id, role=role)


@router.get("/users/{int:user_id}", response={200: UserOut, 404: ErrorOut})
def get_user(request, user_id: int):
    return user_get(user=request.user, pk=user_id)


@router.get("/memberships", response=list[MembershipOut])
@paginate(PageNumber)
def list_memberships(request, agency_id: int | None = None, active_only: bool = True):
    return membership_list(user=request.user, agency_id=agency_id, active_only=active_only)


@router.post("/memberships", response={201: MembershipOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def create_membership(request, payload: MembershipIn):
    from congso.organizations.models import Agency, Unit

    target_user = user_get(user=request.user, pk=payload.user_id) if payload.user_id else None
    agency = get_object_or_404(Agency, pk=payload.agency_id)
    unit = get_object_or_404(Unit, pk=payload.unit_id) if payload.unit_id else None
    membership = services.membership_create(
        actor=request.user,
        user=target_user,
        agency=agency,
        unit=unit,
        position_title=payload.position_title,
        roles=[str(r.value) for r in payload.roles],
        start_date=payload.start_date,
    )
    return 201, membership


@router.put(
    "/memberships/{int:membership_id}/roles",
    response={200: MembershipOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def set_roles(request, membership_id: int, payload: RolesIn):
    membership = membership_get(user=request.user, pk=membership_id)
    return services.membership_set_roles(
        actor=request.user, membership=membership, roles=[str(r.value) for r in payload.roles]
    )


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    return list(token_list(user=request.user))


@router.post("/tokens", response={201: TokenCreatedOut, 403: ErrorOut, 422: ErrorOut})
def create_token(request, payload: TokenIn):
    """A new token, from a signed-in session only (with the second factor where required): a token cannot mint
    another, so a leaked token cannot outlive its own expiry. At most 366 days."""
    token, raw = services.token_create(
        user=request.user,
        name=payload.name,
        expires_in_days=payload.expires_in_days,
        from_token=getattr(request, "congso_token_auth", False),
    )
    token.token = raw
    return 201, token


@router.delete("/tokens/{int:token_id}", response={204: None, 422: ErrorOut})
def revoke_token(request, token_id: int):
    services.token_revoke(user=request.user, token_id=token_id)
    return 204, None
