from django.urls import path

from . import views, views_exports, views_ui

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("viec/so-luong/", views.work_count, name="work_count"),
    path("ui/", views_ui.design_system, name="design_system"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/so-chua-doc/", views.notification_badge, name="notification_badge"),
    path("thong-bao/da-doc/", views.notifications_mark_read, name="notifications_mark_read"),
    path("thong-bao/cai-dat/", views.notification_preferences, name="notification_preferences"),
    path("xuat/<uuid:pk>/", views_exports.export_status, name="export"),
    path("xuat/<uuid:pk>/tai-ve/", views_exports.export_download, name="export_download"),
    path("xuat/<uuid:pk>/thu-lai/", views_exports.export_again, name="export_again"),
    path("lich-lam-viec/", views.calendar_year, name="calendar"),
    path("lich-lam-viec/<int:year>/", views.calendar_year, name="calendar_year"),
]
