"""Writes of the procedure catalogue: one procedure with its papers, steps and fees (validated as a whole), and
import/export of the catalogue as JSON and CSV — all-or-nothing, every error reported with its row."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.roles import Role
from congso.core.services import audit_log
from congso.core.text import clean_text, nfc

from .models import CODE_PATTERN, Procedure, ProcedureFee, ProcessStep, RequiredPaper, Sector
from .permissions import can_manage_catalogue

FIELD_TYPES = {"text", "date", "number", "email", "phone", "id_number"}
CSV_COLUMNS = [
    "code",
    "name",
    "sector_code",
    "sector_name",
    "level",
    "time_unit",
    "time_direct",
    "time_online",
    "time_postal",
    "online_level",
    "partial_reason",
    "pause_on_supplement",
    "legal_basis",
    "result_papers",
    "papers",
    "steps",
    "fees",
]


def _require(actor: Any) -> None:
    """`actor=None` is the operator at the command line or the demo loader (trusted)."""
    if actor is not None and not can_manage_catalogue(actor):
        raise PermissionDenied(_("Only a system administrator changes the procedure catalogue."))


def _decimal(value: Any, field: str, errors: dict[str, list[str]]) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "."))
        if number <= 0 or number > 10000:
            raise InvalidOperation
        return number.quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(_("Enter a positive number."))
        return Decimal("0")


def _clean(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict], list[dict], list[dict]]:
    errors: dict[str, list[str]] = {}
    code = clean_text(str(data.get("code", "")))
    if not re.match(CODE_PATTERN, code):
        errors["code"] = [_("A national code looks like 1.001612.")]
    name = nfc(str(data.get("name", ""))).strip()
    if not name:
        errors["name"] = [_("Enter the name of the procedure.")]
    level = data.get("level")
    if level not in Procedure.Level.values:
        errors["level"] = [_("Choose provincial or commune level.")]
    unit = data.get("time_unit") or Procedure.TimeUnit.WORKING_DAYS
    if unit not in Procedure.TimeUnit.values:
        errors["time_unit"] = [_("Choose working days or working hours.")]
    times = {f: _decimal(data.get(f), f, errors) for f in ("time_direct", "time_online", "time_postal")}
    online = data.get("online_level")
    if online not in Procedure.OnlineLevel.values:
        errors["online_level"] = [_("Choose fully, partly or not online.")]
    partial_reason = clean_text(str(data.get("partial_reason") or ""))
    if online == Procedure.OnlineLevel.PARTIAL and not partial_reason:
        errors["partial_reason"] = [_("Say why the procedure is only partly online.")]
    steps = []
    for index, step in enumerate(data.get("steps") or []):
        share = _decimal(step.get("share"), f"steps.{index}.share", errors)
        role = step.get("role") or ""
        if role and role not in Role.values:
            errors[f"steps.{index}.role"] = [_("Unknown role.")]
        step_name = clean_text(str(step.get("name") or ""))
        if not step_name:
            errors[f"steps.{index}.name"] = [_("Name the step.")]
        steps.append(
            {
                "order": index + 1,
                "name": step_name,
                "responsible": clean_text(str(step.get("responsible") or "")),
                "role": role,
                "share": share,
                "cross_agency": bool(step.get("cross_agency")),
            }
        )
    if not steps:
        errors["steps"] = [_("Describe the internal process: at least one step.")]
    elif "time_direct" not in errors:
        total: Decimal = sum((Decimal(s["share"]) for s in steps), Decimal(0))
        if total != times["time_direct"]:
            errors["steps"] = [
                _("The steps' shares add up to %(sum)s, not to the time limit %(limit)s.")
                % {"sum": total, "limit": times["time_direct"]}
            ]
    papers = []
    for index, paper in enumerate(data.get("papers") or []):
        paper_name = nfc(str(paper.get("name") or "")).strip()
        if not paper_name:
            errors[f"papers.{index}.name"] = [_("Name the paper.")]
        fields = paper.get("form_fields") or []
        for field in fields:
            if (
                not isinstance(field, dict)
                or not field.get("name")
                or field.get("type", "text") not in FIELD_TYPES
            ):
                errors[f"papers.{index}.form_fields"] = [
                    _("Each e-form field needs a name and a known type.")
                ]
        try:
            originals, copies = int(paper.get("originals", 1)), int(paper.get("copies", 0))
            if originals < 0 or copies < 0 or originals + copies == 0:
                raise ValueError
        except (TypeError, ValueError):
            errors[f"papers.{index}.originals"] = [_("How many originals and copies?")]
            originals = copies = 0
        papers.append(
            {
                "order": index + 1,
                "name": paper_name[:500],
                "originals": originals,
                "copies": copies,
                "required": paper.get("required", True) is not False,
                "form_fields": fields,
            }
        )
    fees = []
    for index, fee in enumerate(data.get("fees") or []):
        try:
            amount = int(fee.get("amount"))
            if amount < 0:
                raise ValueError
        except (TypeError, ValueError):
            errors[f"fees.{index}.amount"] = [_("Enter an amount in đồng.")]
            amount = 0
        kind = fee.get("kind") or ProcedureFee.Kind.CHARGE
        if kind not in ProcedureFee.Kind.values:
            errors[f"fees.{index}.kind"] = [_("Choose fee or charge.")]
        fees.append(
            {
                "kind": kind,
                "name": clean_text(str(fee.get("name") or ""))[:300] or _("Charge"),
                "amount": amount,
                "note": clean_text(str(fee.get("note") or ""))[:300],
            }
        )
    sector = data.get("sector") or {}
    sector_code, sector_name = (
        clean_text(str(sector.get("code") or "")),
        clean_text(str(sector.get("name") or "")),
    )
    if not sector_code or not sector_name:
        errors["sector"] = [_("Give the sector's code and name.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)
    fields = {
        "code": code,
        "name": name[:500],
        "level": level,
        "time_unit": unit,
        **times,
        "online_level": online,
        "partial_reason": partial_reason[:500],
        "pause_on_supplement": bool(data.get("pause_on_supplement")),
        "legal_basis": nfc(str(data.get("legal_basis") or "")).strip(),
        "result_papers": nfc(str(data.get("result_papers") or "")).strip(),
        "conditions": nfc(str(data.get("conditions") or "")).strip(),
        "agency_kinds": [str(k) for k in data.get("agency_kinds") or []],
        "sector": (sector_code, sector_name),
    }
    return fields, papers, steps, fees


@transaction.atomic
def procedure_save(*, actor: Any, data: dict[str, Any]) -> Procedure:
    """Create or replace (by national code) one procedure with its papers, steps and fees."""
    _require(actor)
    fields, papers, steps, fees = _clean(data)
    sector_code, sector_name = fields.pop("sector")
    sector, _created = Sector.objects.update_or_create(code=sector_code, defaults={"name": sector_name})
    procedure, created = Procedure.objects.update_or_create(
        code=fields["code"], defaults={**fields, "sector": sector}
    )
    procedure.papers.all().delete()
    procedure.steps.all().delete()
    procedure.fees.all().delete()
    RequiredPaper.objects.bulk_create([RequiredPaper(procedure=procedure, **p) for p in papers])
    ProcessStep.objects.bulk_create([ProcessStep(procedure=procedure, **s) for s in steps])
    ProcedureFee.objects.bulk_create([ProcedureFee(procedure=procedure, **f) for f in fees])
    audit_log(actor=actor, action="procedure.created" if created else "procedure.changed", obj=procedure)
    return procedure


@transaction.atomic
def procedures_import(*, actor: Any, items: list[dict[str, Any]]) -> int:
    """All or nothing: every item is checked; the first error anywhere rolls back the whole import, and the error
    lists every failing item by its position and code."""
    _require(actor)
    problems: dict[str, Any] = {}
    for index, item in enumerate(items):
        try:
            with transaction.atomic():
                procedure_save(actor=actor, data=item)
        except ValidationFailed as exc:
            problems[f"{index + 1}:{item.get('code', '?')}"] = exc.details
    if problems:
        transaction.set_rollback(True)
        raise ValidationFailed(
            _("%(n)s procedures have errors; nothing was imported.") % {"n": len(problems)}, details=problems
        )
    return len(items)


def procedure_as_dict(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "sector": {"code": procedure.sector.code, "name": procedure.sector.name},
        "level": procedure.level,
        "agency_kinds": procedure.agency_kinds,
        "time_unit": procedure.time_unit,
        "time_direct": str(procedure.time_direct),
        "time_online": str(procedure.time_online),
        "time_postal": str(procedure.time_postal),
        "online_level": procedure.online_level,
        "partial_reason": procedure.partial_reason,
        "pause_on_supplement": procedure.pause_on_supplement,
        "legal_basis": procedure.legal_basis,
        "result_papers": procedure.result_papers,
        "conditions": procedure.conditions,
        "papers": [
            {
                "name": p.name,
                "originals": p.originals,
                "copies": p.copies,
                "required": p.required,
                "form_fields": p.form_fields,
            }
            for p in procedure.papers.all()
        ],
        "steps": [
            {
                "name": s.name,
                "responsible": s.responsible,
                "role": s.role,
                "share": str(s.share),
                "cross_agency": s.cross_agency,
            }
            for s in procedure.steps.all()
        ],
        "fees": [
            {"kind": f.kind, "name": f.name, "amount": f.amount, "note": f.note} for f in procedure.fees.all()
        ],
    }


def procedures_export(*, procedures: Any) -> list[dict[str, Any]]:
    return [
        procedure_as_dict(p)
        for p in procedures.prefetch_related("papers", "steps", "fees").select_related("sector")
    ]


def procedures_to_csv(items: list[dict[str, Any]]) -> str:
    """One row per procedure; papers as "name|originals|copies" and steps as "name|role|share|responsible" joined
    by " ;; ", fees as "kind|name|amount"."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for item in items:
        writer.writerow(
            {
                **{k: item.get(k, "") for k in CSV_COLUMNS if k in item},
                "sector_code": item["sector"]["code"],
                "sector_name": item["sector"]["name"],
                "pause_on_supplement": "1" if item.get("pause_on_supplement") else "0",
                "papers": " ;; ".join(f"{p['name']}|{p['originals']}|{p['copies']}" for p in item["papers"]),
                "steps": " ;; ".join(
                    f"{s['name']}|{s['role']}|{s['share']}|{s['responsible']}" for s in item["steps"]
                ),
                "fees": " ;; ".join(f"{f['kind']}|{f['name']}|{f['amount']}" for f in item["fees"]),
            }
        )
    return buffer.getvalue()


def _parts(row: dict[str, str], column: str) -> list[list[str]]:
    return [chunk.split("|") for chunk in (row.get(column) or "").split(" ;; ") if chunk.strip()]


def procedures_from_csv(text: str) -> list[dict[str, Any]]:
    items = []
    for row in csv.DictReader(io.StringIO(text)):
        items.append(
            {
                **{
                    k: row.get(k, "")
                    for k in CSV_COLUMNS
                    if k not in ("papers", "steps", "fees", "sector_code", "sector_name")
                },
                "sector": {"code": row.get("sector_code", ""), "name": row.get("sector_name", "")},
                "pause_on_supplement": row.get("pause_on_supplement") == "1",
                "papers": [
                    {
                        "name": p[0],
                        "originals": p[1] if len(p) > 1 else 1,
                        "copies": p[2] if len(p) > 2 else 0,
                    }
                    for p in _parts(row, "papers")
                ],
                "steps": [
                    {
                        "name": s[0],
                        "role": s[1] if len(s) > 1 else "",
                        "share": s[2] if len(s) > 2 else "",
                        "responsible": s[3] if len(s) > 3 else "",
                    }
                    for s in _parts(row, "steps")
                ],
                "fees": [
                    {"kind": f[0], "name": f[1] if len(f) > 1 else "", "amount": f[2] if len(f) > 2 else ""}
                    for f in _parts(row, "fees")
                ],
            }
        )
    return items
