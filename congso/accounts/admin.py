from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, MembershipRole, PersonalAccessToken, User


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "email", "kind", "is_active")
    list_filter = ("kind", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    ordering = ("full_name_sort",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin", {"fields": ("full_name", "email", "phone", "kind")}),
        ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Thời gian", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "kind", "password1", "password2"),
            },
        ),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "position_title", "agency", "unit", "start_date", "end_date")
    list_filter = ("role_rows__role",)
    search_fields = ("user__full_name", "user__username", "position_title", "agency__name")
    raw_id_fields = ("user", "agency", "unit")
    inlines = [MembershipRoleInline]


@admin.register(PersonalAccessToken)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash")
