"""congso exchange: the electronic exchange queues and peers (docs/exchange.md)."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from congso.core.errors import ApplicationError
from congso.documents.models import InboxMessage, OutboxMessage, Peer
from congso.documents.services import outbox_retry, peer_save


def _secret(path: str | None) -> str:
    if path == "-":
        return sys.stdin.readline().strip()
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp khóa {path}: {exc.strerror}") from exc
    secret = os.environ.get("CONGSO_EXCHANGE_PEER_SECRET", "").strip()
    if not secret:
        raise CommandError(
            "Cần khóa bí mật: --secret-file TỆP, --secret-file - hoặc CONGSO_EXCHANGE_PEER_SECRET."
        )
    return secret


class Command(BaseCommand):
    help = "Liên thông văn bản: xem hàng đợi (status), gửi lại (retry [--failed]), khai báo hệ thống kết nối (peer)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Hàng đợi gửi và nhận theo từng hệ thống kết nối")
        sub.add_parser("poll", help="Nhận ngay các thông điệp đang chờ trên trục liên thông (VDXP/LGSP)")
        retry = sub.add_parser("retry", help="Gửi ngay các thông điệp đến hạn")
        retry.add_argument("--failed", action="store_true", help="Gửi lại cả các thông điệp đã bỏ cuộc")
        peer = sub.add_parser("peer", help="Khai báo hoặc sửa một hệ thống kết nối")
        peer.add_argument("--code", required=True)
        peer.add_argument("--name", required=True)
        peer.add_argument("--url", required=True)
        peer.add_argument(
            "--organ-id",
            action="append",
            default=[],
            help="Mã định danh phục vụ (lặp lại; * ở cuối là tiền tố)",
        )
        peer.add_argument(
            "--protocol",
            choices=["congso", "axis"],
            default="congso",
            help="congso: một hệ thống Công Sở khác; axis: trục liên thông quốc gia (VDXP) hoặc LGSP của tỉnh",
        )
        peer.add_argument("--system-id", default="", help="Mã hệ thống do trục cấp (chỉ với --protocol axis)")
        peer.add_argument(
            "--secret-file",
            help="Tệp chứa khóa bí mật dùng chung (≥ 32 ký tự); '-' để đọc từ đầu vào chuẩn. Không có: đọc biến "
            "môi trường CONGSO_EXCHANGE_PEER_SECRET. Khóa không bao giờ nằm trên dòng lệnh (ps, lịch sử shell).",
        )

    def handle(self, *args, **options):
        action = options["action"]
        if action == "peer":
            try:
                saved = peer_save(
                    actor=None,
                    name=options["name"],
                    code=options["code"],
                    base_url=options["url"],
                    organ_ids=options["organ_id"],
                    secret=_secret(options["secret_file"]),
                    protocol=options["protocol"],
                    system_id=options["system_id"],
                )
            except ApplicationError as exc:
                raise CommandError(f"{exc.message} {exc.details}") from exc
            self.stdout.write(self.style.SUCCESS(f"Đã lưu hệ thống kết nối {saved.name} ({saved.code})."))
            return
        if action == "poll":
            from congso.documents.services.axis import poll_all

            result = poll_all()
            self.stdout.write(
                f"Trục liên thông: nhận {result['packages']} văn bản, {result['statuses']} trạng thái, "
                f"từ chối {result['refused']}, chưa nhận được {result['failed']}"
            )
        if action == "retry":
            result = outbox_retry(include_failed=options["failed"])
            self.stdout.write(f"Đã gửi: {result['sent']} · chưa gửi được: {result['failed']}")
        for peer in Peer.objects.all():
            states = dict(
                OutboxMessage.objects.filter(peer=peer).values_list("state").annotate(n=Count("pk"))
            )
            inbox = dict(
                InboxMessage.objects.filter(peer=peer).values_list("accepted").annotate(n=Count("pk"))
            )
            self.stdout.write(
                f"{peer.name} [{peer.code}{', trục' if peer.protocol == 'axis' else ''}] {peer.base_url}"
                f"{'' if peer.active else ' (ngừng)'}\n"
                f"  gửi: chờ {states.get('pending', 0)} · đã gửi {states.get('sent', 0)} · bỏ cuộc {states.get('failed', 0)}\n"
                f"  nhận: chấp nhận {inbox.get(True, 0)} · từ chối {inbox.get(False, 0)}"
            )
            for message in OutboxMessage.objects.filter(peer=peer, state__in=["pending", "failed"]).exclude(
                last_error=""
            )[:5]:
                self.stdout.write(
                    f"    {message.message_id} lần {message.attempts}: {message.last_error[:120]}"
                )
        if not Peer.objects.exists():
            self.stdout.write("Chưa khai báo hệ thống kết nối nào (congso exchange peer …).")
