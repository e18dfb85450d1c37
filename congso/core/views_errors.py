from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def denied(request, reason: str = ""):
    """The 403 page with the reason in words and a way back: what every view refusing a person returns."""
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def too_large(request, limit: int):
    """413 for a request body over the limit: the API's error shape under /api/, a page elsewhere."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _

    message = _("The request is larger than %(mb)s MB: send smaller or fewer files.") % {
        "mb": limit // (1024 * 1024)
    }
    if request.path.startswith(("/api/", "/lien-thong/")):
        return JsonResponse({"code": "too_large", "message": message, "details": {}}, status=413)
    return render(request, "413.html", {"message": message}, status=413)
