"""The Django admin shows certificates and issued signatures read-only (keys never: their settings are managed
on the agency's page, and the encrypted key never leaves the database)."""

from django.contrib import admin

from .models import Certificate, IssuedSignature


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("common_name", "purpose", "agency", "user", "not_after", "active", "revoked_at")
    list_filter = ("purpose", "active")
    search_fields = ("common_name", "organization", "serial", "fingerprint")
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(IssuedSignature)
class IssuedSignatureAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "signer_name", "reference", "signed_at")
    search_fields = ("code", "reference", "signer_name")
    readonly_fields = [f.name for f in IssuedSignature._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
