"""The inbound endpoints of electronic exchange for registered peers (not for people): a package or a status
message, authenticated by the peer's code and an HMAC-SHA256 with the shared secret. The answer to a
package is an edXML status message: 01 arrived, or 02 rejected with the reason."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services
from .models import Peer


def _authenticate(request) -> tuple[Peer | None, bytes | HttpResponse]:
    code = request.headers.get("X-CongSo-Peer", "")
    message_id = request.headers.get("X-CongSo-Message-Id", "")
    peer = Peer.objects.filter(code=code, active=True).first() if code else None
    if peer is None:
        return None, JsonResponse(
            {"code": "unknown_peer", "message": "Hệ thống gửi chưa được đăng ký.", "details": {}}, status=403
        )
    length = int(request.headers.get("Content-Length") or 0)
    if length > settings.CONGSO_EXCHANGE_MAX_BYTES:
        return None, JsonResponse(
            {"code": "too_large", "message": "Gói tin quá lớn.", "details": {}}, status=413
        )
    body = request.read(settings.CONGSO_EXCHANGE_MAX_BYTES + 1)
    if len(body) > settings.CONGSO_EXCHANGE_MAX_BYTES:
        return None, JsonResponse(
            {"code": "too_large", "message": "Gói tin quá lớn.", "details": {}}, status=413
        )
    if not message_id or len(message_id) > 64:
        return None, JsonResponse(
            {"code": "no_message_id", "message": "Thiếu mã thông điệp.", "details": {}}, status=400
        )
    problem = services.exchange.verify(
        peer.secret,
        body,
        message_id=message_id,
        timestamp=request.headers.get("X-CongSo-Timestamp", ""),
        signature=request.headers.get("X-CongSo-Signature", ""),
    )
    if problem:
        return None, JsonResponse({"code": "bad_signature", "message": problem, "details": {}}, status=403)
    return peer, body


@csrf_exempt
@require_POST
def inbound_package(request):
    peer, body = _authenticate(request)
    if peer is None:
        return body
    accepted, answer = services.inbound_package(
        peer=peer, message_id=request.headers["X-CongSo-Message-Id"], body=body
    )
    return HttpResponse(
        answer, content_type="application/xml; charset=utf-8", status=200 if accepted else 422
    )


@csrf_exempt
@require_POST
def inbound_status(request):
    peer, body = _authenticate(request)
    if peer is None:
        return body
    accepted, reason = services.inbound_status(
        peer=peer, message_id=request.headers["X-CongSo-Message-Id"], body=body
    )
    if accepted:
        return JsonResponse({"status": "ok"})
    return JsonResponse({"code": "status_refused", "message": reason, "details": {}}, status=422)
