"""Warm-up of a web process before it serves: what every process would otherwise load on its first requests (the
URLconf with every view and the API schemas, the translation catalogues, the compiled templates).

`congso serve` runs gunicorn with --preload, and config/wsgi.py calls `warm_up()` in the master, so each worker is
forked warm: a worker recycled after --max-requests answers its first request in milliseconds instead of
several hundred (docs/performance.md). Nothing here touches the database; connections are closed anyway before
the fork, since a connection must never be shared between processes.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def _template_names() -> list[str]:
    names = []
    for engine in engines.all():
        for folder in engine.template_dirs:
            root = Path(folder)
            if str(root).startswith(str(settings.BASE_DIR / "congso")):
                names += [str(path.relative_to(root)) for path in root.rglob("*.html")]
    return sorted(set(names))


def warm_up() -> None:
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 - imports every URLconf, view and API schema, and builds the reverse map
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dossier code")
    for name in _template_names():
        try:
            get_template(name)
        except TemplateSyntaxError:
            logger.exception("Template %s does not compile", name)
    connections.close_all()
    # Everything loaded so far lives as long as the process: keep it out of the garbage collector's full passes
    # (which otherwise walked it all, a pause of tens of milliseconds) and its pages shared after the fork.
    gc.collect()
    gc.freeze()
