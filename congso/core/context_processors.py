from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from .registry import menu_items


@lru_cache(maxsize=256)
def _url(name: str) -> str:
    return reverse(name)


def menu_groups(user) -> list[dict]:
    """The staff menu: one entry per group (a drop-down) or per lone item, in the items' order."""
    groups: list[dict] = []
    by_label: dict[str, dict] = {}
    for item in menu_items(user):
        link = {"label": item.label, "url": _url(item.url_name), "code": item.code}
        if not item.group:
            groups.append({"label": item.label, "url": link["url"], "items": [], "code": item.code})
            continue
        key = str(item.group)
        if key not in by_label:
            by_label[key] = {"label": item.group, "url": "", "items": [], "code": item.code.split(".")[0]}
            groups.append(by_label[key])
        by_label[key]["items"].append(link)
    return groups


def platform(request):
    context = {"site_name": settings.CONGSO_SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff":
        context["menu_groups"] = menu_groups(user)
    return context
