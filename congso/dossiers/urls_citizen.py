from django.urls import path

from . import views_apply, views_citizen, views_payments

app_name = "citizen"

urlpatterns = [
    path("", views_citizen.mine, name="mine"),
    path("nop/<str:code>/", views_apply.apply, name="apply"),
    path("<int:pk>/", views_citizen.detail, name="detail"),
    path("<int:pk>/sua/", views_apply.apply, name="edit"),
    path("<int:pk>/bo-sung/", views_citizen.supplement, name="supplement"),
    path("<int:pk>/rut/", views_citizen.withdraw, name="withdraw"),
    path("<int:pk>/danh-gia/", views_citizen.rate, name="rate"),
    path("<int:pk>/thanh-toan/", views_payments.pay, name="pay"),
    path("<int:pk>/<slug:what>/", views_citizen.document, name="document"),
    path("<int:pk>/<slug:what>/<int:item>/", views_citizen.document, name="document_item"),
]
