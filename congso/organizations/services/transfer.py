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
from collections.abc import Callable
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
# CSV record type → (section of the JSON form, the field that is the row's key, the other columns).
CSV_RECORDS = {
    "area": ("areas", "code", ("name", "kind", "parent", "valid_from", "valid_to")),
    "agency": (
        "agencies",
        "organ_id",
        (
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
        ),
    ),
    "unit": ("units", "short_name", ("agency", "name", "parent", "valid_from", "valid_to")),
}
# The CSV header: the record type, the key, then every other column in first-seen order.
CSV_COLUMNS = ["record_type", "key"] + list(
    dict.fromkeys(f for _, _, fields in CSV_RECORDS.values() for f in fields)
)


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
    for record_type, (section, key_field, fields) in CSV_RECORDS.items():
        for row in rows[section]:
            writer.writerow(
                {"record_type": record_type, "key": row[key_field], **{k: row[k] for k in fields}}
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
    unknown: list[int] = []
    for line, row in enumerate(reader, start=2):
        spec = CSV_RECORDS.get((row.get("record_type") or "").strip())
        if spec is None:
            unknown.append(line)
            continue
        section, key_field, fields = spec
        result[section].append({key_field: row["key"], **{k: row.get(k) or "" for k in fields}})
    if unknown:
        raise ValidationFailed(
            _("Unknown record_type values: use area, agency or unit."), details={"lines": unknown[:100]}
        )
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


Row = dict[str, Any]
Indexed = list[tuple[int, Row]]


def _parents_first(
    rows: list[Row], key_of: Callable[[Row], str], parent_of: Callable[[Row], str], known: set[str]
) -> tuple[Indexed, Indexed]:
    """Order rows so that each comes after its parent; rows whose parent never appears are returned apart."""
    remaining = list(enumerate(rows))
    resolved = set(known)
    ordered: Indexed = []
    while remaining:
        ready = [(i, r) for i, r in remaining if not parent_of(r) or parent_of(r) in resolved]
        if not ready:
            break
        ordered.extend(ready)
        resolved.update(key_of(r) for _, r in ready)
        ready_ids = {i for i, _ in ready}
        remaining = [(i, r) for i, r in remaining if i not in ready_ids]
    return ordered, remaining


def _row_error(errors: list[dict[str, Any]], section: str, index: int, exc: ApplicationError) -> None:
    errors.append({"section": section, "row": index + 1, "message": exc.message, "fields": exc.details})


class _Import:
    """One import run: the records known so far, the counts, and every row error."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.errors: list[dict[str, Any]] = []
        self.counts = {"areas_created": 0, "agencies_created": 0, "units_created": 0, "updated": 0}
        self.areas = {a.code: a for a in AdministrativeArea.objects.filter(valid_to__isnull=True)}
        self.agencies = {a.organ_id: a for a in Agency.objects.filter(valid_to__isnull=True)}
        self.units = {
            _unit_key(u.agency.organ_id, u.short_name): u
            for u in Unit.objects.filter(valid_to__isnull=True).select_related("agency")
        }

    def section(
        self,
        name: str,
        rows: list[Row],
        key_of: Callable[[Row], str],
        parent_of: Callable[[Row], str],
        known: set[str],
        handle: Callable[[Row], str],
        unknown_parent: str,
    ) -> None:
        """Handle each row parents first; `handle` returns the count it adds to. Errors are collected."""
        ordered, unresolved = _parents_first(rows, key_of, parent_of, known)
        for index, row in ordered:
            try:
                self.counts[handle(row)] += 1
            except ApplicationError as exc:
                _row_error(self.errors, name, index, exc)
        for index, row in unresolved:
            _row_error(self.errors, name, index, ValidationFailed(unknown_parent % {"p": row.get("parent")}))

    def area(self, row: Row) -> str:
        code = _key(row.get("code"))
        parent_code = _key(row.get("parent"))
        if parent_code and parent_code not in self.areas:
            raise ValidationFailed(_("Unknown parent area %(p)s.") % {"p": parent_code})
        if code in self.areas or _historical_exists(AdministrativeArea, "code", code, row):
            return "updated"
        self.areas[code] = area_create(
            actor=self.actor,
            code=code,
            name=nfc(str(row.get("name", ""))),
            kind=str(row.get("kind", "")),
            parent=self.areas.get(parent_code),
            valid_from=_parse_date(row.get("valid_from")),
        )
        return "areas_created"

    def agency(self, row: Row) -> str:
        organ_id = normalise_organ_id(row.get("organ_id", ""))
        parent_id = _key(row.get("parent"))
        if parent_id and parent_id not in self.agencies:
            raise ValidationFailed(_("Unknown parent agency %(p)s.") % {"p": parent_id})
        area_code = _key(row.get("area"))
        if area_code and area_code not in self.areas:
            raise ValidationFailed(_("Unknown area %(a)s.") % {"a": area_code}, details={"area": [area_code]})
        contact = {k: str(row.get(k) or "") for k in ("address", "phone", "email", "website")}
        if _historical_exists(Agency, "organ_id", organ_id, row):
            return "updated"
        existing = self.agencies.get(organ_id)
        if existing:
            _correct_agency(existing, row, contact)
            return "updated"
        self.agencies[organ_id] = agency_create(
            actor=self.actor,
            name=nfc(str(row.get("name", ""))),
            short_name=str(row.get("short_name", "")),
            organ_id=organ_id,
            kind=str(row.get("kind", "")),
            parent=self.agencies.get(parent_id),
            area=self.areas.get(area_code),
            valid_from=_parse_date(row.get("valid_from")),
            **contact,
        )
        return "agencies_created"

    def unit(self, row: Row) -> str:
        if row.get("valid_to"):
            return "updated"  # units that have ended are history: exported for reference, never re-created
        agency = self.agencies.get(_key(row.get("agency")))
        if agency is None:
            raise ValidationFailed(_("Unknown agency %(a)s.") % {"a": row.get("agency")})
        key = _unit_key(agency.organ_id, str(row.get("short_name", "")))
        if key in self.units:
            return "updated"
        parent_key = _unit_parent_key(row)
        self.units[key] = unit_create(
            actor=self.actor,
            agency=agency,
            name=nfc(str(row.get("name", ""))),
            short_name=str(row.get("short_name", "")).strip(),
            parent=self.units[parent_key] if parent_key else None,
            valid_from=_parse_date(row.get("valid_from")),
        )
        return "units_created"


def _unit_key(organ_id: str, short_name: str) -> str:
    return f"{_key(organ_id)}/{short_name.strip()}"


def _unit_row_key(row: Row) -> str:
    return _unit_key(str(row.get("agency", "")), str(row.get("short_name", "")))


def _unit_parent_key(row: Row) -> str:
    parent = str(row.get("parent") or "").strip()
    return _unit_key(str(row.get("agency", "")), parent) if parent else ""


@transaction.atomic
def organizations_import(*, actor: Any, content: str, fmt: str) -> dict[str, int]:
    """Import a tree; returns counts of created and updated records. Raises ValidationFailed listing every
    bad row, and then nothing is written."""
    require_structure_permission(actor)
    data = _parse(content, fmt)
    run = _Import(actor)
    run.section(
        "areas",
        data["areas"],
        lambda r: _key(r.get("code")),
        lambda r: _key(r.get("parent")),
        set(run.areas),
        run.area,
        _("Unknown parent area %(p)s (or the parents form a cycle)."),
    )
    run.section(
        "agencies",
        data["agencies"],
        lambda r: _key(r.get("organ_id")),
        lambda r: _key(r.get("parent")),
        set(run.agencies),
        run.agency,
        _("Unknown parent agency %(p)s (or the parents form a cycle)."),
    )
    run.section(
        "units",
        data["units"],
        _unit_row_key,
        _unit_parent_key,
        set(run.units),
        run.unit,
        _("Unknown parent unit %(p)s (or the parents form a cycle)."),
    )
    if run.errors:
        first = run.errors[0]
        raise ValidationFailed(
            _(
                "The import has %(n)s error(s); nothing was changed. First: %(section)s row %(row)s: %(message)s"
            )
            % {
                "n": len(run.errors),
                "section": first["section"],
                "row": first["row"],
                "message": first["message"],
            },
            details={"rows": run.errors},
        )
    audit_log(
        actor=actor, action="organizations.imported", object_type="organizations.tree", changes=run.counts
    )
    return run.counts


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
