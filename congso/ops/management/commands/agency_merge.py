from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from congso.core.errors import ApplicationError
from congso.organizations.selectors import agency_get_by_organ_id
from congso.organizations.services import agency_merge


class Command(BaseCommand):
    help = "Sáp nhập các cơ quan (theo mã định danh) vào một cơ quan đang hoạt động, từ một ngày hiệu lực."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", action="append", required=True, help="organ_id của cơ quan bị sáp nhập (lặp lại)"
        )
        parser.add_argument("--target", required=True, help="organ_id của cơ quan tiếp nhận")
        parser.add_argument("--date", required=True, help="Ngày hiệu lực dd/mm/yyyy")
        parser.add_argument("--legal-basis", default="")

    def handle(self, *args, **options):
        try:
            day = datetime.strptime(options["date"], "%d/%m/%Y").date()
        except ValueError as exc:
            raise CommandError("Ngày hiệu lực phải có dạng dd/mm/yyyy") from exc

        def find(organ_id):
            agency = agency_get_by_organ_id(organ_id=organ_id)
            if agency is None:
                raise CommandError(f"Không có cơ quan đang hoạt động với mã {organ_id}")
            return agency

        try:
            target = agency_merge(
                actor=None,
                sources=[find(o) for o in options["source"]],
                target=find(options["target"]),
                effective_date=day,
                legal_basis=options["legal_basis"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sáp nhập vào {target.name} từ {day:%d/%m/%Y}."))
