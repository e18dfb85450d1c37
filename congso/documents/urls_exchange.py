from django.urls import path

from . import views_exchange

app_name = "exchange"

urlpatterns = [
    path("goi-tin/", views_exchange.inbound_package, name="package"),
    path("trang-thai/", views_exchange.inbound_status, name="status"),
]
