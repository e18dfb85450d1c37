from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from .registry import menu_items


@lru_cache(maxsize=256)
def _url(name: str) -> str:
    return reverse(name)


def platform(request):
    context = {"site_name": settings.CONGSO_SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff":
        context["module_menu"] = [(item.label, _url(item.url_name)) for item in menu_items(user)]
    return context
