"""Django admin for the organisation structure (system administrators only). Structural changes with
history — merge, rename, dissolve — go through the services, here as admin actions."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from congso.core.errors import ApplicationError

from . import services
from .models import AdministrativeArea, Agency, AgencyName, LineageEvent, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "agency"
    fields = ("name", "short_name", "parent", "valid_from", "valid_to")
    extra = 0


class AgencyNameInline(admin.TabularInline):
    model = AgencyName
    extra = 0
    readonly_fields = ("name", "short_name", "valid_from", "valid_to")
    can_delete = False


@admin.register(AdministrativeArea)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "organ_id", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "organ_id")
    raw_id_fields = ("parent", "area")
    inlines = [AgencyNameInline, UnitInline]
    actions = ["merge_into_last_selected"]

    @admin.action(
        description=_("Merge the selected agencies into the one created most recently (effective today)")
    )
    def merge_into_last_selected(self, request, queryset):
        from django.utils import timezone

        agencies = list(queryset.order_by("created_at", "pk"))
        if len(agencies) < 2:
            self.message_user(request, _("Select at least two agencies."), messages.ERROR)
            return
        target, sources = agencies[-1], agencies[:-1]
        try:
            with transaction.atomic():
                services.agency_merge(
                    actor=request.user, sources=sources, target=target, effective_date=timezone.localdate()
                )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _("Merged into %(t)s.") % {"t": target.name}, messages.SUCCESS)


@admin.register(LineageEvent)
class LineageEventAdmin(admin.ModelAdmin):
    list_display = ("kind", "effective_date", "legal_basis")
    list_filter = ("kind",)
