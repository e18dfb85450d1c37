import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_application = get_wsgi_application()

from congso.core.warmup import warm_up  # noqa: E402 - both need the settings loaded above
from congso.core.wsgi import application_with_stateless_paths  # noqa: E402

application = application_with_stateless_paths(django_application)
warm_up()  # in gunicorn's master (congso serve --preload): every worker is forked warm
