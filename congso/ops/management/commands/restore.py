from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from congso.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống."

    def add_arguments(self, parser):
        parser.add_argument("source")

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0)
        try:
            manifest = backup_restore(Path(options["source"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {sum(manifest['rows'].values())} bản ghi và {len(manifest['files'])} tệp "
                f"(sao lưu lúc {manifest['created_at']}, CSDL gốc {manifest['database']})."
            )
        )
