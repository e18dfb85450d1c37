"""Record files (hồ sơ lưu trữ, NĐ 30/2020 Điều 28–31): the yearly file list, filing documents without copying
them, closing, and the export as PDF + XML in chronological order with the Phụ lục VI metadata."""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import Conflict, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from .. import permissions
from ..models import Document, RecordFile, RecordFileItem
from ..selectors.reports import record_file_documents
from .common import record_event, require

logger = logging.getLogger("congso.documents")


@transaction.atomic
def record_file_create(
    *,
    actor: Any,
    agency_id: int,
    year: int,
    code: str,
    title: str,
    retention_period: str,
    unit_id: int | None = None,
    keeper: Any = None,
    description: str = "",
) -> RecordFile:
    require(
        permissions.can_manage_record_files(actor, agency_id), _("You cannot keep this agency's file list.")
    )
    code, title, retention = clean_text(code), clean_text(title), clean_text(retention_period)
    errors = {}
    if not code or " " in code:
        errors["code"] = [_("Enter a file code without spaces, e.g. 01.VX.")]
    if not title:
        errors["title"] = [_("Enter a title.")]
    if not retention:
        errors["retention_period"] = [_("Enter the retention period, e.g. Vĩnh viễn or 10 năm.")]
    if not 2000 <= int(year) <= 2100:
        errors["year"] = [_("Invalid year.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)
    try:
        with transaction.atomic():
            record_file = RecordFile.objects.create(
                agency_id=agency_id,
                year=year,
                code=code,
                title=title[:500],
                retention_period=retention[:50],
                unit_id=unit_id,
                keeper=keeper or actor,
                description=clean_text(description),
            )
    except IntegrityError:
        raise Conflict(_("The file list of this year already has this code.")) from None
    audit_log(actor=actor, action="record_file.created", obj=record_file, agency_id=agency_id)
    return record_file


@transaction.atomic
def record_file_add_document(*, actor: Any, record_file: RecordFile, document: Document) -> RecordFileItem:
    require(
        permissions.can_file_document(actor, record_file, document),
        _("You cannot put this document in this file."),
    )
    item, created = RecordFileItem.objects.get_or_create(
        record_file=record_file, document=document, defaults={"added_by": actor}
    )
    if created:
        record_event(document, actor, "filed", file_code=record_file.code, file_title=record_file.title)
    return item


@transaction.atomic
def record_file_close(*, actor: Any, record_file: RecordFile) -> RecordFile:
    require(
        permissions.can_manage_record_files(actor, record_file.agency_id), _("You cannot close this file.")
    )
    if not record_file.items.exists():
        raise ValidationFailed(_("An empty file cannot be closed."))
    record_file.closed = True
    record_file.save(update_fields=["closed", "updated_at"])
    audit_log(actor=actor, action="record_file.closed", obj=record_file, agency_id=record_file.agency_id)
    return record_file


def _text(parent: Element, tag: str, value: object) -> None:
    SubElement(parent, tag).text = "" if value is None else str(value)


def record_file_xml(record_file: RecordFile, documents: list[Document]) -> bytes:
    """Phụ lục VI metadata: the file (FileCode, Title, Maintenance, Rights, Creator, Language, StartDate, EndDate,
    DocTotal, PageTotal, Description) and each document (FileCode, DocOrdinal, TypeName, CodeNumber, CodeNotation,
    IssuedDate, OrganName, Subject, Language, PageAmount, Description, …) in chronological order."""
    file_code = f"{record_file.agency.organ_id}.{record_file.year}.{record_file.code}"
    dates: list[date] = [
        day
        for day in (d.issued_date or (d.arrival_at.date() if d.arrival_at else None) for d in documents)
        if day
    ]
    root = Element("RecordFile")
    header: list[tuple[str, object]] = [
        ("FileCode", file_code),
        ("Title", record_file.title),
        ("Maintenance", record_file.retention_period),
        ("Rights", "Hạn chế" if any(d.secrecy != "none" for d in documents) else "Thường"),
        ("Creator", record_file.agency.name),
        ("Language", "Tiếng Việt"),
        ("StartDate", min(dates).strftime("%d/%m/%Y") if dates else ""),
        ("EndDate", max(dates).strftime("%d/%m/%Y") if dates else ""),
        ("DocTotal", len(documents)),
        ("PageTotal", sum(d.page_count for d in documents)),
        ("Description", record_file.description),
    ]
    for tag, value in header:
        _text(root, tag, value)
    items = SubElement(root, "Documents")
    for ordinal, d in enumerate(documents, start=1):
        node = SubElement(items, "Document")
        fields: list[tuple[str, object]] = [
            ("FileCode", file_code),
            ("DocOrdinal", ordinal),
            ("TypeName", d.document_type.name),
            ("CodeNumber", d.code_number),
            ("CodeNotation", d.code_notation),
            ("IssuedDate", d.issued_date.strftime("%d/%m/%Y") if d.issued_date else ""),
            ("OrganName", d.issuer_name or d.agency.name),
            ("Subject", d.subject),
            ("Language", "Tiếng Việt"),
            ("PageAmount", d.page_count),
            ("Description", d.get_direction_display()),
            ("Priority", d.priority),
            ("DueDate", d.due_date.strftime("%d/%m/%Y") if d.due_date else ""),
        ]
        for field_tag, field_value in fields:
            _text(node, field_tag, field_value)
        if d.arrival_number:
            _text(node, "ArrivalNumber", d.arrival_number)
            _text(
                node,
                "ArrivalDate",
                timezone.localtime(d.arrival_at).strftime("%d/%m/%Y") if d.arrival_at else "",
            )
        signer = SubElement(node, "SignerInfo")
        _text(signer, "Position", d.signer_position)
        _text(signer, "FullName", d.signer_name)
    return tostring(root, encoding="utf-8", xml_declaration=True)


def record_file_export(*, actor: Any, record_file: RecordFile) -> bytes:
    """A ZIP: ho-so.pdf (cover, index, then every PDF of the file in chronological order), ho-so.xml (Phụ lục
    VI metadata) and tep/ with every original file."""
    from pypdf import PdfReader, PdfWriter

    from congso.core.pdf import render_pdf

    documents = record_file_documents(record_file, user=actor)
    index_pdf = render_pdf(
        "documents/pdf/record_file.html",
        {
            "record_file": record_file,
            "documents": documents,
            "agency_name": record_file.agency.name,
            "printed_at": timezone.localtime(),
        },
    )
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(index_pdf)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for ordinal, document in enumerate(documents, start=1):
            for stored in document.files.order_by("kind", "-version", "pk"):
                content = stored.file.open("rb").read()
                archive.writestr(f"tep/{ordinal:03d}-{stored.name}", content)
                if stored.content_type == "application/pdf":
                    try:
                        writer.append(PdfReader(io.BytesIO(content)))
                    except Exception:  # noqa: BLE001 - a corrupt PDF stays in tep/ but not in the bound copy
                        logger.warning(
                            "record file %s: %s is not a readable PDF", record_file.pk, stored.name
                        )
        merged = io.BytesIO()
        writer.write(merged)
        archive.writestr("ho-so.pdf", merged.getvalue())
        archive.writestr("ho-so.xml", record_file_xml(record_file, documents))
    audit_log(actor=actor, action="record_file.exported", obj=record_file, agency_id=record_file.agency_id)
    return buffer.getvalue()
