"""Test data for documents: a small agency with units and actors, and real PDF and DOCX files built in memory."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from congso.accounts.models import User
from congso.accounts.tests.factories import UserFactory, make_member
from congso.documents.services import Upload
from congso.organizations.tests.factories import AgencyFactory, UnitFactory


@dataclass
class Office:
    agency: Any
    unit: Any
    other_unit: Any
    clerk: User
    leader: User
    head: User
    specialist: User
    other_specialist: User


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def make_office(short_name: str = "UBND", name: str | None = None) -> Office:
    agency = AgencyFactory(short_name=short_name, **({"name": name} if name else {}))
    unit = UnitFactory(agency=agency, name="Phòng Văn hóa - Xã hội", short_name="VX")
    other_unit = UnitFactory(agency=agency, name="Phòng Kinh tế", short_name="KT")
    people = {}
    for key, roles, where, title in [
        ("clerk", ["clerk"], None, "Văn thư"),
        ("leader", ["leader"], None, "Chủ tịch"),
        ("head", ["unit_head"], unit, "Trưởng phòng"),
        ("specialist", ["specialist"], unit, "Chuyên viên"),
        ("other_specialist", ["specialist"], other_unit, "Chuyên viên"),
    ]:
        user = UserFactory(full_name=f"Trần Thị {title} {agency.pk}")
        make_member(user=user, agency=agency, roles=roles, unit=where, title=title)
        people[key] = fresh(user)
    return Office(agency=agency, unit=unit, other_unit=other_unit, **people)


def docx_bytes(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
            'main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document.encode("utf-8"))
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with `text` (ASCII) in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def incoming_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "issuer_name": "Bộ Thông tin và Truyền thông",
        "code_number": "104",
        "code_notation": "KH-BTTTT",
        "issued_date": date(2026, 3, 2),
        "document_type": "KH",
        "subject": "Kế hoạch ứng dụng CNTT năm 2026",
        "signer_name": "Nguyễn Văn Đức",
        "urgency": "normal",
        "secrecy": "none",
        "page_count": 3,
    }
    data.update(overrides)
    return data


def draft_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "document_type": "KH",
        "subject": "Kế hoạch chuyển đổi số năm 2027",
        "urgency": "normal",
        "secrecy": "none",
    }
    data.update(overrides)
    return data


def docx_upload(text: str = "Nội dung kế hoạch", name: str = "du-thao.docx") -> Upload:
    return Upload(name=name, content=docx_bytes(text))
