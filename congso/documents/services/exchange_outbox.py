"""The sending half of electronic exchange: messages to peers go through the shared outbox (congso.core.outbox),
signed over the message id, a timestamp and the body.

A package counts as delivered only when the peer answers 2xx with a readable edXML status (01); a 422 with status
02 is the receiver's refusal (recorded on the recipient, not retried); every other answer — 413 from a proxy, 400,
another 4xx, 5xx, garbage, a connection cut mid-body — is retried with back-off and, after
CONGSO_EXCHANGE_MAX_ATTEMPTS, shown as failed with its reason to the clerk and in `congso exchange status`."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any

from django.conf import settings
from django.utils import timezone

from congso.core import outbox

from .. import edxml
from ..models import DocumentRecipient, ExchangeStatus, OutboxMessage, Peer

logger = logging.getLogger("congso.exchange")


def sign(secret: str, body: bytes, *, message_id: str, timestamp: str) -> str:
    """HMAC-SHA256 over the message id, the timestamp (Unix seconds) and the body's SHA-256: a message cannot be
    replayed under another id, nor later than CONGSO_EXCHANGE_MAX_SKEW_SECONDS."""
    signed = f"{message_id}\n{timestamp}\n{hashlib.sha256(body).hexdigest()}".encode()
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, *, message_id: str, timestamp: str, signature: str) -> str | None:
    """None when the signature is right and fresh, else the reason (Vietnamese)."""
    try:
        moment = int(timestamp)
    except (TypeError, ValueError):
        return "Thiếu thời điểm ký gói tin."
    if abs(time.time() - moment) > settings.CONGSO_EXCHANGE_MAX_SKEW_SECONDS:
        return "Gói tin đã quá hạn hoặc bị gửi lại (thời điểm ký lệch quá xa)."
    expected = sign(secret, body, message_id=message_id, timestamp=str(moment))
    if not hmac.compare_digest(expected, signature or ""):
        return "Chữ ký gói tin không đúng."
    return None


def apply_status(
    recipient: DocumentRecipient, code: str, description: str, staff: str, at=None
) -> ExchangeStatus:
    status, created = ExchangeStatus.objects.get_or_create(
        recipient=recipient,
        code=code,
        defaults={"description": description[:500], "staff_name": staff[:150], "at": at or timezone.now()},
    )
    if created and (code == ExchangeStatus.Code.REJECTED or (recipient.status_code or "00") < code):
        recipient.status_code = code
        recipient.status_at = status.at
        recipient.save(update_fields=["status_code", "status_at"])
    return status


def _post(peer: Peer, path: str, message: OutboxMessage) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    if not peer.base_url.startswith(("https://", "http://")):
        raise ConnectionError(f"unsupported address {peer.base_url!r}")
    body = bytes(message.payload)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        peer.base_url.rstrip("/") + path,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/xml; charset=utf-8",
            "X-CongSo-Peer": settings.CONGSO_EXCHANGE_PEER_CODE,
            "X-CongSo-Message-Id": message.message_id,
            "X-CongSo-Timestamp": timestamp,
            "X-CongSo-Signature": sign(peer.secret, body, message_id=message.message_id, timestamp=timestamp),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CONGSO_EXCHANGE_TIMEOUT) as response:  # noqa: S310 - peers are https URLs set by operators
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


TRANSPORT = {"post": _post}  # tests and the bench replace the transport


def _reason(status: int, answer: bytes) -> str:
    try:
        return str(json.loads(answer).get("message") or "")[:300]
    except (ValueError, AttributeError):
        return f"HTTP {status}: {answer[:200]!r}"


def _attempt(message: OutboxMessage) -> None:
    if message.peer.protocol == Peer.Protocol.AXIS:
        from . import axis

        axis.send(message.peer, message)  # the axis's OK is its "taken"; statuses come back through it later
        return
    package = message.kind == OutboxMessage.Kind.PACKAGE
    path = "/lien-thong/goi-tin/" if package else "/lien-thong/trang-thai/"
    status, answer = TRANSPORT["post"](message.peer, path, message)
    if not package:
        if 200 <= status < 300:
            return
        if status == 422:
            raise outbox.Refused(f"Nơi nhận từ chối trạng thái: {_reason(status, answer)}")
        raise ConnectionError(_reason(status, answer))
    reply: Any = None
    if answer and (200 <= status < 300 or status == 422):
        try:
            reply = edxml.parse_status(answer)
        except edxml.EdxmlError as exc:
            logger.warning("peer %s answered a package with an unreadable status: %s", message.peer, exc)
    refused = reply is not None and reply.status_code == ExchangeStatus.Code.REJECTED
    if reply is not None and (200 <= status < 300 or (status == 422 and refused)):
        if message.recipient is not None:
            apply_status(message.recipient, reply.status_code, reply.description, reply.staff_name)
        if refused:
            raise outbox.Refused(f"Nơi nhận từ chối gói tin (02): {reply.description}")
        return
    if 200 <= status < 300:
        raise ConnectionError(f"HTTP {status} không kèm thông điệp trạng thái edXML: {answer[:200]!r}")
    raise ConnectionError(_reason(status, answer))


def _requeue(message_id: int, when) -> None:
    """The next attempt as a job that runs at `when` (until then `congso exchange retry` can send it early)."""
    from ..tasks import send_exchange_message

    try:
        send_exchange_message.using(run_after=when).enqueue(message_id)
    except Exception:  # noqa: BLE001 - the message stays pending in the outbox; `congso exchange retry` sends it
        logger.exception("could not queue exchange message %s", message_id)


def outbox_send(*, message_id: int) -> str:
    """Send one outbox message (the shared outbox: back-off, give-up, never twice)."""
    return outbox.deliver(
        OutboxMessage.objects.select_related("peer", "recipient"),
        message_id,
        _attempt,
        max_attempts=settings.CONGSO_EXCHANGE_MAX_ATTEMPTS,
        requeue=_requeue,
    )


def outbox_due(limit: int = 500) -> list[int]:
    return outbox.due(OutboxMessage.objects.all(), limit=limit)


def outbox_retry(*, include_failed: bool = False) -> dict[str, int]:
    """Send every due message now (`congso exchange retry`); with include_failed, give failed ones another round."""
    return outbox.retry(
        OutboxMessage.objects.all(), lambda pk: outbox_send(message_id=pk), include_failed=include_failed
    )
