"""The tables of registers and reports (NĐ 30/2020 Phụ lục VI) and of the record-file index, shared by their pages
and by their background exports (core.services.exports): the page shows the table, `?xuat=pdf|xlsx` asks the worker
for the file, which is built again from the same function with the same rights."""

from __future__ import annotations

from typing import Any

from congso.core.params import parse_id
from congso.core.registry import ExportKind, register_export_kind
from congso.core.services import Table
from congso.organizations.models import Agency, Unit

from .selectors.reports import (
    FOLLOWUP_HEADERS,
    INCOMING_HEADERS,
    OUTGOING_HEADERS,
    Period,
    followup_rows,
    incoming_register_rows,
    outgoing_register_rows,
    outgoing_report,
    record_file_list,
)

KINDS = {
    "den": ("Sổ đăng ký văn bản đến", INCOMING_HEADERS, incoming_register_rows),
    "di": ("Sổ đăng ký văn bản đi", OUTGOING_HEADERS, outgoing_register_rows),
    "theo-doi": ("Sổ theo dõi giải quyết văn bản đến", FOLLOWUP_HEADERS, followup_rows),
}
REPORT = "bao-cao-di"
FILE_LIST_HEADERS = [
    "Số, ký hiệu hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời hạn bảo quản",
    "Đơn vị, người lập hồ sơ",
    "Số văn bản",
    "Ghi chú",
]


def register_table(*, user: Any, agency: Agency, kind: str, year: int, unit_id: Any = "") -> Table:
    """A register or the outgoing report of `agency` for `year` (PermissionDenied if `user` may not read it)."""
    period = Period.year(year)
    subtitle = f"{agency.name} — năm {year}"
    if kind == REPORT:
        rows = [
            [r["document_type__name"], r["total"], r["electronic"]]
            for r in outgoing_report(user=user, agency_id=agency.pk, period=period)
        ]
        return Table(
            REPORT,
            "Báo cáo thống kê văn bản đi",
            subtitle,
            ["Loại văn bản", "Số văn bản", "Gửi điện tử"],
            rows,
        )
    kind = kind if kind in KINDS else "den"
    title, headers, reader = KINDS[kind]
    unit_pk = parse_id(unit_id)
    if kind == "theo-doi" and unit_pk:
        unit = Unit.objects.filter(pk=unit_pk, agency=agency).first()
        rows = followup_rows(user=user, agency_id=agency.pk, period=period, unit_id=unit.pk if unit else -1)
        title = f"{title} — {unit.name}" if unit else title
    else:
        rows = reader(user=user, agency_id=agency.pk, period=period)
    return Table(title, subtitle, list(headers), rows, kind=kind)


def file_list_table(*, user: Any, agency: Agency, year: int) -> Table:
    """Danh mục hồ sơ (the agency's index of record files) for `year`."""
    rows = [
        [
            f.code,
            f.title,
            f.retention_period,
            f.unit.name if f.unit else (f.keeper.full_name if f.keeper else ""),
            f.doc_total,
            "Đã kết thúc" if f.closed else "",
        ]
        for f in record_file_list(user=user, agency_id=agency.pk, year=year)
    ]
    return Table(f"Danh mục hồ sơ năm {year}", agency.name, FILE_LIST_HEADERS, rows, kind="danh-muc")


def _build_register(user: Any, params: dict[str, Any], progress) -> bytes:
    agency = Agency.objects.get(pk=params["agency_id"])
    table = register_table(
        user=user,
        agency=agency,
        kind=params["kind"],
        year=int(params["year"]),
        unit_id=params.get("unit_id", ""),
    )
    progress(60)
    return table.export(params["format"], agency_name=agency.name, empty_text="Không có văn bản.")


def _build_file_list(user: Any, params: dict[str, Any], progress) -> bytes:
    agency = Agency.objects.get(pk=params["agency_id"])
    table = file_list_table(user=user, agency=agency, year=int(params["year"]))
    progress(60)
    return table.export(
        params["format"], agency_name=agency.name, empty_text="Không có hồ sơ.", sheet="Danh mục"
    )


def _build_record_file(user: Any, params: dict[str, Any], progress) -> bytes:
    """A record file as its archive: ho-so.pdf (index, then the documents), ho-so.xml (Phụ lục VI), tep/."""
    from .selectors.reports import record_file_get
    from .services import record_file_export

    return record_file_export(
        actor=user, record_file=record_file_get(user=user, pk=int(params["record_file_id"]))
    )


def register_exports() -> None:
    register_export_kind(ExportKind("documents.register", _build_register))
    register_export_kind(ExportKind("documents.file_list", _build_file_list))
    register_export_kind(ExportKind("documents.record_file", _build_record_file))
