from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from congso.ops.backup import backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đã tải lên vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "target", nargs="?", help="Đường dẫn tệp sao lưu (mặc định: backups/congso-<thời điểm>.tar.gz)"
        )

    def handle(self, *args, **options):
        target = Path(options["target"] or f"backups/congso-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup_create(target)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {sum(manifest['rows'].values())} bản ghi và {len(manifest['files'])} tệp vào {target}"
            )
        )
