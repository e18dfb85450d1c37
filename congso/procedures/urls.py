from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_index, name="list"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
