"""congso portal: the outbox towards the national public-service portal (docs/dossiers.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count

from congso.dossiers.models import PortalSync
from congso.dossiers.services.portal import portal_retry


class Command(BaseCommand):
    help = "Đồng bộ Cổng Dịch vụ công quốc gia: xem hàng đợi (status), gửi lại (retry [--failed])."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Số bản ghi chờ gửi, đã gửi, bỏ cuộc")
        retry = sub.add_parser("retry", help="Gửi ngay các bản ghi đến hạn")
        retry.add_argument("--failed", action="store_true", help="Gửi lại cả các bản ghi đã bỏ cuộc")

    def handle(self, *args, **options):
        if not settings.CONGSO_PORTAL_URL:
            self.stdout.write(
                "Chưa cấu hình CONGSO_PORTAL_URL: không đồng bộ với Cổng Dịch vụ công quốc gia."
            )
        if options["action"] == "retry":
            result = portal_retry(include_failed=options["failed"])
            self.stdout.write(f"Đã gửi: {result['sent']} · chưa gửi được: {result['failed']}")
        states = dict(PortalSync.objects.values_list("state").annotate(n=Count("pk")))
        self.stdout.write(
            f"Chờ gửi {states.get('pending', 0)} · đã gửi {states.get('sent', 0)} · bỏ cuộc {states.get('failed', 0)}"
        )
        last = PortalSync.objects.filter(state="failed").order_by("-pk").first()
        if last is not None:
            self.stdout.write(f"Lỗi gần nhất ({last.dossier_id}): {last.last_error}")
