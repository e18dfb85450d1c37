from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path

from congso.accounts.permissions import can_use_django_admin
from congso.core import views as core_views

from .api import api

admin.site.site_header = "Công Sở – Quản trị hệ thống"
admin.site.site_title = "Công Sở"
admin.site.has_permission = lambda request: bool(
    request.user.is_active and request.user.is_superuser and can_use_django_admin(request.user)
)
admin.site.login = lambda request, extra_context=None: redirect(
    f"/tai-khoan/dang-nhap/?next={request.get_full_path()}"
)

urlpatterns = [
    path("api/v1/", api.urls),  # first: the public lookup API is the busiest path (docs/performance.md)
    path("", include("congso.core.urls")),
    path("tai-khoan/", include("congso.accounts.urls")),
    path("to-chuc/", include("congso.organizations.urls")),
    path("van-ban/", include("congso.documents.urls")),
    path("lien-thong/", include("congso.documents.urls_exchange")),
    path("thu-tuc/", include("congso.procedures.urls")),
    path("mot-cua/", include("congso.dossiers.urls")),
    path("tra-cuu/", include("congso.dossiers.urls_public")),
    path("xac-thuc/", include("congso.signatures.urls_public")),
    path("chu-ky-so/", include("congso.signatures.urls")),
    path("dich-vu-cong/", include("congso.dossiers.urls_citizen")),
    path("thanh-toan/", include("congso.dossiers.urls_payments")),
    path("quan-tri/", include("congso.accounts.admin_urls")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("bench/trivial", core_views.trivial, name="trivial"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Uploaded files are never served as public static files: each module serves its files through a view that
# checks permissions (docs/adr/0003-files-behind-permission-checks.md).

handler403 = "congso.core.views_errors.forbidden"
handler404 = "congso.core.views_errors.not_found"
