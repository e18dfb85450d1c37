import time

from django.core.management.base import BaseCommand

from congso.demo.builder import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Nạp hoặc làm mới tỉnh mẫu (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--documents", type=int, default=600, help="Số văn bản đi mẫu trong năm (0: không tạo)"
        )

        parser.add_argument(
            "--dossiers",
            type=int,
            default=20_000,
            help="Số hồ sơ thủ tục hành chính mẫu trong năm (0: không tạo)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts, logins = build_demo(documents=options["documents"], dossiers=options["dossiers"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Tỉnh mẫu sẵn sàng: {counts['agencies']} cơ quan, {counts['users']} tài khoản, "
                f"{counts.get('documents', 0)} văn bản, {counts.get('dossiers', 0)} hồ sơ một cửa "
                f"({time.monotonic() - started:.1f} giây)."
            )
        )
        self.stdout.write(f"Mật khẩu chung của mọi tài khoản mẫu: {DEMO_PASSWORD}")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role} – {login.where}")
        from congso.signatures.demo import DEMO_PIN, demo_token_conf

        conf = demo_token_conf()
        if conf:
            self.stdout.write(
                f"Token ký số mẫu (SoftHSM2, PIN {DEMO_PIN}) của lãnh đạo UBND tỉnh, Sở Nội vụ, xã 01: "
                f"SOFTHSM2_CONF={conf} congso-sign-agent … (xem docs/signing.md)"
            )
