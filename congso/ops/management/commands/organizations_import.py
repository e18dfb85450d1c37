import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congso.core.errors import ApplicationError
from congso.organizations.services import organizations_import


class Command(BaseCommand):
    help = "Nhập cây tổ chức từ tệp JSON hoặc CSV (tất cả hoặc không gì cả)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=["json", "csv"])

    def handle(self, *args, **options):
        path = Path(options["path"])
        fmt = options["format"] or path.suffix.lstrip(".").lower()
        try:
            counts = organizations_import(actor=None, content=path.read_text(encoding="utf-8"), fmt=fmt)
        except ApplicationError as exc:
            raise CommandError(
                f"{exc.message}\n{json.dumps(exc.details, ensure_ascii=False, indent=1)}"
            ) from exc
        self.stdout.write(self.style.SUCCESS(json.dumps(counts, ensure_ascii=False)))
