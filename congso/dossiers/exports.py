"""The statistics table and the tracking register Mẫu 06, shared by their pages and their background exports
(core.services.exports): `?xuat=pdf|xlsx` asks the worker for the file, built from the same functions with the same
rights."""

from __future__ import annotations

from datetime import date
from typing import Any

from congso.core.errors import PermissionDenied
from congso.core.registry import ExportKind, register_export_kind
from congso.core.services import Table
from congso.core.xlsx import table_to_xlsx
from congso.organizations.models import Agency

from .permissions import process_agency_ids
from .selectors.statistics import COLUMNS, MAU_06_HEADERS, dossier_statistics, tracking_register

HEADERS = [
    "Tiếp nhận",
    "Trực tiếp",
    "Trực tuyến",
    "Bưu chính",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
    "Chờ bổ sung",
    "Chờ nghĩa vụ tài chính",
    "Dừng xử lý",
    "Rút hồ sơ",
    "Từ chối",
    "Tỷ lệ trực tuyến (%)",
    "Tỷ lệ đúng hạn (%)",
]
GROUP_LABELS = {"agency": "Cơ quan", "sector": "Lĩnh vực", "procedure": "Thủ tục"}


def table_rows(rows, total) -> list[list]:
    return [
        [row.name, *(row.values[k] for k in COLUMNS), row.online_share, row.on_time_share]
        for row in [*rows, total]
    ]


def statistics_table(*, user: Any, start: date, end: date, group: str) -> tuple[Table, Any]:
    """The statistics table and its total row (for the indicators)."""
    group = group if group in GROUP_LABELS else "agency"
    rows, total = dossier_statistics(user=user, start=start, end=end, group=group)
    table = Table(
        f"Thống kê giải quyết thủ tục hành chính theo {GROUP_LABELS[group].lower()}",
        f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
        [GROUP_LABELS[group], *HEADERS],
        table_rows(rows, total) if rows else [],
    )
    return table, total


def desk_of(user: Any, agency_id: int) -> Agency:
    """The desk whose register `user` keeps (a one-stop officer there), or PermissionDenied."""
    if agency_id not in user.agency_ids_with_role("one_stop_officer"):
        raise PermissionDenied("Chỉ công chức Một cửa của nơi tiếp nhận giữ sổ theo dõi của nơi đó.")
    return Agency.objects.get(pk=agency_id)


def _build_statistics(user: Any, params: dict[str, Any], progress) -> bytes:
    if not process_agency_ids(user):
        raise PermissionDenied("Chỉ cán bộ một cửa xem được thống kê này.")
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    table, _total = statistics_table(user=user, start=start, end=end, group=params.get("group", "agency"))
    progress(60)
    return table.export(params["format"], sheet="Thống kê")


def _build_tracking_register(user: Any, params: dict[str, Any], progress) -> bytes:
    from .services import tracking_register_pdf

    agency = desk_of(user, int(params["agency_id"]))
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    rows = tracking_register(user=user, agency_id=agency.pk, start=start, end=end)
    progress(60)
    if params["format"] == "xlsx":
        title = f"Sổ theo dõi hồ sơ — {agency.name} — {start:%d/%m/%Y}–{end:%d/%m/%Y}"
        return table_to_xlsx(title=title, headers=MAU_06_HEADERS, rows=rows)
    return tracking_register_pdf(agency=agency, start=start, end=end, headers=MAU_06_HEADERS, rows=rows)


def register_exports() -> None:
    register_export_kind(ExportKind("dossiers.statistics", _build_statistics))
    register_export_kind(ExportKind("dossiers.tracking_register", _build_tracking_register))
