import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congso.core.errors import ApplicationError
from congso.procedures.services import procedures_from_csv, procedures_import


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp JSON hoặc CSV (tất cả hoặc không gì cả)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        text = path.read_text(encoding="utf-8-sig")
        items = procedures_from_csv(text) if path.suffix.lower() == ".csv" else json.loads(text)
        try:
            count = procedures_import(actor=None, items=items)
        except ApplicationError as exc:
            raise CommandError(
                f"{exc.message}\n{json.dumps(exc.details, ensure_ascii=False, indent=1)}"
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {count} thủ tục."))
