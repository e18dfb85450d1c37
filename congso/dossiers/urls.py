from django.urls import path

from . import views, views_stats

app_name = "dossiers"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("tiep-nhan/", views.receive, name="receive"),
    path("thong-ke/", views_stats.statistics, name="statistics"),
    path("so-theo-doi/", views_stats.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mau-01/", views.receipt, name="receipt"),
    path("<int:pk>/mau-05/", views.control_sheet, name="control_sheet"),
    path("<int:pk>/mau/<int:form_pk>/", views.issued_form, name="form"),
    path("<int:pk>/ket-qua/", views.result, name="result"),
    path("<int:pk>/giay-to/<int:paper_pk>/", views.paper, name="paper"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
