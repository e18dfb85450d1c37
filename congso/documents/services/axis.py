"""The national document exchange axis (VDXP, trục liên thông văn bản quốc gia) and provincial LGSPs, behind the
same peer interface as another Công Sở installation (a `Peer` with protocol `axis`).

The axis is a web service in the style of the Government Office's VXP SDK, with four operations (docs/exchange.md):

    POST <base>/sendEdoc              the edXML (a package or a status message)  → {"status": "OK", "DocId": …}
    POST <base>/getReceivedEdocList   {}                                          → {"status": "OK", "data": [{"id": …}]}
    POST <base>/getEdoc               {"docId": …}                                → the edXML
    POST <base>/updateStatus          {"docId": …, "status": "done" | "fail"}     → {"status": "OK"}

Each request carries `systemid` (the id the axis gave us), `timestamp` (the SDK's `ddMMyyyyTHHmmss+SSSS`) and
`signature`: hex HMAC-SHA256 with the secret of systemid + timestamp + content type + body, as the SDK signs.

Sending goes through the shared outbox like every other peer (only the axis's "OK" marks a message sent). Receiving
is a poll: the worker asks for pending messages every CONGSO_AXIS_POLL_SECONDS, fetches each one, hands it to the
same inbound services as a Công Sở peer's post (so exactly-once, validation and refusal with 02 are the same), sends
our 01/02 answer back through the axis, and only then tells the axis the message is done. A message whose handling
failed is left pending at the axis and fetched again."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from ..models import OutboxMessage, Peer

logger = logging.getLogger("congso.exchange.axis")
_ORGAN_ID = re.compile(rb"<(?:[A-Za-z0-9_]+:)?OrganId>([^<]{1,64})</")
MAX_ANSWER_BYTES = 100 * 1024 * 1024


class AxisError(ConnectionError):
    """The axis did not do what was asked (a transport failure, or an answer other than OK): retried."""


def axis_timestamp(moment: datetime | None = None) -> str:
    moment = (moment or timezone.now()).astimezone(timezone.get_default_timezone())
    return moment.strftime("%d%m%YT%H%M%S") + f"+{int(moment.timestamp() * 1000) % 10000:04d}"


def axis_signature(secret: str, system_id: str, timestamp: str, content_type: str, body: bytes) -> str:
    message = system_id.encode() + timestamp.encode() + content_type.encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _call(
    peer: Peer, operation: str, body: bytes, content_type: str, headers: dict[str, str] | None = None
) -> bytes:
    if not peer.base_url.startswith(("https://", "http://")):
        raise AxisError(f"địa chỉ trục không hợp lệ: {peer.base_url!r}")
    timestamp = axis_timestamp()
    system_id = peer.system_id or settings.CONGSO_EXCHANGE_PEER_CODE
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        f"{peer.base_url.rstrip('/')}/{operation}",
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "systemid": system_id,
            "timestamp": timestamp,
            "signature": axis_signature(peer.secret, system_id, timestamp, content_type, body),
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CONGSO_EXCHANGE_TIMEOUT) as response:  # noqa: S310
            answer = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise AxisError(f"trục trả lời HTTP {exc.code} cho {operation}: {exc.read(300)!r}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise AxisError(f"không kết nối được trục ({operation}): {exc}") from None
    if len(answer) > MAX_ANSWER_BYTES:
        raise AxisError(f"trả lời của trục cho {operation} quá lớn")
    return answer


def _json_call(peer: Peer, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
    answer = _call(peer, operation, json.dumps(payload).encode(), "application/json")
    try:
        data = json.loads(answer)
    except ValueError:
        raise AxisError(f"trả lời của trục cho {operation} không phải JSON: {answer[:200]!r}") from None
    if not isinstance(data, dict) or str(data.get("status", "")).upper() != "OK":
        reason = data.get("ErrorDesc") if isinstance(data, dict) else None
        raise AxisError(f"trục từ chối {operation}: {reason or answer[:200]!r}")
    return data


def _sender(payload: bytes) -> str:
    """From/OrganId of an edXML message (the first OrganId: From comes first in MessageHeader)."""
    found = _ORGAN_ID.search(payload[:20000])
    return found.group(1).decode("utf-8", "replace").strip() if found else ""


def send(peer: Peer, message: OutboxMessage) -> str:
    """Hand one message to the axis; the axis's DocId, or AxisError (the outbox retries)."""
    status = message.kind == OutboxMessage.Kind.STATUS
    answer = _call(
        peer,
        "sendEdoc",
        bytes(message.payload),
        "application/xml",
        {
            "from": _sender(bytes(message.payload)) or peer.system_id,
            "servicetype": "status" if status else "eDoc",
            "messagetype": "status" if status else "edoc",
        },
    )
    try:
        data = json.loads(answer)
    except ValueError:
        raise AxisError(f"trả lời của trục không phải JSON: {answer[:200]!r}") from None
    if not isinstance(data, dict) or str(data.get("status", "")).upper() != "OK":
        reason = data.get("ErrorDesc") if isinstance(data, dict) else repr(answer[:200])
        raise AxisError(f"trục chưa nhận thông điệp: {reason}")
    return str(data.get("DocId") or "")


def pending(peer: Peer, limit: int = 200) -> list[str]:
    data = _json_call(peer, "getReceivedEdocList", {"servicetype": "eDoc", "messagetype": "edoc"})
    items = data.get("data") or data.get("knobsticks") or []
    ids = [str(item.get("id") or item.get("docId") or "") for item in items if isinstance(item, dict)]
    return [doc_id for doc_id in ids if doc_id and len(doc_id) <= 60][:limit]


def fetch(peer: Peer, doc_id: str) -> bytes:
    return _call(peer, "getEdoc", json.dumps({"docId": doc_id}).encode(), "application/json")


def acknowledge(peer: Peer, doc_id: str, status: str) -> None:
    _json_call(peer, "updateStatus", {"docId": doc_id, "status": status})


def poll(peer: Peer) -> dict[str, int]:
    """Take every pending message from the axis once (`congso exchange poll`, and the worker's periodic job)."""
    from . import exchange

    counts = {"packages": 0, "statuses": 0, "refused": 0, "failed": 0}
    for doc_id in pending(peer):
        message_id = f"axis-{doc_id}"
        try:
            body = fetch(peer, doc_id)
            if b"StatusCode" in body:
                accepted, _reason = exchange.inbound_status(peer=peer, message_id=message_id, body=body)
                counts["statuses" if accepted else "refused"] += 1
            else:
                accepted, answer = exchange.inbound_package(peer=peer, message_id=message_id, body=body)
                counts["packages" if accepted else "refused"] += 1
                exchange.queue_answer(peer, answer, message_id=f"ack-{doc_id}")
            acknowledge(peer, doc_id, "done")
        except AxisError as exc:
            counts["failed"] += 1
            logger.warning("axis %s: message %s not taken yet: %s", peer.code, doc_id, exc)
    Peer.objects.filter(pk=peer.pk).update(polled_at=timezone.now())
    return counts


def poll_all() -> dict[str, int]:
    totals = {"packages": 0, "statuses": 0, "refused": 0, "failed": 0}
    for peer in Peer.objects.filter(active=True, protocol=Peer.Protocol.AXIS):
        try:
            counts = poll(peer)
        except AxisError as exc:
            logger.warning("axis %s unreachable: %s", peer.code, exc)
            totals["failed"] += 1
            continue
        for key, value in counts.items():
            totals[key] += value
    return totals


def schedule_polls() -> int:
    """Start the polling chain of each axis peer whose chain looks dead (the worker calls this when it starts:
    every poll job queues the next one, so a chain lives as long as a worker runs)."""
    from ..tasks import poll_axis

    interval = settings.CONGSO_AXIS_POLL_SECONDS
    stale = timezone.now() - timedelta(seconds=3 * interval)
    started = 0
    for peer in Peer.objects.filter(active=True, protocol=Peer.Protocol.AXIS):
        if peer.polled_at is None or peer.polled_at < stale:
            poll_axis.enqueue(peer.pk)
            started += 1
    return started
