"""edXML against the outside world: packages in the shape of each public implementation are read with every field
a clerk needs; what we write follows the SDK's shape and parses under the rules of the public readers (a reader
written here that looks elements up the way they do); refusals name the element; XML-DSig is checked."""

import base64
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from congso.documents import edxml

from .factories import pdf_bytes

SAMPLES = Path(__file__).parent / "edxml_samples"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PDF = pdf_bytes("Cong van 15")


def zipped(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def sample(name: str, *, file: bytes = PDF, zip_it: bool = True, **values: str) -> bytes:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    payload = zipped("a1b2c3d4.pdf", file) if zip_it else file
    text = text.replace("{{FILE}}", base64.b64encode(payload).decode())
    for key, value in values.items():
        text = text.replace("{{" + key.upper() + "}}", value)
    return text.encode("utf-8")


def envelope(**overrides):
    values = {
        "sender": edxml.Organization(
            organ_id="000.00.00.G12",
            organ_name="Bộ Khoa học và Công nghệ",
            organization_in_charge="Bộ Khoa học và Công nghệ",
        ),
        "recipients": [
            edxml.Organization(
                organ_id="H98.01", organ_name="UBND xã Thử Nghiệm", organization_in_charge="Tỉnh"
            )
        ],
        "code_number": "15",
        "code_notation": "BKHCN-CĐSQG",
        "promulgation_place": "Hà Nội",
        "promulgation_date": date(2026, 3, 2),
        "type_code": "CV",
        "type_name": "Công văn",
        "subject": "Về việc triển khai nền tảng số dùng chung",
        "content": "Về việc triển khai nền tảng số dùng chung",
        "signer_name": "Nguyễn Văn Đức",
        "signer_position": "Thứ trưởng",
        "competence": "KT.",
        "due_date": date(2026, 4, 1),
        "priority": 2,
        "page_amount": 2,
        "business_doc_reason": "Văn bản điện tử mới",
        "staff": edxml.StaffInfo(department="Văn phòng", staff="Trần Văn Thư"),
        "trace": [("000.00.00.G12", datetime(2026, 3, 2, 9, 0, tzinfo=VN))],
        "attachments": [edxml.Attachment("1", "cong-van.pdf", "application/zip", PDF, "cong-van.pdf")],
    }
    values.update(overrides)
    return edxml.Envelope(**values)


# --- reading what the public implementations write ---------------------------------------------------------


def test_the_sdk_new_document_package_is_read_with_every_field():
    parsed = edxml.parse_envelope(sample("sdk_new.edxml"))
    assert parsed.sender.organ_id == "000.00.00.G12" and parsed.sender.email == "vanthu@most.gov.vn"
    assert [r.organ_id for r in parsed.recipients] == ["H98.01"]
    assert (parsed.code_number, parsed.code_notation) == ("15", "BKHCN-CĐSQG")
    assert parsed.promulgation_date == date(2026, 3, 2)  # written dd/MM/yyyy
    assert parsed.document_id == "000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG"
    assert (parsed.signer_name, parsed.signer_position, parsed.competence) == (
        "Nguyễn Văn Đức",
        "Thứ trưởng",
        "KT. BỘ TRƯỞNG",
    )
    assert parsed.priority == 2 and parsed.page_amount == 3 and parsed.due_date is None
    assert parsed.to_places == ["Như trên", "Lưu: VT, CĐSQG"] and parsed.steering_type == 1
    assert parsed.business_doc_type == 0 and parsed.staff.staff == "Trần Thị Văn Thư"
    assert parsed.trace == [("000.00.00.G12", datetime(2026, 3, 2, 8, 15, tzinfo=VN))]
    [attachment] = parsed.attachments
    assert attachment.name == "15-BKHCN-CDSQG.pdf" and attachment.content == PDF  # unzipped
    # The SDK's sample signature is not in the XML-DSig namespace: kept as unverifiable, not fatal.
    assert parsed.signature is not None and parsed.signature.status == "unverifiable"


def test_the_sdk_update_to_several_organs_keeps_its_declared_document_id():
    parsed = edxml.parse_envelope(sample("sdk_update.edxml"))
    assert [r.organ_id for r in parsed.recipients] == ["000.00.00.H41", "H98.01", "000.00.00.G17"]
    assert parsed.business_doc_type == 2 and "sửa danh sách" in parsed.business_doc_reason
    assert parsed.promulgation_date == date(2026, 3, 6)
    assert parsed.document_id == "000.00.00.G22,2026/03/05,781/VPCP-KGVX"  # as declared, not recomputed
    assert parsed.due_date == date(2026, 3, 20) and parsed.appendixes == ["Danh sách đơn vị kết nối"]
    assert parsed.attachments[0].content == PDF


def test_the_sdk_status_message_is_read():
    body = sample(
        "sdk_status_05.edxml",
        organ="000.00.00.G12",
        code="15/BKHCN-CĐSQG",
        date="2026/03/02",
        document_id="000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG",
    )
    status = edxml.parse_status(body)
    assert status.sender.organ_id == "H37.01" and status.status_code == "05"
    assert status.document_id == "000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG"
    assert status.timestamp == datetime(2026, 3, 9, 11, 8, 36, tzinfo=VN)
    assert (status.staff_name, status.department) == ("Nguyễn Thị Ngọc Trâm", "Phòng Hành chính")
    # ResponseFor without its DocumentId: composed from OrganId, PromulgationDate and Code.
    composed = re.sub(rb"<edXML:DocumentId>[^<]*</edXML:DocumentId>", b"", body)
    assert edxml.parse_status(composed).document_id == "000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG"


def test_a_gateway_variant_and_a_vendor_without_namespaces_are_read():
    gateway = edxml.parse_envelope(sample("gateway.edxml", zip_it=False))
    assert gateway.document_id == "1da394ba-2117-4354-a23f-6ec3e47ba81b" and gateway.trace == []
    assert [(a.name, a.content) for a in gateway.attachments] == [("cong-van.pdf", PDF)]
    vendor = edxml.parse_envelope(sample("vendor_business.edxml", zip_it=False))
    assert vendor.business_doc_type == 0 and vendor.paper == 1 and vendor.priority == 1
    assert vendor.promulgation_date == date(2026, 3, 11) and vendor.type_name == "Kế hoạch"
    assert vendor.trace[0][1] == datetime(2026, 3, 11, 9, 30, tzinfo=VN)
    assert vendor.attachments[0].content == PDF and vendor.attachments[0].name == "40-KH.pdf"


def test_a_zipped_docx_is_unwrapped_and_a_plain_docx_left_alone():
    from .factories import docx_bytes

    docx = docx_bytes("Nội dung")
    for payload, zip_it in ((docx, True), (docx, False)):
        text = sample("sdk_new.edxml", file=payload, zip_it=zip_it).replace(
            b"15-BKHCN-CDSQG.pdf", b"ke-hoach.docx"
        )
        assert edxml.parse_envelope(text).attachments[0].content == docx


# --- what we write, read under their rules -----------------------------------------------------------------


def _their_reader(data: bytes) -> dict:
    """The lookups the public readers make (JDOM getChild with the QCVN namespace; AttachmentEncoded under the
    root; ContentId matched between the manifest and the attachment; the file unzipped when it is a zip)."""
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    root = ET.fromstring(data)
    assert root.tag == q("edXML")
    envelope_ = root.find(q("edXMLEnvelope"))
    message = envelope_.find(f"{q('edXMLHeader')}/{q('MessageHeader')}")
    traces = envelope_.find(f"{q('edXMLHeader')}/{q('TraceHeaderList')}")
    business = traces.find(q("Bussiness"))
    references = envelope_.findall(f"{q('edXMLBody')}/{q('edXMLManifest')}/{q('Reference')}")
    files = {}
    for node in root.findall(f"{q('AttachmentEncoded')}/{q('Attachment')}"):
        raw = base64.b64decode(node.find(q("ContentTransferEncoded")).text)
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            [member] = archive.namelist()
            files[node.find(q("ContentId")).text] = archive.read(member)
    return {
        "from": message.find(f"{q('From')}/{q('OrganId')}").text,
        "to": [n.find(q("OrganId")).text for n in message.findall(q("To"))],
        "document_id": message.find(q("DocumentId")).text,
        "code": message.find(f"{q('Code')}/{q('CodeNumber')}").text,
        "date": message.find(f"{q('PromulgationInfo')}/{q('PromulgationDate')}").text,
        "subject": message.find(q("Subject")).text,
        "priority": message.find(f"{q('OtherInfo')}/{q('Priority')}").text,
        "timestamps": [n.find(q("Timestamp")).text for n in traces.findall(q("TraceHeader"))],
        "business_type": business.find(q("BussinessDocType")).text,
        "references": [(r.find(q("ContentId")).text, r.find(q("AttachmentName")).text) for r in references],
        "files": files,
    }


def test_what_we_write_is_what_their_readers_find():
    written = edxml.build_envelope(envelope(response_for=["H98.01,2026/02/01,7/UBND-VX"]))
    text = written.decode("utf-8")
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">'
    )
    assert '<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">' in text
    assert "<edXML:Bussiness>" in text and "Business>" not in text
    seen = _their_reader(written)
    assert seen["from"] == "000.00.00.G12" and seen["to"] == ["H98.01"]
    assert seen["document_id"] == "000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG" and seen["code"] == "15"
    assert seen["date"] == "2026/03/02" and seen["priority"] == "2" and seen["business_type"] == "0"
    assert seen["timestamps"] == ["2026/03/02 09:00:00"]
    assert seen["references"] == [("cid:1", "cong-van.pdf")] and seen["files"] == {"cid:1": PDF}


def test_our_status_message_is_their_shape():
    status = edxml.StatusMessage(
        sender=edxml.Organization(
            organ_id="H98.01", organ_name="UBND xã Thử Nghiệm", organization_in_charge="UBND tỉnh Thử Nghiệm"
        ),
        document_id="000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG",
        status_code="03",
        timestamp=datetime(2026, 3, 2, 3, 0, tzinfo=ZoneInfo("UTC")),
        staff_name="Văn thư",
        description="Đã vào sổ",
    )
    written = edxml.build_status(status)
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    message = ET.fromstring(written).find(f"{q('edXMLEnvelope')}/{q('edXMLHeader')}/{q('MessageHeader')}")
    response = message.find(q("ResponseFor"))
    assert [response.find(q(t)).text for t in ("OrganId", "Code", "PromulgationDate", "DocumentId")] == [
        "000.00.00.G12",
        "15/BKHCN-CĐSQG",
        "2026/03/02",
        "000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG",
    ]
    assert message.find(q("StatusCode")).text == "03"
    assert message.find(q("Timestamp")).text == "2026/03/02 10:00:00"  # Vietnam time, whatever the zone given
    assert edxml.parse_status(written) == status


def test_round_trip_keeps_every_field():
    original = envelope(
        response_for=["H98.01,2026/02/01,7/UBND-VX"],
        to_places=["Như trên", "Lưu: VT"],
        business_doc_type=3,
        replaces=["000.00.00.G12,2026/01/05,3/BKHCN-CĐSQG"],
        appendixes=["Phụ lục I"],
    )
    parsed = edxml.parse_envelope(edxml.build_envelope(original))
    parsed.declared_document_id = ""
    parsed.business_document_id = ""
    assert parsed == original


def test_times_do_not_depend_on_the_server_zone(monkeypatch):
    import time

    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        parsed = edxml.parse_envelope(sample("sdk_new.edxml"))
        assert parsed.trace[0][1] == datetime(2026, 3, 2, 8, 15, tzinfo=VN)
        assert "2026/03/02 09:00:00" in edxml.build_envelope(envelope()).decode()
    monkeypatch.delenv("TZ")
    time.tzset()


# --- refusals name the element -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "element"),
    [
        (
            lambda x: x.replace(b"<edXML:CodeNumber>15</edXML:CodeNumber>", b"<edXML:CodeNumber/>"),
            "CodeNumber",
        ),
        (lambda x: x.replace(b">02/03/2026<", b">31/02/2026<"), "PromulgationDate"),
        (lambda x: x.replace(b"<edXML:Priority>2<", b"<edXML:Priority>9<"), "Priority"),
        (lambda x: x.replace(b"<edXML:Priority>2<", b"<edXML:Priority>cao<"), "Priority"),
        (
            lambda x: x.replace(b"<ContentId>cid:209</ContentId>", b"<ContentId>cid:999</ContentId>"),
            "Attachment",
        ),
        (lambda x: re.sub(rb"(ContentTransferEncoded[^>]*>)", rb"\1***", x), "ContentTransferEncoded"),
        (lambda x: re.sub(rb"<edXML:To>.*?</edXML:To>", b"", x, flags=re.S), "To"),
        (
            lambda x: x.replace(b"<edXML:Timestamp>2026/03/02 08:15:00", "<edXML:Timestamp>hôm qua".encode()),
            "Timestamp",
        ),
        (lambda x: x[:300], "edXML"),
        (lambda x: b"", "edXML"),
        (lambda x: b"<Status/>", "edXML"),
    ],
)
def test_parse_errors_name_the_failing_element(mutate, element):
    with pytest.raises(edxml.EdxmlError) as error:
        edxml.parse_envelope(mutate(sample("sdk_new.edxml")))
    assert element in error.value.element and error.value.message


def test_a_zip_bomb_inside_an_attachment_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.pdf", b"%PDF-" + b"0" * (60 * 1024 * 1024))
    text = (
        (SAMPLES / "sdk_new.edxml")
        .read_text()
        .replace("{{FILE}}", base64.b64encode(buffer.getvalue()).decode())
    )
    with pytest.raises(edxml.EdxmlError, match="nén|MB"):
        edxml.parse_envelope(text.encode(), max_attachment_bytes=50 * 1024 * 1024)


def test_entity_expansion_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(edxml.EdxmlError):
        edxml.parse_envelope(bomb)


def test_a_status_message_is_not_taken_for_a_package():
    body = sample(
        "sdk_status_05.edxml", organ="X", code="1/X", date="2026/01/01", document_id="X,2026/01/01,1/X"
    )
    with pytest.raises(edxml.EdxmlError, match="trạng thái"):
        edxml.parse_envelope(body)


# --- XML-DSig ------------------------------------------------------------------------------------------------


def signed(data: bytes) -> bytes:
    """Our package signed as an enveloped XML-DSig (RSA-SHA256) placed in edXMLHeader, with a throwaway key."""
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from lxml import etree
    from signxml import XMLSigner

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Văn thư Bộ KH&CN")])
    now = datetime.now(VN)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    root = etree.fromstring(data)
    header = root.find(f"{{{NS}}}edXMLEnvelope/{{{NS}}}edXMLHeader")
    etree.SubElement(header, "{http://www.w3.org/2000/09/xmldsig#}Signature", Id="placeholder")
    result = XMLSigner(c14n_algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315").sign(
        root,
        key=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        cert=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )
    return etree.tostring(result, xml_declaration=True, encoding="UTF-8")


def test_a_signed_package_is_verified_and_a_tampered_one_is_invalid():
    package = signed(edxml.build_envelope(envelope()))
    parsed = edxml.parse_envelope(package)
    assert parsed.signature.status == "valid" and "Văn thư Bộ KH&CN" in parsed.signature.signer
    tampered = package.replace("triển khai".encode(), "hủy bỏ".encode())
    assert edxml.parse_envelope(tampered).signature.status == "invalid"
    assert edxml.parse_envelope(edxml.build_envelope(envelope())).signature is None
