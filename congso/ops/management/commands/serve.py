import os
import re
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def control_socket_path(bind: str) -> Path:
    """The control socket of the instance serving `bind`, under CONGSO_DATA_DIR/run (one per data directory and
    address, so two instances never share one)."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", bind).strip("-") or "default"
    folder = Path(settings.DATA_DIR) / "run"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / f"gunicorn-{name}.ctl"


class Command(BaseCommand):
    help = "Chạy máy chủ web production (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CONGSO_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))
        parser.add_argument("--timeout", type=int, default=60)

    def handle(self, *args, **options):
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            # The application is loaded once in the master and forked: a worker recycled after --max-requests
            # is back in milliseconds instead of re-importing Django (which showed as a one-second p95 under load).
            "--preload",
            "--max-requests",
            "5000",
            "--max-requests-jitter",
            "500",
            "--forwarded-allow-ips",
            "127.0.0.1",
            # gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl): a second instance
            # on the host took it over and removed the first's. Each instance gets its own, in its data directory.
            "--control-socket",
            str(control_socket_path(options["bind"])),
        ]
        self.stdout.write(
            f"Công Sở: gunicorn tại http://{options['bind']} ({options['workers']} tiến trình), "
            f"CSDL {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
        )
        self.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
