"""edXML packages and status messages (QCVN 102:2016/BTTTT, QĐ 28/2018/QĐ-TTg; regulations §2): build and parse
with validation that names the failing element. Pure functions over dataclasses: no database here.

Package:  edXMLEnvelope/{edXMLHeader/{MessageHeader, TraceHeaderList}, edXMLBody/edXMLManifest/Reference*,
          Attachment* (base64, referenced by content id "cid:…")}
Status:   Status/{From, ResponseFor, StaffInfo, StatusCode, Description, Timestamp}
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import (  # building only; parsing goes through defusedxml
    Element,
    SubElement,
    tostring,
)

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
STATUS_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016/Status"
DOCUMENT_ID_RE = re.compile(r"^[^,]+,\d{4}/\d{2}/\d{2},[^,]+$")
PRIORITIES = {0: "normal", 1: "urgent", 2: "very_urgent", 3: "express", 4: "express"}
STATUS_CODES = {"01", "02", "03", "04", "05", "06", "13", "15", "16"}
SUBJECT_MAX = 500


class EdxmlError(ValueError):
    """A package or status message that does not follow the format; `element` names the failing element."""

    def __init__(self, element: str, message: str):
        super().__init__(f"{element}: {message}")
        self.element = element
        self.message = message


@dataclass
class Organization:
    organ_id: str
    organ_name: str = ""
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass
class Attachment:
    content_id: str
    name: str
    content_type: str
    content: bytes
    description: str = ""


@dataclass
class Envelope:
    sender: Organization
    recipients: list[Organization]
    code_number: str
    code_notation: str
    promulgation_place: str
    promulgation_date: date
    type_code: str
    type_name: str
    subject: str
    signer_name: str
    signer_position: str = ""
    competence: str = ""
    content: str = ""
    due_date: date | None = None
    to_places: list[str] = field(default_factory=list)
    priority: int = 0
    page_amount: int = 1
    promulgation_amount: int = 1
    steering_type: int = 0
    response_for: list[str] = field(default_factory=list)  # DocumentIds this one answers
    business_doc_type: int = 0  # 0 new, 1 recall, 2 update, 3 replace
    business_doc_reason: str = ""
    paper: int = 0
    staff_name: str = ""
    replaces: list[str] = field(default_factory=list)  # DocumentIds a replacement (type 3) replaces
    trace: list[tuple[str, datetime]] = field(default_factory=list)  # (OrganId, Timestamp) per hop
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def document_id(self) -> str:
        """`<issuer OrganId>,<yyyy/MM/dd>,<number>/<symbol>`."""
        code = f"{self.code_number}/{self.code_notation}" if self.code_notation else self.code_number
        return f"{self.sender.organ_id},{self.promulgation_date:%Y/%m/%d},{code}"


@dataclass
class StatusMessage:
    sender: Organization
    document_id: str
    status_code: str
    timestamp: datetime
    staff_name: str = ""
    description: str = ""
    department: str = ""


# --- building ------------------------------------------------------------------------------------------


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def _text(parent: Element, tag: str, value: object, ns: str = NS) -> Element:
    element = SubElement(parent, _q(tag, ns))
    element.text = "" if value is None else str(value)
    return element


def _organization(parent: Element, tag: str, org: Organization, ns: str = NS) -> None:
    node = SubElement(parent, _q(tag, ns))
    for name, value in [
        ("OrganId", org.organ_id),
        ("OrganizationInCharge", org.organization_in_charge),
        ("OrganName", org.organ_name),
        ("OrganAdd", org.organ_add),
        ("Email", org.email),
        ("Telephone", org.telephone),
        ("Fax", org.fax),
        ("Website", org.website),
    ]:
        _text(node, name, value, ns)


def build_envelope(envelope: Envelope) -> bytes:
    validate_envelope(envelope)
    root = Element(_q("edXMLEnvelope"))
    header = SubElement(root, _q("edXMLHeader"))
    message = SubElement(header, _q("MessageHeader"))
    _organization(message, "From", envelope.sender)
    for recipient in envelope.recipients:
        _organization(message, "To", recipient)
    code = SubElement(message, _q("Code"))
    _text(code, "CodeNumber", envelope.code_number)
    _text(code, "CodeNotation", envelope.code_notation)
    promulgation = SubElement(message, _q("PromulgationInfo"))
    _text(promulgation, "Place", envelope.promulgation_place)
    _text(promulgation, "PromulgationDate", envelope.promulgation_date.strftime("%Y/%m/%d"))
    document_type = SubElement(message, _q("DocumentType"))
    _text(document_type, "Type", 1)
    _text(document_type, "TypeDetail", envelope.type_code)
    _text(document_type, "TypeName", envelope.type_name)
    _text(message, "Subject", envelope.subject)
    _text(message, "Content", envelope.content)
    signer = SubElement(message, _q("SignerInfo"))
    _text(signer, "Competence", envelope.competence)
    _text(signer, "Position", envelope.signer_position)
    _text(signer, "FullName", envelope.signer_name)
    _text(message, "DueDate", envelope.due_date.strftime("%Y/%m/%d") if envelope.due_date else "")
    places = SubElement(message, _q("ToPlaces"))
    for place in envelope.to_places:
        _text(places, "Place", place)
    other = SubElement(message, _q("OtherInfo"))
    _text(other, "Priority", envelope.priority)
    _text(other, "SphereOfPromulgation", "")
    _text(other, "TyperNotation", "")
    _text(other, "PromulgationAmount", envelope.promulgation_amount)
    _text(other, "PageAmount", envelope.page_amount)
    _text(other, "Appendixes", len(envelope.attachments))
    for document_id in envelope.response_for:
        response = SubElement(message, _q("ResponseFor"))
        organ, issued, code_text = document_id.split(",", 2)
        _text(response, "OrganId", organ)
        _text(response, "Code", code_text)
        _text(response, "PromulgationDate", issued)
        _text(response, "DocumentId", document_id)
    _text(message, "SteeringType", envelope.steering_type)
    _text(message, "DocumentId", envelope.document_id)
    traces = SubElement(header, _q("TraceHeaderList"))
    for organ_id, moment in envelope.trace or [(envelope.sender.organ_id, datetime.now().astimezone())]:
        trace = SubElement(traces, _q("TraceHeader"))
        _text(trace, "OrganId", organ_id)
        _text(trace, "Timestamp", moment.isoformat(timespec="seconds"))
    business = SubElement(traces, _q("Business"))
    _text(business, "BusinessDocType", envelope.business_doc_type)
    _text(business, "BusinessDocReason", envelope.business_doc_reason)
    _text(business, "Paper", envelope.paper)
    staff = SubElement(business, _q("StaffInfo"))
    _text(staff, "Staff", envelope.staff_name)
    if envelope.replaces:
        replacements = SubElement(business, _q("ReplacementInfoList"))
        for document_id in envelope.replaces:
            replacement = SubElement(replacements, _q("ReplacementInfo"))
            _text(replacement, "DocumentId", document_id)
    body = SubElement(root, _q("edXMLBody"))
    manifest = SubElement(body, _q("edXMLManifest"))
    for attachment in envelope.attachments:
        reference = SubElement(manifest, _q("Reference"))
        reference.set("href", f"cid:{attachment.content_id}")
        _text(reference, "AttachmentName", attachment.name)
        _text(reference, "ContentType", attachment.content_type)
        _text(reference, "Description", attachment.description)
    for attachment in envelope.attachments:
        node = SubElement(root, _q("Attachment"))
        node.set("ContentId", attachment.content_id)
        node.text = base64.b64encode(attachment.content).decode("ascii")
    return tostring(root, encoding="utf-8", xml_declaration=True)


def build_status(status: StatusMessage) -> bytes:
    if status.status_code not in STATUS_CODES:
        raise EdxmlError("StatusCode", f"unknown status code {status.status_code!r}")
    root = Element(_q("Status", STATUS_NS))
    header = SubElement(root, _q("Header", STATUS_NS))
    _organization(header, "From", status.sender, STATUS_NS)
    response = SubElement(header, _q("ResponseFor", STATUS_NS))
    _text(response, "DocumentId", status.document_id, STATUS_NS)
    staff = SubElement(header, _q("StaffInfo", STATUS_NS))
    _text(staff, "Department", status.department, STATUS_NS)
    _text(staff, "Staff", status.staff_name, STATUS_NS)
    _text(header, "StatusCode", status.status_code, STATUS_NS)
    _text(header, "Description", status.description, STATUS_NS)
    _text(header, "Timestamp", status.timestamp.isoformat(timespec="seconds"), STATUS_NS)
    return tostring(root, encoding="utf-8", xml_declaration=True)


# --- validation and parsing ----------------------------------------------------------------------------


def validate_envelope(envelope: Envelope) -> None:
    if not envelope.sender.organ_id or len(envelope.sender.organ_id) > 35:
        raise EdxmlError("From/OrganId", "missing or longer than 35 characters")
    if not envelope.recipients:
        raise EdxmlError("To", "at least one recipient")
    for recipient in envelope.recipients:
        if not recipient.organ_id or len(recipient.organ_id) > 35:
            raise EdxmlError("To/OrganId", "missing or longer than 35 characters")
    if not envelope.code_number:
        raise EdxmlError("Code/CodeNumber", "missing")
    if not envelope.subject or len(envelope.subject) > SUBJECT_MAX:
        raise EdxmlError("Subject", f"missing or longer than {SUBJECT_MAX} characters")
    if envelope.priority not in PRIORITIES:
        raise EdxmlError("OtherInfo/Priority", "must be 0 to 4")
    if envelope.business_doc_type not in (0, 1, 2, 3):
        raise EdxmlError("TraceHeaderList/Business/BusinessDocType", "must be 0, 1, 2 or 3")
    content_ids = [a.content_id for a in envelope.attachments]
    if len(set(content_ids)) != len(content_ids):
        raise EdxmlError("Attachment", "content ids must be unique")


def _parse_xml(data: bytes, root_tag: str):
    if not data:
        raise EdxmlError(root_tag, "empty message")
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise EdxmlError(root_tag, f"not well-formed XML ({exc})") from None
    return root


def _child(node, path: str, ns: str = NS, *, required: bool = True, where: str = ""):
    found = node
    for part in path.split("/"):
        found = found.find(_q(part, ns)) if found is not None else None
    if found is None and required:
        raise EdxmlError(f"{where}{path}", "missing")
    return found


def _value(node, path: str, ns: str = NS, *, required: bool = False, where: str = "") -> str:
    found = _child(node, path, ns, required=required, where=where)
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        raise EdxmlError(f"{where}{path}", "empty")
    return value


def _date(node, path: str, *, required: bool, where: str = "") -> date | None:
    value = _value(node, path, required=required, where=where)
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y/%m/%d").date()
    except ValueError:
        raise EdxmlError(f"{where}{path}", f"date {value!r} is not yyyy/MM/dd") from None


def _int(node, path: str, default: int, *, where: str = "") -> int:
    value = _value(node, path, where=where)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise EdxmlError(f"{where}{path}", f"{value!r} is not a number") from None


def _parse_organization(node, ns: str = NS) -> Organization:
    return Organization(
        organ_id=_value(node, "OrganId", ns, required=True, where=f"{node.tag.split('}')[-1]}/"),
        organ_name=_value(node, "OrganName", ns),
        organization_in_charge=_value(node, "OrganizationInCharge", ns),
        organ_add=_value(node, "OrganAdd", ns),
        email=_value(node, "Email", ns),
        telephone=_value(node, "Telephone", ns),
        fax=_value(node, "Fax", ns),
        website=_value(node, "Website", ns),
    )


def parse_envelope(data: bytes, *, max_attachment_bytes: int | None = None) -> Envelope:
    root = _parse_xml(data, "edXMLEnvelope")
    if root.tag != _q("edXMLEnvelope"):
        raise EdxmlError("edXMLEnvelope", f"unexpected root element {root.tag}")
    message = _child(root, "edXMLHeader/MessageHeader")
    sender_node = _child(message, "From", where="MessageHeader/")
    recipients = [_parse_organization(node) for node in message.findall(_q("To"))]
    if not recipients:
        raise EdxmlError("MessageHeader/To", "missing")
    where = "MessageHeader/"
    response_for = [_value(node, "DocumentId") for node in message.findall(_q("ResponseFor"))]
    trace_list = _child(root, "edXMLHeader/TraceHeaderList")
    trace = []
    for node in trace_list.findall(_q("TraceHeader")):
        stamp = _value(node, "Timestamp", required=True, where="TraceHeader/")
        try:
            trace.append(
                (_value(node, "OrganId", required=True, where="TraceHeader/"), datetime.fromisoformat(stamp))
            )
        except ValueError:
            raise EdxmlError("TraceHeader/Timestamp", f"{stamp!r} is not ISO 8601") from None
    business = _child(trace_list, "Business", where="TraceHeaderList/")
    envelope = Envelope(
        sender=_parse_organization(sender_node),
        recipients=recipients,
        code_number=_value(message, "Code/CodeNumber", required=True, where=where),
        code_notation=_value(message, "Code/CodeNotation", where=where),
        promulgation_place=_value(message, "PromulgationInfo/Place", where=where),
        promulgation_date=_date(message, "PromulgationInfo/PromulgationDate", required=True, where=where),  # type: ignore[arg-type]
        type_code=_value(message, "DocumentType/TypeDetail", where=where),
        type_name=_value(message, "DocumentType/TypeName", required=True, where=where),
        subject=_value(message, "Subject", required=True, where=where),
        content=_value(message, "Content", where=where),
        signer_name=_value(message, "SignerInfo/FullName", where=where),
        signer_position=_value(message, "SignerInfo/Position", where=where),
        competence=_value(message, "SignerInfo/Competence", where=where),
        due_date=_date(message, "DueDate", required=False, where=where),
        to_places=[(n.text or "").strip() for n in message.findall(f"{_q('ToPlaces')}/{_q('Place')}")],
        priority=_int(message, "OtherInfo/Priority", 0, where=where),
        page_amount=_int(message, "OtherInfo/PageAmount", 1, where=where),
        promulgation_amount=_int(message, "OtherInfo/PromulgationAmount", 1, where=where),
        steering_type=_int(message, "SteeringType", 0, where=where),
        response_for=[r for r in response_for if r],
        business_doc_type=_int(business, "BusinessDocType", 0, where="Business/"),
        business_doc_reason=_value(business, "BusinessDocReason"),
        paper=_int(business, "Paper", 0, where="Business/"),
        staff_name=_value(business, "StaffInfo/Staff"),
        replaces=[
            (node.text or "").strip()
            for node in business.findall(
                f"{_q('ReplacementInfoList')}/{_q('ReplacementInfo')}/{_q('DocumentId')}"
            )
        ],
        trace=trace,
    )
    declared = _value(message, "DocumentId", required=True, where=where)
    if not DOCUMENT_ID_RE.match(declared):
        raise EdxmlError("MessageHeader/DocumentId", f"{declared!r} is not organ,yyyy/MM/dd,number/symbol")
    if declared != envelope.document_id:
        raise EdxmlError("MessageHeader/DocumentId", "does not match From/OrganId, PromulgationDate and Code")
    payloads = {node.get("ContentId"): node.text or "" for node in root.findall(_q("Attachment"))}
    manifest = _child(root, "edXMLBody/edXMLManifest")
    for reference in manifest.findall(_q("Reference")):
        href = reference.get("href") or ""
        if not href.startswith("cid:"):
            raise EdxmlError("edXMLManifest/Reference", f"href {href!r} is not cid:…")
        content_id = href[4:]
        if content_id not in payloads:
            raise EdxmlError("Attachment", f"no attachment with ContentId {content_id!r}")
        try:
            content = base64.b64decode(payloads[content_id], validate=True)
        except (binascii.Error, ValueError):
            raise EdxmlError("Attachment", f"{content_id!r} is not valid base64") from None
        if max_attachment_bytes is not None and len(content) > max_attachment_bytes:
            raise EdxmlError(
                "Attachment", f"{content_id!r} is larger than {max_attachment_bytes // (1024 * 1024)} MB"
            )
        envelope.attachments.append(
            Attachment(
                content_id=content_id,
                name=_value(reference, "AttachmentName", required=True, where="Reference/"),
                content_type=_value(reference, "ContentType"),
                content=content,
                description=_value(reference, "Description"),
            )
        )
    validate_envelope(envelope)
    return envelope


def parse_status(data: bytes) -> StatusMessage:
    root = _parse_xml(data, "Status")
    if root.tag != _q("Status", STATUS_NS):
        raise EdxmlError("Status", f"unexpected root element {root.tag}")
    header = _child(root, "Header", STATUS_NS)
    code = _value(header, "StatusCode", STATUS_NS, required=True, where="Header/")
    if code not in STATUS_CODES:
        raise EdxmlError("Header/StatusCode", f"unknown status code {code!r}")
    stamp = _value(header, "Timestamp", STATUS_NS, required=True, where="Header/")
    try:
        timestamp = datetime.fromisoformat(stamp)
    except ValueError:
        raise EdxmlError("Header/Timestamp", f"{stamp!r} is not ISO 8601") from None
    return StatusMessage(
        sender=_parse_organization(_child(header, "From", STATUS_NS, where="Header/"), STATUS_NS),
        document_id=_value(header, "ResponseFor/DocumentId", STATUS_NS, required=True, where="Header/"),
        status_code=code,
        timestamp=timestamp,
        staff_name=_value(header, "StaffInfo/Staff", STATUS_NS),
        department=_value(header, "StaffInfo/Department", STATUS_NS),
        description=_value(header, "Description", STATUS_NS),
    )
