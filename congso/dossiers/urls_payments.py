from django.urls import path

from . import views_payments

app_name = "payments"

urlpatterns = [
    path("sandbox/", views_payments.sandbox, name="sandbox"),
    path("ket-qua/<slug:provider>/", views_payments.provider_return, name="return"),
]
