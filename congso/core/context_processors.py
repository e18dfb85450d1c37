from django.conf import settings


def platform(request):
    return {"site_name": settings.CONGSO_SITE_NAME}
