from django.core.management import call_command
from django.core.management.base import BaseCommand

from congso.core.services import export_requeue_pending, exports_purge, notification_requeue_pending
from congso.documents.services.axis import schedule_polls
from congso.documents.services.files import file_text_requeue_pending
from congso.signatures.tasks import schedule_certificate_checks


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý công việc nền (hàng đợi trong cơ sở dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Xử lý hết việc đang chờ rồi thoát.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        requeued = notification_requeue_pending()
        if requeued:
            self.stdout.write(f"Đưa lại {requeued} thông báo chờ gửi vào hàng đợi.")
        exports = export_requeue_pending()
        if exports:
            self.stdout.write(f"Đưa lại {exports} tệp xuất chờ chuẩn bị vào hàng đợi.")
        exports_purge()
        file_text_requeue_pending(older_than_minutes=5)
        schedule_certificate_checks()
        polls = schedule_polls()
        if polls:
            self.stdout.write(f"Bắt đầu nhận văn bản từ {polls} trục liên thông.")
        call_command(
            "db_worker",
            queue_name="*",
            interval=options["interval"],
            batch=options["batch"],
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
        )
