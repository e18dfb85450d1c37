from django.urls import path

from . import views_public, views_stats

app_name = "lookup"

urlpatterns = [
    path("", views_public.lookup, name="lookup"),
    path("ket-qua/", views_public.lookup_result, name="result"),
    path("danh-gia/", views_public.rate, name="rate"),
    path("thong-ke/", views_stats.board, name="board"),
]
