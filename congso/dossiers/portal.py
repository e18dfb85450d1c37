"""The records the national public-service portal takes, in the shape its integrations use (regulations §3):
a dossier record (MaHoSo, MaTTHC, TrangThaiHoSo, NgayHenTra …) and a progress record (NguoiXuLy, ThoiDiemXuLy …),
with our codes translated through PortalMapping; and the HTTP transport (JSON, bearer token), replaceable in
tests through TRANSPORT."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from .models import EVENT_LABELS, Dossier, DossierEvent, PortalMapping


def action_text(action: str) -> str:
    """The event in Vietnamese whatever the request's language (the national portal reads Vietnamese), from the one
    table of event labels (models.EVENT_LABELS)."""
    with translation.override("vi"):
        return str(EVENT_LABELS.get(action, action))


def enabled() -> bool:
    return bool(settings.CONGSO_PORTAL_URL)


def mapped(kind: str, local: str) -> str:
    row = PortalMapping.objects.filter(kind=kind, local=local).values_list("remote", flat=True).first()
    return row or local


def _stamp(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S") if moment else ""


def dossier_record(dossier: Dossier) -> dict[str, Any]:
    procedure = dossier.procedure
    kind = getattr(dossier.applicant_user, "kind", "citizen") if dossier.applicant_user_id else "citizen"
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": mapped("procedure", procedure.code),
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.sector.code,
        "TenLinhVuc": procedure.sector.name,
        "KenhThucHien": Dossier.CHANNEL_CODES[dossier.channel],
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": 2 if kind == "organization" else 1,
        "MaDoiTuong": dossier.applicant_id_number,
        "NgayTiepNhan": _stamp(dossier.received_at if dossier.clock_start else None),
        "NgayHenTra": _stamp(dossier.appointment_at),
        "NgayHenTraTruoc": _stamp(dossier.original_appointment_at),
        "TrangThaiHoSo": mapped("status", dossier.status),
        "NgayTra": _stamp(dossier.returned_at),
        "NgayKetThucXuLy": _stamp(dossier.finished_at),
        "DonViXuLy": dossier.handling_agency.name,
        "MaDonViXuLy": mapped("agency", dossier.handling_agency.organ_id),
        "NoiTiepNhan": mapped("agency", dossier.receiving_agency.organ_id),
        "DanhSachGiayToBoSung": [
            item for interval in dossier.intervals.filter(kind="supplement") for item in interval.items
        ],
        "KetQua": dossier.result_summary,
    }


def progress_record(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    step = dossier.steps.filter(status="active", lead=True).select_related("agency").first()
    actor = event.actor
    title = ""
    if actor is not None and hasattr(actor, "active_memberships"):
        memberships = actor.active_memberships()
        title = memberships[0].position_title if memberships else ""
    return {
        "MaHoSo": dossier.code,
        "NguoiXuLy": event.actor_name or "Hệ thống",
        "ChucDanh": title,
        "ThoiDiemXuLy": _stamp(event.at),
        "PhongBanXuLy": step.agency.name if step else dossier.handling_agency.name,
        "NoiDungXuLy": action_text(event.action) + (f": {event.comment}" if event.comment else ""),
        "TrangThai": mapped("status", dossier.status),
        "NgayBatDau": _stamp(step.started_at if step else event.at),
        "NgayKetThucTheoQuyDinh": _stamp(step.due_at if step else dossier.appointment_at),
    }


def _post(kind: str, payload: dict[str, Any]) -> int:
    body = json.dumps({"LoaiBanGhi": kind, "DuLieu": payload}, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the portal URL is set by the operator
        settings.CONGSO_PORTAL_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.CONGSO_PORTAL_TOKEN}",
        },
    )
    with urllib.request.urlopen(request, timeout=settings.CONGSO_PORTAL_TIMEOUT) as response:  # noqa: S310
        return response.status


TRANSPORT = {"post": _post}
