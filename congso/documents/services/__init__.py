"""Writes of the documents app (architecture: services). Re-exported here; see each module."""

from congso.core.uploads import Upload, check_upload, sniff

from .access import document_access_record
from .changes import incoming_document_answer_change, outgoing_document_recall, outgoing_document_update
from .exchange import (
    deliver_locally,
    dispatch,
    exchange_document_id,
    inbound_package,
    inbound_status,
    outbox_retry,
    outbox_send,
    peer_save,
    report_status,
)
from .files import extract_text
from .incoming import (
    document_assignment_complete,
    document_assignment_decide_extension,
    document_assignment_delegate,
    document_assignment_forward,
    document_assignment_request_extension,
    incoming_document_direct,
    incoming_document_register,
    incoming_document_submit,
)
from .lineage import documents_on_agency_dissolved, documents_on_agency_merged
from .outgoing import (
    outgoing_document_issue,
    outgoing_draft_add_version,
    outgoing_draft_create,
    outgoing_draft_review,
    outgoing_draft_submit,
    outgoing_recipient_paper_sent,
)
from .records import record_file_add_document, record_file_close, record_file_create, record_file_export
from .registers import register_create, registers_ensure_defaults
from .searches import saved_search_delete, saved_search_save
from .signing import current_files, outgoing_sign_request

__all__ = [
    "current_files",
    "outgoing_sign_request",
    "document_access_record",
    "Upload",
    "check_upload",
    "deliver_locally",
    "dispatch",
    "inbound_package",
    "inbound_status",
    "outbox_retry",
    "outbox_send",
    "peer_save",
    "document_assignment_complete",
    "document_assignment_decide_extension",
    "document_assignment_delegate",
    "document_assignment_forward",
    "document_assignment_request_extension",
    "documents_on_agency_dissolved",
    "documents_on_agency_merged",
    "exchange_document_id",
    "extract_text",
    "incoming_document_answer_change",
    "incoming_document_direct",
    "incoming_document_register",
    "incoming_document_submit",
    "outgoing_document_issue",
    "outgoing_recipient_paper_sent",
    "outgoing_document_recall",
    "outgoing_document_update",
    "outgoing_draft_add_version",
    "outgoing_draft_create",
    "outgoing_draft_review",
    "outgoing_draft_submit",
    "record_file_add_document",
    "record_file_close",
    "record_file_create",
    "record_file_export",
    "register_create",
    "registers_ensure_defaults",
    "report_status",
    "saved_search_delete",
    "saved_search_save",
    "sniff",
]
