import time

from django.core.management.base import BaseCommand

from congso.demo.builder import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Nạp hoặc làm mới tỉnh mẫu (idempotent)."

    def handle(self, *args, **options):
        started = time.monotonic()
        counts, logins = build_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Tỉnh mẫu sẵn sàng: {counts['agencies']} cơ quan, {counts['users']} tài khoản "
                f"({time.monotonic() - started:.1f} giây)."
            )
        )
        self.stdout.write(f"Mật khẩu chung của mọi tài khoản mẫu: {DEMO_PASSWORD}")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role} – {login.where}")
