"""Django admin (system administrators only) for the data behind documents: types, registers, exchange peers."""

from django.contrib import admin

from .models import DocumentType, Peer, Register


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "code", "order", "active")
    list_editable = ("order", "active")


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "direction", "secret", "notation_pattern", "active")
    list_filter = ("direction", "secret", "active")
    raw_id_fields = ("agency",)


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "base_url", "active")
