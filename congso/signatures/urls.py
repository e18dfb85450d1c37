from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("co-quan/<int:agency_id>/", views.agency, name="agency"),
    path("tin-cay/", views.trust, name="trust"),
    path("anh/<int:pk>.png", views.image, name="image"),
]
