"""Reading packages and status messages in every shape the public implementations emit (regulations §2):

- the SDK's: `<edXML>` → `edXML:edXMLEnvelope`, files beside the envelope in `AttachmentEncoded/Attachment`
  (ContentId as an element, `ContentTransferEncoded` base64, often a zip holding the file), the manifest's
  `Reference` with `ContentId` as an element;
- earlier Công Sở packages: `edXMLEnvelope` as the root, `Attachment` elements with a `ContentId` attribute, the
  manifest's `Reference href="cid:…"`; earlier status messages under a `Status` root;
- a gateway variant with `edXMLAttachments/Attachment/{AttachmentName, AttachmentData}`.

Namespaces and prefixes are ignored (elements are matched by local name), element order is free, the business
block is read under both spellings (`Bussiness…`, `Business…`), dates as `yyyy/MM/dd`, `dd/MM/yyyy` or
`yyyy-MM-dd`, times as `yyyy/MM/dd HH:mm:ss` (Vietnam time) or ISO 8601. Every refusal names the element and says
why in Vietnamese. Limits are checked before anything is decoded or unpacked."""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from datetime import date, datetime
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .model import (
    PRIORITIES,
    STATUS_CODES,
    VIETNAM,
    Attachment,
    EdxmlError,
    Envelope,
    Organization,
    StaffInfo,
    StatusMessage,
    compose_document_id,
)
from .signature import check_signature
from .writer import validate_envelope

MAX_ATTACHMENTS = 100
MAX_ZIP_MEMBERS = 20
DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%d")
STAMP_FORMATS = ("%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(node: Any, *names: str) -> list[Any]:
    return [child for child in list(node) if _local(child.tag) in names] if node is not None else []


def _kid(node: Any, *names: str) -> Any:
    found = _kids(node, *names)
    return found[0] if found else None


def _path(node: Any, path: str) -> Any:
    for part in path.split("/"):
        node = _kid(node, *part.split("|"))
        if node is None:
            return None
    return node


def _value(node: Any, path: str, *, required: bool = False, where: str = "") -> str:
    found = _path(node, path)
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        label = path.split("|")[0]
        raise EdxmlError(f"{where}{label}", "thiếu" if found is None else "để trống")
    return value


def parse_date(value: str, element: str) -> date:
    text = value.strip().split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise EdxmlError(element, f"ngày {value!r} không đúng dạng yyyy/MM/dd hoặc dd/MM/yyyy")


def parse_moment(value: str, element: str) -> datetime:
    text = value.strip()
    for pattern in STAMP_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=VIETNAM)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise EdxmlError(element, f"thời điểm {value!r} không đúng dạng yyyy/MM/dd HH:mm:ss") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def _int(node: Any, path: str, default: int, *, where: str = "") -> int:
    value = _value(node, path)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise EdxmlError(f"{where}{path.split('|')[0]}", f"{value!r} không phải là số") from None


def _parse_xml(data: bytes, what: str) -> Any:
    if not data:
        raise EdxmlError(what, "thông điệp rỗng")
    try:
        return SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise EdxmlError(what, f"không phải XML hợp lệ ({exc})") from None


def _organization(node: Any, where: str) -> Organization:
    return Organization(
        organ_id=_value(node, "OrganId", required=True, where=f"{where}/"),
        organ_name=_value(node, "OrganName"),
        organization_in_charge=_value(node, "OrganizationInCharge"),
        organ_add=_value(node, "OrganAdd"),
        email=_value(node, "Email"),
        telephone=_value(node, "Telephone"),
        fax=_value(node, "Fax"),
        website=_value(node, "Website"),
    )


def _staff(node: Any) -> StaffInfo:
    return StaffInfo(
        department=_value(node, "Department"),
        staff=_value(node, "Staff"),
        email=_value(node, "Email"),
        mobile=_value(node, "Mobile"),
    )


def _response_for(node: Any, where: str, *, required: bool = False) -> str:
    """The DocumentId a ResponseFor names; composed from OrganId, PromulgationDate and Code when absent."""
    declared = _value(node, "DocumentId")
    if declared:
        return declared
    organ_id, code, issued = _value(node, "OrganId"), _value(node, "Code"), _value(node, "PromulgationDate")
    if organ_id and code and issued:
        return compose_document_id(organ_id, parse_date(issued, f"{where}ResponseFor/PromulgationDate"), code)
    if required:
        raise EdxmlError(f"{where}ResponseFor/DocumentId", "thiếu mã văn bản được phản hồi")
    return ""


def _envelope_of(root: Any) -> tuple[Any, Any]:
    """(the envelope element, the element that holds the attachments)."""
    if _local(root.tag) == "edXMLEnvelope":
        return root, root
    if _local(root.tag) != "edXML":
        raise EdxmlError("edXML", f"phần tử gốc {_local(root.tag)!r} không phải edXML")
    envelope = _kid(root, "edXMLEnvelope")
    if envelope is None:
        raise EdxmlError("edXML/edXMLEnvelope", "thiếu")
    return envelope, root


def _content_id(value: str) -> str:
    value = value.strip().strip("<>")
    return value[4:] if value.lower().startswith("cid:") else value


def _decode(text: str, content_id: str, limit: int | None) -> bytes:
    compact = "".join(text.split())
    if limit is not None and len(compact) // 4 * 3 > limit + 3:
        raise EdxmlError("Attachment", f"tệp {content_id!r} lớn hơn {limit // (1024 * 1024)} MB")
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise EdxmlError(
            "Attachment/ContentTransferEncoded", f"tệp {content_id!r} không phải base64 hợp lệ"
        ) from None


def _unwrap(name: str, content_type: str, data: bytes, limit: int | None) -> list[tuple[str, bytes]]:
    """The file(s) inside the zip the SDK wraps each attachment in. A DOCX (itself a zip) is left alone; so is a
    zip the sender attached as such (its name ends in .zip)."""
    if not data.startswith(b"PK\x03\x04") or name.lower().endswith(".zip"):
        return [(name, data)]
    from congso.core.uploads import archive_problem

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            names = {m.filename for m in members}
            if "[Content_Types].xml" in names:  # an Office Open XML file (DOCX, XLSX), not the SDK's wrapper
                return [(name, data)]
            if not members or len(members) > MAX_ZIP_MEMBERS:
                raise EdxmlError("Attachment", f"tệp nén {name!r} rỗng hoặc có quá nhiều tệp")
            problem = archive_problem(data)
            if problem:
                raise EdxmlError("Attachment", f"tệp nén {name!r} bị từ chối: {problem}")
            if limit is not None and any(m.file_size > limit for m in members):
                raise EdxmlError("Attachment", f"tệp {name!r} giải nén lớn hơn {limit // (1024 * 1024)} MB")
            if len(members) == 1:
                return [(name, archive.read(members[0]))]
            return [(m.filename.replace("\\", "/").rsplit("/", 1)[-1], archive.read(m)) for m in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        if isinstance(exc, EdxmlError):
            raise
        return [(name, data)]  # not really a zip: the upload check decides what it is


def _payloads(envelope: Any, holder: Any, limit: int | None) -> list[dict[str, Any]]:
    """Every attached file, in the order given, from whichever shape the package uses."""
    found: list[dict[str, Any]] = []
    for block in _kids(holder, "AttachmentEncoded"):
        for node in _kids(block, "Attachment"):
            found.append(
                {
                    "content_id": _content_id(_value(node, "ContentId") or node.get("ContentId", "")),
                    "name": _value(node, "AttachmentName"),
                    "content_type": _value(node, "ContentType"),
                    "description": _value(node, "Description"),
                    "text": _value(node, "ContentTransferEncoded"),
                }
            )
    for node in [
        *_kids(holder, "Attachment"),
        *([] if holder is envelope else _kids(envelope, "Attachment")),
    ]:
        if node.get("ContentId") is not None:
            found.append(
                {
                    "content_id": _content_id(node.get("ContentId", "")),
                    "name": "",
                    "content_type": "",
                    "description": "",
                    "text": node.text or "",
                }
            )
    for block in _kids(envelope, "edXMLAttachments"):
        for index, node in enumerate(_kids(block, "Attachment"), start=1):
            found.append(
                {
                    "content_id": f"gw-{index}",
                    "name": _value(node, "AttachmentName"),
                    "content_type": "",
                    "description": "",
                    "text": _value(node, "AttachmentData"),
                }
            )
    if len(found) > MAX_ATTACHMENTS:
        raise EdxmlError("AttachmentEncoded", f"quá {MAX_ATTACHMENTS} tệp đính kèm")
    return found


def _attachments(envelope: Any, holder: Any, limit: int | None) -> list[Attachment]:
    payloads = _payloads(envelope, holder, limit)
    by_id = {p["content_id"]: p for p in payloads if p["content_id"]}
    manifest = _path(envelope, "edXMLBody/edXMLManifest")
    ordered: list[tuple[dict[str, Any], dict[str, str]]] = []
    for reference in _kids(manifest, "Reference"):
        content_id = _content_id(_value(reference, "ContentId") or reference.get("href", ""))
        if not content_id:
            raise EdxmlError("edXMLManifest/Reference/ContentId", "thiếu mã tệp (cid:…)")
        payload = by_id.pop(content_id, None)
        if payload is None:
            raise EdxmlError(
                "AttachmentEncoded/Attachment", f"không có tệp mang mã {content_id!r} trong gói tin"
            )
        ordered.append(
            (
                payload,
                {
                    "name": _value(reference, "AttachmentName"),
                    "content_type": _value(reference, "ContentType"),
                    "description": _value(reference, "Description"),
                },
            )
        )
    ordered += [(p, {}) for p in payloads if p["content_id"] in by_id or not p["content_id"]]
    result: list[Attachment] = []
    for payload, reference in ordered:
        name = (
            reference.get("name") or payload["name"] or reference.get("description") or payload["description"]
        )
        content_type = reference.get("content_type") or payload["content_type"]
        raw = _decode(payload["text"], payload["content_id"], limit)
        for index, (member_name, content) in enumerate(_unwrap(name, content_type, raw, limit)):
            if limit is not None and len(content) > limit:
                raise EdxmlError("Attachment", f"tệp {member_name!r} lớn hơn {limit // (1024 * 1024)} MB")
            result.append(
                Attachment(
                    content_id=payload["content_id"] + (f"-{index}" if index else ""),
                    name=member_name or f"tep-{len(result) + 1}",
                    content_type=content_type,
                    content=content,
                    description=reference.get("description") or payload["description"],
                )
            )
    return result


def parse_envelope(data: bytes, *, max_attachment_bytes: int | None = None) -> Envelope:
    root = _parse_xml(data, "edXML")
    envelope_node, holder = _envelope_of(root)
    header = _kid(envelope_node, "edXMLHeader")
    message = _kid(header, "MessageHeader")
    if message is None:
        raise EdxmlError("edXMLHeader/MessageHeader", "thiếu")
    if _kid(message, "StatusCode") is not None:
        raise EdxmlError("MessageHeader", "đây là thông điệp trạng thái, không phải gói tin văn bản")
    where = "MessageHeader/"
    sender = _kid(message, "From")
    if sender is None:
        raise EdxmlError(f"{where}From", "thiếu nơi gửi")
    recipients = [_organization(node, f"{where}To") for node in _kids(message, "To")]
    if not recipients:
        raise EdxmlError(f"{where}To", "thiếu nơi nhận")
    traces = _kid(header, "TraceHeaderList")
    trace = [
        (
            _value(node, "OrganId", required=True, where="TraceHeader/"),
            parse_moment(
                _value(node, "Timestamp", required=True, where="TraceHeader/"), "TraceHeader/Timestamp"
            ),
        )
        for node in _kids(traces, "TraceHeader")
    ]
    business = _kid(traces, "Bussiness", "Business")
    priority = _int(message, "OtherInfo/Priority", 0, where=where)
    if priority not in PRIORITIES:
        raise EdxmlError(f"{where}OtherInfo/Priority", f"độ khẩn {priority} không thuộc 0–4")
    business_type = _int(business, "BussinessDocType|BusinessDocType", 0, where="Bussiness/")
    due = _value(message, "DueDate")
    declared = _value(message, "DocumentId")
    if len(declared) > 255:
        raise EdxmlError(f"{where}DocumentId", "dài quá 255 ký tự")
    envelope = Envelope(
        sender=_organization(sender, f"{where}From"),
        recipients=recipients,
        code_number=_value(message, "Code/CodeNumber", required=True, where=where),
        code_notation=_value(message, "Code/CodeNotation"),
        promulgation_place=_value(message, "PromulgationInfo/Place"),
        promulgation_date=parse_date(
            _value(message, "PromulgationInfo/PromulgationDate", required=True, where=where),
            f"{where}PromulgationInfo/PromulgationDate",
        ),
        type_kind=_int(message, "DocumentType/Type", 1, where=where),
        type_code=_value(message, "DocumentType/TypeDetail"),
        type_name=_value(message, "DocumentType/TypeName"),
        subject=_value(message, "Subject", required=True, where=where),
        content=_value(message, "Content"),
        signer_name=_value(message, "SignerInfo/FullName"),
        signer_position=_value(message, "SignerInfo/Position"),
        competence=_value(message, "SignerInfo/Competence"),
        due_date=parse_date(due, f"{where}DueDate") if due else None,
        to_places=[
            t for t in ((n.text or "").strip() for n in _kids(_kid(message, "ToPlaces"), "Place")) if t
        ],
        priority=priority,
        page_amount=_int(message, "OtherInfo/PageAmount", 1, where=where),
        promulgation_amount=_int(message, "OtherInfo/PromulgationAmount", 1, where=where),
        sphere=_value(message, "OtherInfo/SphereOfPromulgation"),
        typer_notation=_value(message, "OtherInfo/TyperNotation"),
        direction=_value(message, "OtherInfo/Direction").lower() in ("true", "1"),
        appendixes=[
            t
            for t in (
                (n.text or "").strip() for n in _kids(_path(message, "OtherInfo/Appendixes"), "Appendix")
            )
            if t
        ],
        steering_type=_int(message, "SteeringType", 0, where=where),
        response_for=[r for r in (_response_for(n, where) for n in _kids(message, "ResponseFor")) if r],
        business_doc_type=business_type,
        business_doc_reason=_value(business, "BussinessDocReason|BusinessDocReason"),
        business_document_id=_value(business, "DocumentId"),
        paper=_int(business, "Paper", 0, where="Bussiness/"),
        staff=_staff(_kid(business, "StaffInfo")),
        replaces=[
            v
            for v in (
                _value(node, "DocumentId")
                for node in _kids(_kid(business, "ReplacementInfoList"), "ReplacementInfo")
            )
            if v
        ],
        trace=trace,
        declared_document_id=declared,
    )
    envelope.attachments = _attachments(envelope_node, holder, max_attachment_bytes)
    envelope.signature = check_signature(data, _kid(header, "Signature"))
    validate_envelope(envelope)
    return envelope


def parse_status(data: bytes) -> StatusMessage:
    root = _parse_xml(data, "edXML")
    if _local(root.tag) == "Status":  # earlier Công Sở status messages
        message = _kid(root, "Header")
    else:
        envelope, _holder = _envelope_of(root)
        message = _path(envelope, "edXMLHeader/MessageHeader")
    if message is None:
        raise EdxmlError("edXMLHeader/MessageHeader", "thiếu")
    where = "MessageHeader/"
    code = _value(message, "StatusCode", required=True, where=where)
    if code not in STATUS_CODES:
        raise EdxmlError(f"{where}StatusCode", f"mã trạng thái {code!r} không có trong QCVN 102")
    sender = _kid(message, "From")
    if sender is None:
        raise EdxmlError(f"{where}From", "thiếu nơi gửi trạng thái")
    response = _kid(message, "ResponseFor")
    if response is None:
        raise EdxmlError(f"{where}ResponseFor", "thiếu văn bản được phản hồi")
    staff = _staff(_kid(message, "StaffInfo"))
    return StatusMessage(
        sender=_organization(sender, f"{where}From"),
        document_id=_response_for(response, where, required=True),
        status_code=code,
        timestamp=parse_moment(_value(message, "Timestamp", required=True, where=where), f"{where}Timestamp"),
        staff_name=staff.staff,
        department=staff.department,
        staff_email=staff.email,
        staff_mobile=staff.mobile,
        description=_value(message, "Description"),
    )
