"""Django's deployment checks plus Công Sở's own; exits non-zero when anything must be fixed."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def platform_checks() -> list[tuple[str, str, str]]:
    """(level, what, advice) for each problem found; level is "error" or "warning"."""
    from config.settings.base import DEFAULT_INSECURE_SECRET

    problems: list[tuple[str, str, str]] = []
    if settings.DEBUG:
        problems.append(("error", "DEBUG đang bật", "Đặt DEBUG=false."))
    if settings.SECRET_KEY == DEFAULT_INSECURE_SECRET or len(settings.SECRET_KEY) < 40:
        problems.append(
            ("error", "SECRET_KEY mặc định hoặc quá ngắn", "Đặt SECRET_KEY ngẫu nhiên ≥ 40 ký tự.")
        )
    if connection.vendor != "postgresql":
        problems.append(
            ("warning", f"CSDL là {connection.vendor}", "Production nên dùng PostgreSQL (DATABASE_URL).")
        )
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(("error", "ALLOWED_HOSTS chứa *", "Liệt kê đúng tên miền của hệ thống."))
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        problems.append(
            ("warning", "Email chỉ in ra màn hình", "Cấu hình EMAIL_BACKEND/EMAIL_HOST để gửi thư thật.")
        )
    if settings.CONGSO_SMS_GATEWAY.endswith("ConsoleSmsGateway"):
        problems.append(("warning", "SMS chỉ ghi vào log", "Đặt CONGSO_SMS_GATEWAY cho nhà cung cấp SMS."))
    if not settings.CONGSO_OTP_REQUIRED_FOR_ADMINS:
        problems.append(
            (
                "warning",
                "Không bắt buộc xác thực hai bước cho quản trị",
                "Đặt CONGSO_OTP_REQUIRED_FOR_ADMINS=true.",
            )
        )
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        problems.append(
            (
                "error",
                "Bộ nhớ đệm riêng từng tiến trình",
                "Giới hạn tra cứu và khóa đăng nhập phải dùng chung: đặt CACHE_URL=redis://…",
            )
        )
    if getattr(settings, "CONGSO_PAYMENT_SANDBOX", False):
        problems.append(
            (
                "error",
                "Cổng thanh toán thử nghiệm đang bật (người nộp tự xác nhận đã nộp phí)",
                "Đặt CONGSO_PAYMENT_SANDBOX=false và cấu hình CONGSO_PAYMENT_PROVIDER.",
            )
        )
    if settings.MEDIA_STORAGE == "s3":
        try:
            import boto3  # noqa: F401
        except ImportError:
            problems.append(
                ("error", "MEDIA_STORAGE=s3 nhưng thiếu boto3", "Cài đặt: pip install 'congso[s3]'.")
            )
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        problems.append(("error", "Còn migration chưa áp dụng", "Chạy: congso migrate"))
    return problems


class Command(BaseCommand):
    help = "Kiểm tra cấu hình triển khai (Django --deploy và các kiểm tra của Công Sở)."

    def handle(self, *args, **options):
        call_command("check", deploy=True, fail_level="ERROR")
        problems = platform_checks()
        for level, what, advice in problems:
            style = self.style.ERROR if level == "error" else self.style.WARNING
            self.stdout.write(style(f"[{'LỖI' if level == 'error' else 'CẢNH BÁO'}] {what}: {advice}"))
        errors = [p for p in problems if p[0] == "error"]
        if errors:
            raise CommandError(f"{len(errors)} lỗi cần sửa trước khi chạy production.")
        self.stdout.write(self.style.SUCCESS("Cấu hình triển khai đạt yêu cầu."))
