import json

from django.core.management.base import BaseCommand

from congso.procedures.models import Procedure
from congso.procedures.services import procedures_export, procedures_to_csv


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục hành chính ra JSON hoặc CSV (ra màn hình)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        items = procedures_export(procedures=Procedure.objects.all())
        if options["format"] == "csv":
            self.stdout.write(procedures_to_csv(items), ending="")
        else:
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=1))
