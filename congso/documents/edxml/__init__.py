"""edXML (QCVN 102:2016/BTTTT, QĐ 28/2018/QĐ-TTg; regulations §2): packages and status messages written as the
national VXP SDK writes them and read in every shape the public implementations emit. Pure functions over
dataclasses: no database here. docs/exchange.md shows a package."""

from .model import (
    BUSINESS_TYPES,
    NS,
    PRIORITIES,
    STATUS_CODES,
    Attachment,
    EdxmlError,
    Envelope,
    Organization,
    SignatureCheck,
    StaffInfo,
    StatusMessage,
    compose_document_id,
    split_document_id,
)
from .reader import parse_envelope, parse_status
from .writer import build_envelope, build_status, validate_envelope

__all__ = [
    "BUSINESS_TYPES",
    "NS",
    "PRIORITIES",
    "STATUS_CODES",
    "Attachment",
    "EdxmlError",
    "Envelope",
    "Organization",
    "SignatureCheck",
    "StaffInfo",
    "StatusMessage",
    "build_envelope",
    "build_status",
    "compose_document_id",
    "parse_envelope",
    "parse_status",
    "split_document_id",
    "validate_envelope",
]
