"""The content of edXML packages and status messages (QCVN 102:2016/BTTTT; regulations §2), as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
# The wall-clock times in packages (TraceHeader, status Timestamp) are Vietnam time, whatever the server's zone.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PRIORITIES = {0: "normal", 1: "urgent", 2: "very_urgent", 3: "express", 4: "express"}
STATUS_CODES = {
    "01": "đã đến",
    "02": "từ chối tiếp nhận",
    "03": "đã tiếp nhận (vào sổ)",
    "04": "đã phân công",
    "05": "đang xử lý",
    "06": "đã hoàn thành",
    "13": "đề nghị lấy lại / cập nhật",
    "15": "đồng ý lấy lại / cập nhật",
    "16": "từ chối lấy lại / cập nhật",
}
BUSINESS_TYPES = {0: "văn bản mới", 1: "thu hồi", 2: "cập nhật", 3: "thay thế"}
SUBJECT_MAX = 500
ORGAN_ID_MAX = 35


class EdxmlError(ValueError):
    """A package or status message that does not follow the format; `element` names the failing element and
    `message` says why, in Vietnamese (it is shown to the clerk and sent back in status 02)."""

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
class StaffInfo:
    department: str = ""
    staff: str = ""
    email: str = ""
    mobile: str = ""


@dataclass
class Attachment:
    content_id: str
    name: str
    content_type: str
    content: bytes
    description: str = ""


@dataclass
class SignatureCheck:
    """The XML-DSig signature in edXMLHeader: absent, valid (over the whole package, with the certificate it
    carries), invalid (the package was altered, or signed by another key) or unverifiable (present but not a
    signature we can check: no certificate, or not in the XML-DSig namespace)."""

    status: str
    detail: str = ""
    signer: str = ""
    algorithm: str = ""
    certificate: str = ""  # PEM of the signer's certificate the package carries, for the trust check
    trust: dict[str, Any] | None = None  # set by the receiver: the trust store's verdict (signatures)

    @property
    def weak(self) -> bool:
        """SHA-1 (older systems): still verified, reported as weak (regulations §2)."""
        return "sha1" in self.algorithm.lower()

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "detail": self.detail,
            "signer": self.signer,
            "algorithm": self.algorithm,
            "weak": self.weak,
            **(
                {"trusted": self.trust.get("trusted"), "problem": self.trust.get("problem")}
                if self.trust
                else {}
            ),
        }


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
    sphere: str = ""
    typer_notation: str = ""
    direction: bool = False
    appendixes: list[str] = field(default_factory=list)
    steering_type: int = 0
    type_kind: int = 1  # DocumentType/Type: 1 administrative, 2 legal (QCVN 102)
    response_for: list[str] = field(default_factory=list)  # DocumentIds this one answers
    business_doc_type: int = 0  # 0 new, 1 recall, 2 update, 3 replace
    business_doc_reason: str = ""
    business_document_id: str = ""
    paper: int = 0
    staff: StaffInfo = field(default_factory=StaffInfo)
    replaces: list[str] = field(default_factory=list)  # DocumentIds a replacement (type 3) replaces
    trace: list[tuple[str, datetime]] = field(default_factory=list)  # (OrganId, Timestamp) per hop
    attachments: list[Attachment] = field(default_factory=list)
    declared_document_id: str = ""
    signature: SignatureCheck | None = field(default=None, compare=False)

    @property
    def code(self) -> str:
        return f"{self.code_number}/{self.code_notation}" if self.code_notation else self.code_number

    @property
    def document_id(self) -> str:
        """The DocumentId the package declares, else the one QCVN 102 composes: `<issuer OrganId>,<yyyy/MM/dd>,
        <number>/<symbol>` (packages from the axis sometimes carry another form, or a date that differs from
        PromulgationDate: the declared id is what the sender will use in statuses, so it is kept as it is)."""
        return self.declared_document_id or compose_document_id(
            self.sender.organ_id, self.promulgation_date, self.code
        )

    @property
    def staff_name(self) -> str:
        return self.staff.staff


@dataclass
class StatusMessage:
    sender: Organization
    document_id: str
    status_code: str
    timestamp: datetime
    staff_name: str = ""
    description: str = ""
    department: str = ""
    staff_email: str = ""
    staff_mobile: str = ""


def compose_document_id(organ_id: str, promulgation_date: date, code: str) -> str:
    return f"{organ_id},{promulgation_date:%Y/%m/%d},{code}"


def split_document_id(document_id: str) -> tuple[str, str, str]:
    """(organ id, yyyy/MM/dd, number/symbol) of a QCVN 102 DocumentId; ("", "", document_id) for another form."""
    parts = document_id.split(",", 2)
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return "", "", document_id
