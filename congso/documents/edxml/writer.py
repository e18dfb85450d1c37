"""Writing packages and status messages as the national VXP SDK writes them (regulations §2):

    <edXML xmlns="…QCVN_102_2016">
      <edXML:edXMLEnvelope xmlns:edXML="…QCVN_102_2016">
        <edXML:edXMLHeader> MessageHeader, TraceHeaderList (TraceHeader…, Bussiness) </edXML:edXMLHeader>
        <edXML:edXMLBody><edXML:edXMLManifest version="1.0"> Reference (ContentId cid:N, ContentType,
          Description, AttachmentName)… </edXML:edXMLManifest></edXML:edXMLBody>
      </edXML:edXMLEnvelope>
      <AttachmentEncoded> Attachment (ContentId, AttachmentName, Description, ContentType,
        edXML:ContentTransferEncoded = base64 of a zip holding the file)… </AttachmentEncoded>
    </edXML>

A status message is the same envelope whose MessageHeader holds From, ResponseFor, StaffInfo, StatusCode,
Description and Timestamp. Times are `yyyy/MM/dd HH:mm:ss` in Vietnam time; dates `yyyy/MM/dd`. The text is written
by hand (not by ElementTree) so that the namespace declarations and prefixes are exactly the SDK's."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape

from .model import (
    BUSINESS_TYPES,
    NS,
    ORGAN_ID_MAX,
    PRIORITIES,
    STATUS_CODES,
    SUBJECT_MAX,
    VIETNAM,
    EdxmlError,
    Envelope,
    Organization,
    StatusMessage,
    split_document_id,
)

Node = tuple[str, str | list["Node"]]
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return escape(_INVALID_XML.sub("", "" if value is None else str(value)))


def _render(node: Node, depth: int, out: list[str], prefix: str = "edXML:") -> None:
    tag, body = node
    pad = "  " * depth
    name, _, attributes = tag.partition(" ")
    attrs = f" {attributes}" if attributes else ""
    if isinstance(body, list):
        if not body:
            out.append(f"{pad}<{prefix}{name}{attrs}/>")
            return
        out.append(f"{pad}<{prefix}{name}{attrs}>")
        for child in body:
            _render(child, depth + 1, out, prefix)
        out.append(f"{pad}</{prefix}{name}>")
    elif body == "":
        out.append(f"{pad}<{prefix}{name}{attrs}/>")
    else:
        out.append(f"{pad}<{prefix}{name}{attrs}>{_text(body)}</{prefix}{name}>")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y/%m/%d %H:%M:%S")


def _organization(tag: str, org: Organization) -> Node:
    return (
        tag,
        [
            ("OrganId", org.organ_id),
            ("OrganizationInCharge", org.organization_in_charge or org.organ_name),
            ("OrganName", org.organ_name),
            ("OrganAdd", org.organ_add),
            ("Email", org.email),
            ("Telephone", org.telephone),
            ("Fax", org.fax),
            ("Website", org.website),
        ],
    )


def _response_for(document_id: str) -> Node:
    organ_id, issued, code = split_document_id(document_id)
    return (
        "ResponseFor",
        [("OrganId", organ_id), ("Code", code), ("PromulgationDate", issued), ("DocumentId", document_id)],
    )


def _document(envelope_nodes: list[Node], attachments: list[str]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<edXML xmlns="{NS}">']
    out.append(f'  <edXML:edXMLEnvelope xmlns:edXML="{NS}">')
    for node in envelope_nodes:
        _render(node, 2, out)
    out.append("  </edXML:edXMLEnvelope>")
    out.extend(attachments)
    out.append("</edXML>")
    return ("\n".join(out) + "\n").encode("utf-8")


def zipped(name: str, content: bytes) -> bytes:
    """The SDK sends each file inside a zip archive holding it alone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name or "tep", content)
    return buffer.getvalue()


def validate_envelope(envelope: Envelope) -> None:
    if not envelope.sender.organ_id or len(envelope.sender.organ_id) > ORGAN_ID_MAX:
        raise EdxmlError("From/OrganId", f"thiếu hoặc dài quá {ORGAN_ID_MAX} ký tự")
    if not envelope.recipients:
        raise EdxmlError("To", "cần ít nhất một nơi nhận")
    for recipient in envelope.recipients:
        if not recipient.organ_id or len(recipient.organ_id) > ORGAN_ID_MAX:
            raise EdxmlError("To/OrganId", f"thiếu hoặc dài quá {ORGAN_ID_MAX} ký tự")
    if not envelope.code_number:
        raise EdxmlError("Code/CodeNumber", "thiếu số văn bản")
    if not envelope.subject or len(envelope.subject) > SUBJECT_MAX:
        raise EdxmlError("Subject", f"thiếu trích yếu hoặc dài quá {SUBJECT_MAX} ký tự")
    if envelope.priority not in PRIORITIES:
        raise EdxmlError("OtherInfo/Priority", "độ khẩn phải từ 0 đến 4")
    if envelope.business_doc_type not in BUSINESS_TYPES:
        raise EdxmlError("TraceHeaderList/Bussiness/BussinessDocType", "phải là 0, 1, 2 hoặc 3")
    content_ids = [a.content_id for a in envelope.attachments]
    if len(set(content_ids)) != len(content_ids):
        raise EdxmlError("Attachment/ContentId", "mã tệp đính kèm bị trùng")


def build_envelope(envelope: Envelope) -> bytes:
    validate_envelope(envelope)
    when = envelope.trace or [(envelope.sender.organ_id, datetime.now(VIETNAM))]
    other: list[Node] = [
        ("Priority", str(envelope.priority)),
        ("SphereOfPromulgation", envelope.sphere),
        ("TyperNotation", envelope.typer_notation),
        ("PromulgationAmount", str(envelope.promulgation_amount)),
        ("PageAmount", str(envelope.page_amount)),
        ("Direction", "true" if envelope.direction else "false"),
        ("Appendixes", [("Appendix", text) for text in envelope.appendixes]),
    ]
    message: list[Node] = [
        _organization("From", envelope.sender),
        *(_organization("To", recipient) for recipient in envelope.recipients),
        ("DocumentId", envelope.document_id),
        ("Code", [("CodeNumber", envelope.code_number), ("CodeNotation", envelope.code_notation)]),
        (
            "PromulgationInfo",
            [
                ("Place", envelope.promulgation_place),
                ("PromulgationDate", envelope.promulgation_date.strftime("%Y/%m/%d")),
            ],
        ),
        (
            "DocumentType",
            [
                ("Type", str(envelope.type_kind)),
                ("TypeDetail", envelope.type_code),
                ("TypeName", envelope.type_name),
            ],
        ),
        ("Subject", envelope.subject),
        ("Content", envelope.content or envelope.subject),
        (
            "SignerInfo",
            [
                ("Competence", envelope.competence),
                ("Position", envelope.signer_position),
                ("FullName", envelope.signer_name),
            ],
        ),
        ("DueDate", envelope.due_date.strftime("%Y/%m/%d") if envelope.due_date else ""),
        ("OtherInfo", other),
        ("SteeringType", str(envelope.steering_type)),
        ("ToPlaces", [("Place", place) for place in envelope.to_places]),
        *(_response_for(document_id) for document_id in envelope.response_for),
    ]
    business: list[Node] = [
        ("DocumentId", envelope.business_document_id or envelope.document_id),
        ("BussinessDocType", str(envelope.business_doc_type)),
        ("BussinessDocReason", envelope.business_doc_reason or BUSINESS_TYPES[envelope.business_doc_type]),
        ("Paper", str(envelope.paper)),
        (
            "StaffInfo",
            [
                ("Department", envelope.staff.department),
                ("Staff", envelope.staff.staff),
                ("Email", envelope.staff.email),
                ("Mobile", envelope.staff.mobile),
            ],
        ),
    ]
    if envelope.replaces:
        business.append(
            (
                "ReplacementInfoList",
                [
                    ("ReplacementInfo", [("DocumentId", document_id), ("OrganIdList", [])])
                    for document_id in envelope.replaces
                ],
            )
        )
    traces: list[Node] = [
        ("TraceHeader", [("OrganId", organ_id), ("Timestamp", _stamp(moment))]) for organ_id, moment in when
    ]
    references: list[Node] = []
    encoded: list[str] = ["  <AttachmentEncoded>"] if envelope.attachments else []
    for attachment in envelope.attachments:
        content_id = (
            attachment.content_id
            if attachment.content_id.startswith("cid:")
            else f"cid:{attachment.content_id}"
        )
        description = attachment.description or attachment.name
        references.append(
            (
                "Reference",
                [
                    ("ContentId", content_id),
                    ("ContentType", "application/zip"),
                    ("Description", description),
                    ("AttachmentName", attachment.name),
                ],
            )
        )
        payload = base64.b64encode(zipped(attachment.name, attachment.content)).decode("ascii")
        encoded += [
            "    <Attachment>",
            f"      <ContentId>{_text(content_id)}</ContentId>",
            f"      <AttachmentName>{_text(attachment.name)}</AttachmentName>",
            f"      <Description>{_text(description)}</Description>",
            "      <ContentType>application/zip</ContentType>",
            f'      <edXML:ContentTransferEncoded xmlns:edXML="{NS}">{payload}</edXML:ContentTransferEncoded>',
            "    </Attachment>",
        ]
    if envelope.attachments:
        encoded.append("  </AttachmentEncoded>")
    nodes: list[Node] = [
        (
            "edXMLHeader",
            [("MessageHeader", message), ("TraceHeaderList", [*traces, ("Bussiness", business)])],
        ),
        ("edXMLBody", [("edXMLManifest " + 'version="1.0"', references)]),
    ]
    return _document(nodes, encoded)


def build_status(status: StatusMessage) -> bytes:
    if status.status_code not in STATUS_CODES:
        raise EdxmlError("StatusCode", f"mã trạng thái {status.status_code!r} không có trong QCVN 102")
    message: list[Node] = [
        _organization("From", status.sender),
        _response_for(status.document_id),
        (
            "StaffInfo",
            [
                ("Department", status.department),
                ("Staff", status.staff_name),
                ("Email", status.staff_email),
                ("Mobile", status.staff_mobile),
            ],
        ),
        ("StatusCode", status.status_code),
        ("Description", status.description or STATUS_CODES[status.status_code]),
        ("Timestamp", _stamp(status.timestamp)),
    ]
    return _document([("edXMLHeader", [("MessageHeader", message)])], [])
