from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.agency_index, name="agency_index"),
    path("<int:pk>/", views.agency_detail, name="agency_detail"),
]
