"""Pages of core: the personal home page, notifications, notification preferences, the calendar, /healthz."""

from __future__ import annotations

import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import calendar
from .registry import NOTIFICATION_KINDS, public_home_view
from .selectors import notification_channels, notification_list_for_user, notification_unread_count
from .services import notification_mark_read, notification_preferences_save
from .work import gather, totals

logger = logging.getLogger("congso.health")
CHANNELS = ("in_app", "email", "sms")


def home(request):
    """ "/": "Việc của tôi" for the staff — everything waiting for them, gathered from every module (core.work);
    the public home (registered by a module) for anonymous visitors and citizens."""
    user = request.user
    if not user.is_authenticated or getattr(user, "kind", "") != "staff":
        view = public_home_view()
        if view is not None:
            return view(request)
        return redirect_to_login("/") if not user.is_authenticated else redirect("accounts:profile")
    groups = gather(user)
    return render(
        request,
        "core/home.html",
        {
            "groups": groups,
            "totals": totals(groups),
            "today": timezone.localdate(),
            "recent_notifications": notification_list_for_user(user=user)[:5],
        },
    )


@login_required
def work_count(request):
    """The count beside "Việc của tôi" in the menu, loaded after the page (htmx) so no page waits for it."""
    return render(request, "core/_work_count.html", {"totals": totals(gather(request.user))})


@login_required
def notifications(request):
    items = notification_list_for_user(user=request.user, unread_only=request.GET.get("unread") == "1")[:100]
    template = "core/_notification_menu.html" if request.htmx else "core/notifications.html"
    return render(request, template, {"items": items})


@login_required
def notification_badge(request):
    return render(
        request, "core/_notification_badge.html", {"unread": notification_unread_count(user=request.user)}
    )


@login_required
@require_POST
def notifications_mark_read(request):
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()] or None
    notification_mark_read(user=request.user, notification_ids=ids)
    if request.htmx:
        return render(
            request, "core/_notification_badge.html", {"unread": notification_unread_count(user=request.user)}
        )
    return redirect("core:notifications")


@login_required
def notification_preferences(request):
    if request.method == "POST":
        prefs = {
            code: {channel: request.POST.get(f"{code}:{channel}") == "on" for channel in CHANNELS}
            for code in NOTIFICATION_KINDS
        }
        notification_preferences_save(user=request.user, preferences=prefs)
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("core:notification_preferences")
    rows = [
        {"code": code, "label": NOTIFICATION_KINDS[code].label, **channels}
        for code, channels in notification_channels(user=request.user).items()
    ]
    return render(request, "core/notification_preferences.html", {"rows": rows})


@login_required
def calendar_year(request, year: int | None = None):
    year = year or timezone.localdate().year
    if not calendar.FIRST_YEAR <= year <= calendar.LAST_YEAR:
        year = timezone.localdate().year
    days = [
        {"date": day, "name": name, "working": calendar.is_working_day(day)}
        for day, name in calendar.days_off_in_year(year)
    ]
    return render(request, "core/calendar.html", {"year": year, "days": days})


@never_cache
def healthz(request):
    """Database, storage and job queue; 200 when all are fine, 503 otherwise."""
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001
        checks["database"] = {"ok": False, "error": str(exc)[:200]}
    try:
        name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
        checks["storage"] = {"ok": True}
    except Exception as exc:  # noqa: BLE001
        checks["storage"] = {"ok": False, "error": str(exc)[:200]}
    try:
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status="READY").count()
        oldest = (
            DBTaskResult.objects.filter(status="READY")
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        lag = (timezone.now() - oldest).total_seconds() if oldest else 0
        checks["jobs"] = {"ok": True, "waiting": waiting, "oldest_waiting_seconds": int(lag)}
    except Exception as exc:  # noqa: BLE001
        checks["jobs"] = {"ok": False, "error": str(exc)[:200]}
    ok = all(check["ok"] for check in checks.values())
    if not ok:
        logger.warning("health check failed: %s", checks)
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


def trivial(request):
    """The bench harness's reference view: no database, no template."""
    from django.http import HttpResponse

    return HttpResponse(b"ok", content_type="text/plain")
