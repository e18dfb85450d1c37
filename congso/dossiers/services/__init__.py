"""Writes of the dossiers app (architecture: services). Re-exported here; see each module."""

from .clock import appointment
from .fees import fee_pay_at_desk, payment_callback, payment_start
from .ledger import amount_due, fee_lines_create, obligation_add, refunds_record
from .lookup import limited_lookup
from .online import online_draft_save, online_submit, online_supplement, paper_attach
from .paperwork import (
    control_sheet,
    dossier_store_receipt,
    form_issue,
    form_render,
    receipt_ensure,
    tracking_register_pdf,
)
from .pauses import (
    dossier_payment_received,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_supplement_received,
)
from .processing import (
    approval_order,
    current_step,
    dossier_approve,
    dossier_extend,
    dossier_forward,
    dossier_give_opinion,
    dossier_return_result,
    dossier_send_back,
    dossier_stop,
)
from .ratings import computed_scores, dossier_rate
from .reception import (
    check_procedure,
    dossier_accept,
    dossier_code,
    dossier_create,
    dossier_receive,
    dossier_receive_incomplete,
    dossier_receive_refused,
    dossier_refuse,
    dossier_request_completion,
    dossier_withdraw,
)

__all__ = [
    "computed_scores",
    "dossier_rate",
    "amount_due",
    "fee_lines_create",
    "fee_pay_at_desk",
    "obligation_add",
    "payment_callback",
    "payment_start",
    "refunds_record",
    "appointment",
    "approval_order",
    "check_procedure",
    "control_sheet",
    "current_step",
    "dossier_accept",
    "dossier_approve",
    "dossier_code",
    "dossier_create",
    "dossier_extend",
    "dossier_forward",
    "dossier_give_opinion",
    "dossier_payment_received",
    "dossier_receive",
    "dossier_receive_incomplete",
    "dossier_receive_refused",
    "dossier_refuse",
    "dossier_request_completion",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_stop",
    "dossier_store_receipt",
    "dossier_supplement_received",
    "dossier_withdraw",
    "form_issue",
    "form_render",
    "receipt_ensure",
    "tracking_register_pdf",
    "limited_lookup",
    "online_draft_save",
    "online_submit",
    "online_supplement",
    "paper_attach",
]
