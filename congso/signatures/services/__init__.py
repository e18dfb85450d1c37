"""Services of signatures (see each module)."""

from .appearance import Box, Stamp, number_stamps
from .certificates import anchor_purpose, certificate_add, certificate_retire, expiring, signing_problem
from .issued import agency_sign, image_add, personal_appearance
from .keys import signing_key_add_pkcs11, signing_key_add_pkcs12
from .pdf import FIELD_AGENCY, FIELD_PERSONAL, Appearance, check_pdf
from .remote import (
    pending_for,
    record_personal,
    signature_value_from_text,
    signing_request_complete,
    signing_request_create,
)
from .validation import validate_pdf

__all__ = [
    "FIELD_AGENCY",
    "FIELD_PERSONAL",
    "Appearance",
    "Box",
    "Stamp",
    "agency_sign",
    "anchor_purpose",
    "certificate_add",
    "certificate_retire",
    "check_pdf",
    "expiring",
    "image_add",
    "number_stamps",
    "pending_for",
    "personal_appearance",
    "record_personal",
    "signature_value_from_text",
    "signing_key_add_pkcs11",
    "signing_key_add_pkcs12",
    "signing_problem",
    "signing_request_complete",
    "signing_request_create",
    "validate_pdf",
]
