from django.core.management.base import BaseCommand

from congso.organizations.services import organizations_export_csv, organizations_export_json


class Command(BaseCommand):
    help = "Xuất toàn bộ cây tổ chức (JSON hoặc CSV) ra màn hình."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        self.stdout.write(
            organizations_export_json() if options["format"] == "json" else organizations_export_csv()
        )
