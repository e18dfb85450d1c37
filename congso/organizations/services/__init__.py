"""Writes to the organisation structure. Every service is atomic and writes its audit entry."""

from .lineage import agency_dissolve, agency_merge, agency_rename, agency_split, area_merge, area_rename
from .structure import agency_create, agency_update, area_create, unit_create, unit_update
from .transfer import organizations_export_csv, organizations_export_json, organizations_import

__all__ = [
    "agency_create",
    "agency_dissolve",
    "agency_merge",
    "agency_rename",
    "agency_split",
    "agency_update",
    "area_create",
    "area_merge",
    "area_rename",
    "organizations_export_csv",
    "organizations_export_json",
    "organizations_import",
    "unit_create",
    "unit_update",
]
