"""Import and export of the whole organisation tree as JSON or CSV, so a province can load its real list.

JSON: {"format": "congso.organizations/1", "areas": [...], "agencies": [...], "units": [...], "lineage": [...]}.
CSV: one row per area, agency or unit, with a `record_type` column (lineage is exported in JSON only).
Records are matched by key (area code, agency organ_id, unit agency+short name): missing ones are created,
existing ones have their details corrected. An import is all or nothing: every row is checked, every
error is reported with its row number, and if there is any error nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.errors import ApplicationError, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import nfc

from ..models import AdministrativeArea, Agency, AgencyLink, AgencyName, Unit
from .common import require_structure_permission
from .structure import agency_create, area_create, normalise_organ_id, unit_create

FORMAT = "congso.organizations/1"
CSV_COLUMNS = [
    "record_type",
    "key",
    "name",
    "short_name",
    "kind",
    "parent",
    "area",
    "agency",
    "address",
    "phone",
    "email",
    "website",
    "valid_from",
    "valid_to",
]


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _export_rows() -> dict[str, list[dict[str, Any]]]:
    areas = [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "parent": a.parent.code if a.parent else "",
            "valid_from": _d(a.valid_from),
            "valid_to": _d(a.valid_to),
        }
        for a in AdministrativeArea.objects.select_related("parent").order_by("valid_from", "pk")
    ]
    agencies = [
        {
            "organ_id": a.organ_id,
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "parent": a.parent.organ_id if a.parent else "",
            "area": a.area.code if a.area else "",
            "address": a.address,
            "phone": a.phone,
            "email": a.email,
            "website": a.website,
            "valid_from": _d(a.valid_from),
            "valid_to": _d(a.valid_to),
        }
        for a in Agency.objects.select_related("parent", "area").order_by("valid_from", "pk")
    ]
    units = [
        {
            "agency": u.agency.organ_id,
            "short_name": u.short_name,
            "name": u.name,
            "parent": u.parent.short_name if u.parent else "",
            "valid_from": _d(u.valid_from),
            "valid_to": _d(u.valid_to),
        }
        for u in Unit.objects.select_related("agency", "parent").order_by("agency_id", "pk")
    ]
    lineage = [
        {
            "kind": link.event.kind,
            "effective_date": _d(link.event.effective_date),
            "predecessor": link.predecessor.organ_id,
            "successor": link.successor.organ_id,
            "legal_basis": link.event.legal_basis,
        }
        for link in AgencyLink.objects.select_related("event", "predecessor", "successor").order_by(
            "event_id", "pk"
        )
    ]
    return {"areas": areas, "agencies": agencies, "units": units, "lineage": lineage}


def organizations_export_json() -> str:
    return json.dumps({"format": FORMAT, **_export_rows()}, ensure_ascii=False, indent=2)


def organizations_export_csv() -> str:
    rows = _export_rows()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for a in rows["areas"]:
        writer.writerow(
            {
                "record_type": "area",
                "key": a["code"],
                "name": a["name"],
                "kind": a["kind"],
                "parent": a["parent"],
                "valid_from": a["valid_from"],
                "valid_to": a["valid_to"],
            }
        )
    for a in rows["agencies"]:
        writer.writerow(
            {
                "record_type": "agency",
                "key": a["organ_id"],
                **{
                    k: a[k]
                    for k in (
                        "name",
                        "short_name",
                        "kind",
                        "parent",
                        "area",
                        "address",
                        "phone",
                        "email",
                        "website",
                        "valid_from",
                        "valid_to",
                    )
                },
            }
        )
    for u in rows["units"]:
        writer.writerow(
            {
                "record_type": "unit",
                "key": u["short_name"],
                "agency": u["agency"],
                "name": u["name"],
                "short_name": u["short_name"],
                "parent": u["parent"],
                "valid_from": u["valid_from"],
                "valid_to": u["valid_to"],
            }
        )
    return out.getvalue()


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(_("Invalid date “%(v)s”: use dd/mm/yyyy or yyyy-mm-dd.") % {"v": value})


def _parse(content: str, fmt: str) -> dict[str, list[dict[str, Any]]]:
    content = nfc(content.lstrip("\ufeff"))
    if fmt == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(_("The file is not valid JSON: %(e)s") % {"e": exc}) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValidationFailed(_("Unknown file format: expected “%(f)s”.") % {"f": FORMAT})
        return {key: list(data.get(key) or []) for key in ("areas", "agencies", "units")}
    if fmt != "csv":
        raise ValidationFailed(_("Unknown format %(f)s: use json or csv.") % {"f": fmt})
    reader = csv.DictReader(io.StringIO(content))
    missing = {"record_type", "key", "name"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationFailed(_("Missing CSV columns: %(c)s") % {"c": ", ".join(sorted(missing))})
    result: dict[str, list[dict[str, Any]]] = {"areas": [], "agencies": [], "units": []}
    for row in reader:
        kind = (row.get("record_type") or "").strip()
        if kind == "area":
            result["areas"].append(
                {
                    "code": row["key"],
                    **{k: row.get(k, "") for k in ("name", "kind", "parent", "valid_from", "valid_to")},
                }
            )
        elif kind == "agency":
            result["agencies"].append(
                {
                    "organ_id": row["key"],
                    **{
                        k: row.get(k, "")
                        for k in (
                            "name",
                            "short_name",
                            "kind",
                            "parent",
                            "area",
                            "address",
                            "phone",
                            "email",
                            "website",
                            "valid_from",
                            "valid_to",
                        )
                    },
                }
            )
        elif kind == "unit":
            result["units"].append(
                {
                    "short_name": row.get("short_name") or row["key"],
                    **{k: row.get(k, "") for k in ("agency", "name", "parent", "valid_from", "valid_to")},
                }
            )
        else:
            result.setdefault("invalid", []).append({"record_type": kind})
    if result.get("invalid"):
        raise ValidationFailed(_("Unknown record_type values: use area, agency or unit."))
    return result


def _historical_exists(model: Any, field: str, key: str, row: dict[str, Any]) -> bool:
    """A row describing an entity that has ended matches the ended record with the same key and start date
    (re-importing an export must not bring dissolved agencies back)."""
    if not row.get("valid_to"):
        return False
    valid_from = _parse_date(row.get("valid_from"))
    return model.objects.filter(**{field: key}, valid_from=valid_from, valid_to__isnull=False).exists()


def _key(value: Any) -> str:
    return str(value or "").strip().upper()


def _parents_first(
    rows: list[dict[str, Any]], key_field: str, known: set[str]
) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, dict[str, Any]]]]:
    """Order rows so that each comes after its parent; rows whose parent never appears are returned apart."""
    remaining = list(enumerate(rows))
    resolved = set(known)
    ordered: list[tuple[int, dict[str, Any]]] = []
    while remaining:
        ready = [
            (i, r) for i, r in remaining if not _key(r.get("parent")) or _key(r.get("parent")) in resolved
        ]
        if not ready:
            break
        ordered.extend(ready)
        resolved.update(_key(r.get(key_field)) for _, r in ready)
        ready_ids = {i for i, _ in ready}
        remaining = [(i, r) for i, r in remaining if i not in ready_ids]
    return ordered, remaining


def _row_error(errors: list[dict[str, Any]], section: str, index: int, exc: ApplicationError) -> None:
    errors.append({"section": section, "row": index + 1, "message": exc.message, "fields": exc.details})


@transaction.atomic
def organizations_import(*, actor: Any, content: str, fmt: str) -> dict[str, int]:
    """Import a tree; returns counts of created and updated records. Raises ValidationFailed listing every
    bad row, and then nothing is written."""
    require_structure_permission(actor)
    data = _parse(content, fmt)
    errors: list[dict[str, Any]] = []
    counts = {"areas_created": 0, "agencies_created": 0, "units_created": 0, "updated": 0}

    areas = {a.code: a for a in AdministrativeArea.objects.filter(valid_to__isnull=True)}
    ordered, unresolved = _parents_first(data["areas"], "code", set(areas))
    for index, row in ordered:
        try:
            code = str(row.get("code", "")).strip().upper()
            parent_code = _key(row.get("parent"))
            if parent_code and parent_code not in areas:
                raise ValidationFailed(_("Unknown parent area %(p)s.") % {"p": parent_code})
            if code in areas or _historical_exists(AdministrativeArea, "code", code, row):
                counts["updated"] += 1
                continue
            areas[code] = area_create(
                actor=actor,
                code=code,
                name=nfc(str(row.get("name", ""))),
                kind=str(row.get("kind", "")),
                parent=areas.get(parent_code),
                valid_from=_parse_date(row.get("valid_from")),
            )
            counts["areas_created"] += 1
        except ApplicationError as exc:
            _row_error(errors, "areas", index, exc)
    for index, row in unresolved:
        _row_error(
            errors,
            "areas",
            index,
            ValidationFailed(
                _("Unknown parent area %(p)s (or the parents form a cycle).") % {"p": row.get("parent")}
            ),
        )

    agencies = {a.organ_id: a for a in Agency.objects.filter(valid_to__isnull=True)}
    ordered, unresolved = _parents_first(data["agencies"], "organ_id", set(agencies))
    for index, row in ordered:
        try:
            organ_id = normalise_organ_id(row.get("organ_id", ""))
            parent_id = _key(row.get("parent"))
            if parent_id and parent_id not in agencies:
                raise ValidationFailed(_("Unknown parent agency %(p)s.") % {"p": parent_id})
            area_code = _key(row.get("area"))
            if area_code and area_code not in areas:
                raise ValidationFailed(
                    _("Unknown area %(a)s.") % {"a": area_code}, details={"area": [area_code]}
                )
            contact = {k: str(row.get(k) or "") for k in ("address", "phone", "email", "website")}
            if _historical_exists(Agency, "organ_id", organ_id, row):
                counts["updated"] += 1
                continue
            existing = agencies.get(organ_id)
            if existing:
                _correct_agency(existing, row, contact)
                counts["updated"] += 1
                continue
            agencies[organ_id] = agency_create(
                actor=actor,
                name=nfc(str(row.get("name", ""))),
                short_name=str(row.get("short_name", "")),
                organ_id=organ_id,
                kind=str(row.get("kind", "")),
                parent=agencies.get(parent_id),
                area=areas.get(area_code),
                valid_from=_parse_date(row.get("valid_from")),
                **contact,
            )
            counts["agencies_created"] += 1
        except ApplicationError as exc:
            _row_error(errors, "agencies", index, exc)
    for index, row in unresolved:
        _row_error(
            errors,
            "agencies",
            index,
            ValidationFailed(
                _("Unknown parent agency %(p)s (or the parents form a cycle).") % {"p": row.get("parent")}
            ),
        )

    for index, row in enumerate(data["units"]):
        if row.get("valid_to"):
            counts["updated"] += (
                1  # units that have ended are history: exported for reference, never re-created
            )
            continue
        try:
            agency = agencies.get(str(row.get("agency", "")).strip().upper())
            if agency is None:
                raise ValidationFailed(_("Unknown agency %(a)s.") % {"a": row.get("agency")})
            short = str(row.get("short_name", "")).strip()
            if Unit.objects.filter(agency=agency, short_name=short, valid_to__isnull=True).exists():
                counts["updated"] += 1
                continue
            parent_short = str(row.get("parent") or "").strip()
            parent = (
                Unit.objects.filter(agency=agency, short_name=parent_short, valid_to__isnull=True).first()
                if parent_short
                else None
            )
            unit_create(
                actor=actor,
                agency=agency,
                name=nfc(str(row.get("name", ""))),
                short_name=short,
                parent=parent,
                valid_from=_parse_date(row.get("valid_from")),
            )
            counts["units_created"] += 1
        except ApplicationError as exc:
            _row_error(errors, "units", index, exc)

    if errors:
        first = errors[0]
        raise ValidationFailed(
            _(
                "The import has %(n)s error(s); nothing was changed. First: %(section)s row %(row)s: %(message)s"
            )
            % {
                "n": len(errors),
                "section": first["section"],
                "row": first["row"],
                "message": first["message"],
            },
            details={"rows": errors},
        )
    audit_log(actor=actor, action="organizations.imported", object_type="organizations.tree", changes=counts)
    return counts


def _correct_agency(agency: Agency, row: dict[str, Any], contact: dict[str, str]) -> None:
    name = nfc(str(row.get("name") or "")).strip()
    short = str(row.get("short_name") or "").strip()
    if name and (name != agency.name or (short and short != agency.short_name)):
        agency.name = name
        agency.short_name = short or agency.short_name
        AgencyName.objects.filter(agency=agency, valid_to__isnull=True).update(
            name=agency.name, short_name=agency.short_name
        )
    for key, value in contact.items():
        if value:
            setattr(agency, key, value)
    agency.save()
