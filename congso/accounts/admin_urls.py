from django.urls import path

from . import views

app_name = "admin_pages"

urlpatterns = [
    path("nhat-ky/", views.audit_log, name="audit_log"),
]
