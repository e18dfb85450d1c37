"""Registers and reports (screen, PDF, XLSX), KPIs, record files and their export."""

import io
import zipfile
from datetime import date

import pytest
from defusedxml import ElementTree
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.tests.exports import exported
from congso.documents import services
from congso.documents.selectors.reports import (
    Period,
    followup_rows,
    incoming_register_rows,
    kpis,
    outgoing_register_rows,
)
from congso.documents.services import Upload

from .factories import docx_upload, draft_data, incoming_data, pdf_bytes

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _incoming(office, **overrides):
    return services.incoming_document_register(
        actor=office.clerk,
        agency_id=office.agency.pk,
        data=incoming_data(**overrides),
        files=[Upload("vb.pdf", pdf_bytes("Van ban den"))],
    )


def _handled(office, due, close=True):
    document = _incoming(office, code_number=str(due.toordinal()))
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    services.incoming_document_direct(
        actor=office.leader,
        document=document,
        instruction="x",
        assignments=[{"kind": "lead", "user_id": office.specialist.pk, "due_date": due}],
    )
    if close:
        services.document_assignment_complete(
            actor=office.specialist, assignment=document.assignments.get(), result="Xong"
        )
    return document


def test_registers_have_the_legal_columns_and_rows(office):
    document = _incoming(office)
    rows = incoming_register_rows(user=office.clerk, agency_id=office.agency.pk, period=Period.year(YEAR))
    assert len(rows) == 1 and len(rows[0]) == 10
    assert rows[0][1] == document.number and rows[0][3] == "104/KH-BTTTT"
    draft = services.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(),
        main_file=docx_upload(),
        recipients=[{"organ_id": "G12", "name": "Bộ KH&CN"}],
    )
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    services.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    services.outgoing_document_issue(actor=office.clerk, document=draft)
    out = outgoing_register_rows(user=office.clerk, agency_id=office.agency.pk, period=Period.year(YEAR))
    assert out[0][0] == "01/KH-UBND" and out[0][4] == "Bộ KH&CN" and len(out[0]) == 10
    with pytest.raises(PermissionDenied):
        incoming_register_rows(user=office.specialist, agency_id=office.agency.pk, period=Period.year(YEAR))


def test_followup_and_on_time_rate(office):
    _handled(office, date(2099, 1, 5))
    late = _handled(office, timezone.localdate(), close=False)
    from congso.documents.models import Document

    Document.objects.filter(pk=late.pk).update(due_date=date(2020, 1, 1))
    rows = followup_rows(user=office.clerk, agency_id=office.agency.pk, period=Period.year(YEAR))
    assert sorted(r[4] for r in rows) == ["Quá hạn", "Đã giải quyết đúng hạn"]
    figures = kpis(user=office.clerk, agency_id=office.agency.pk, period=Period.year(YEAR))
    assert (figures.handled_with_deadline, figures.handled_on_time, figures.on_time_rate) == (1, 1, 100.0)
    assert figures.open_overdue == 1 and figures.electronic_share == 0.0 and figures.signed_share is None


def test_register_pages_and_exports(client, office):
    _incoming(office)
    client.force_login(office.clerk)
    page = client.get("/van-ban/so/", {"loai": "den", "nam": YEAR}).content.decode()
    assert "Sổ đăng ký văn bản đến" in page and "104/KH-BTTTT" in page
    xlsx = exported(client, "/van-ban/so/", {"loai": "den", "nam": YEAR, "xuat": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "Ngày đến" and sheet["D3"].value == "104/KH-BTTTT"
    pdf = exported(client, "/van-ban/so/", {"loai": "den", "nam": YEAR, "xuat": "pdf"})
    assert pdf.content_type == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and "Kế hoạch ứng dụng CNTT" in text
    client.force_login(office.specialist)
    assert client.get("/van-ban/so/").status_code == 403


def test_record_file_holds_documents_without_copying_and_exports_pdf_and_xml(client, office):
    first = services.record_file_create(
        actor=office.clerk,
        agency_id=office.agency.pk,
        year=YEAR,
        code="01.VP",
        title="Hồ sơ chuyển đổi số",
        retention_period="Vĩnh viễn",
    )
    second = services.record_file_create(
        actor=office.clerk,
        agency_id=office.agency.pk,
        year=YEAR,
        code="02.VP",
        title="Hồ sơ CNTT",
        retention_period="10 năm",
    )
    older = _incoming(office, code_number="1", issued_date=date(2026, 1, 5))
    newer = _incoming(office, code_number="2", issued_date=date(2026, 2, 5))
    for record_file in (first, second):
        services.record_file_add_document(actor=office.clerk, record_file=record_file, document=newer)
    services.record_file_add_document(actor=office.clerk, record_file=first, document=older)
    services.record_file_add_document(actor=office.clerk, record_file=first, document=older)  # once only
    assert first.items.count() == 2 and set(newer.record_files.all()) == {first, second}
    archive = zipfile.ZipFile(io.BytesIO(services.record_file_export(actor=office.clerk, record_file=first)))
    root = ElementTree.fromstring(archive.read("ho-so.xml"))
    assert root.findtext("Title") == "Hồ sơ chuyển đổi số" and root.findtext("DocTotal") == "2"
    assert [d.findtext("CodeNumber") for d in root.find("Documents")] == ["1", "2"]  # chronological
    bound = PdfReader(io.BytesIO(archive.read("ho-so.pdf")))
    assert len(bound.pages) >= 3 and "MỤC LỤC VĂN BẢN" in bound.pages[0].extract_text().upper()
    assert sorted(n for n in archive.namelist() if n.startswith("tep/")) == [
        "tep/001-vb.pdf",
        "tep/002-vb.pdf",
    ]
    client.force_login(office.clerk)
    assert exported(client, f"/van-ban/ho-so/{first.pk}/", {"xuat": "zip"}).content_type == "application/zip"


def test_record_file_rules(office, other_office):
    with pytest.raises(ValidationFailed):
        services.record_file_create(
            actor=office.clerk,
            agency_id=office.agency.pk,
            year=YEAR,
            code="01 VP",
            title="",
            retention_period="",
        )
    with pytest.raises(PermissionDenied):
        services.record_file_create(
            actor=office.specialist,
            agency_id=office.agency.pk,
            year=YEAR,
            code="01",
            title="x",
            retention_period="5 năm",
        )
    record_file = services.record_file_create(
        actor=office.clerk,
        agency_id=office.agency.pk,
        year=YEAR,
        code="01",
        title="x",
        retention_period="5 năm",
    )
    foreign = services.incoming_document_register(
        actor=other_office.clerk, agency_id=other_office.agency.pk, data=incoming_data()
    )
    with pytest.raises(PermissionDenied):
        services.record_file_add_document(actor=office.clerk, record_file=record_file, document=foreign)
    with pytest.raises(ValidationFailed):
        services.record_file_close(actor=office.clerk, record_file=record_file)


def test_file_list_exports_and_followup_per_unit(client, office):
    services.record_file_create(
        actor=office.clerk,
        agency_id=office.agency.pk,
        year=YEAR,
        code="01.VX",
        title="Hồ sơ văn hóa",
        retention_period="10 năm",
    )
    client.force_login(office.clerk)
    xlsx = exported(client, "/van-ban/ho-so/", {"nam": YEAR, "xuat": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).active["B3"].value == "Hồ sơ văn hóa"
    pdf = exported(client, "/van-ban/ho-so/", {"nam": YEAR, "xuat": "pdf"})
    assert "DANH MỤC HỒ SƠ" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    _handled(office, date(2099, 1, 5))
    assert (
        len(
            followup_rows(
                user=office.clerk,
                agency_id=office.agency.pk,
                period=Period.year(YEAR),
                unit_id=office.unit.pk,
            )
        )
        == 0
    )  # led by a person, not the unit
    page = client.get("/van-ban/so/", {"loai": "theo-doi", "nam": YEAR, "don-vi": office.unit.pk})
    assert page.status_code == 200 and "Phòng Văn hóa" in page.content.decode()


def test_internal_recipients_paper_dispatch_and_the_recipients_block(client, office):
    draft = services.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(secrecy="secret"),
        main_file=docx_upload(),
        recipients=[
            {"organ_id": "G12", "name": "Bộ Khoa học và Công nghệ"},
            {"user_id": office.other_specialist.pk},
            {"unit_id": office.other_unit.pk},
        ],
    )
    assert draft.recipients_block() == [
        "- Bộ Khoa học và Công nghệ;",
        f"- {office.other_specialist.full_name};",
        "- Phòng Kinh tế;",
        "- Lưu: VT, VX.",
    ]
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    services.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    issued = services.outgoing_document_issue(actor=office.clerk, document=draft)
    from congso.documents.permissions import can_view_document

    assert can_view_document(office.other_specialist, issued)  # a secret document addressed to them
    outside = issued.recipients.get(organ_id="G12")
    with pytest.raises(ValidationFailed):
        services.outgoing_recipient_paper_sent(
            actor=office.clerk, recipient=outside, sent_on=date(2099, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        services.outgoing_recipient_paper_sent(
            actor=office.leader, recipient=outside, sent_on=timezone.localdate()
        )
    services.outgoing_recipient_paper_sent(
        actor=office.clerk, recipient=outside, sent_on=timezone.localdate()
    )
    row = outgoing_register_rows(user=office.clerk, agency_id=office.agency.pk, period=Period.year(YEAR))[0]
    assert row[7] == timezone.localdate()
    client.force_login(office.clerk)
    assert 'data-testid="recipients-block"' in client.get(issued.get_absolute_url()).content.decode()
