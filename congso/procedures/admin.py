from django.contrib import admin

from .models import LifeEvent, Procedure, ProcedureFee, ProcessStep, RequiredPaper, Sector


class PaperInline(admin.TabularInline):
    model = RequiredPaper
    extra = 0


class StepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0


class FeeInline(admin.TabularInline):
    model = ProcedureFee
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sector", "level", "time_direct", "online_level", "active")
    list_filter = ("level", "online_level", "sector")
    search_fields = ("code", "name")
    inlines = [PaperInline, StepInline, FeeInline]


admin.site.register(Sector)


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ("name", "audience", "order", "active")
    list_filter = ("audience", "active")
