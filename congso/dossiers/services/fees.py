"""Fees and payment (issue 4 §5). Fee lines come from the procedure when a dossier is submitted online or accepted
at a desk, plus any financial obligation asked for during processing. They are paid at the desk (with the receipt
number) or online through a payment provider (payments.py). A repeated or forged callback changes nothing, a
dossier is never charged twice, and a refusal or a stop records the refunds owed."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from ..models import Dossier, DossierInterval, FeeLine, Payment, Refund, workflow
from ..payments import default_provider_code, provider_get
from .common import check, commit, locked
from .ledger import amount_due
from .pauses import resume_clock


def _paid(dossier: Dossier, payment: Payment, *, receipt: str = "") -> int:
    moment = payment.paid_at or timezone.now()
    return dossier.fee_lines.filter(status=FeeLine.Status.DUE).update(
        status=FeeLine.Status.PAID, payment=payment, paid_at=moment, receipt_number=receipt
    )


def _resume_if_settled(dossier: Dossier, actor: Any, note: str) -> None:
    """A dossier waiting for a financial obligation goes on as soon as nothing is due."""
    if workflow.awaiting_payment(dossier) and amount_due(dossier) == 0:
        interval, fields = resume_clock(
            dossier, kind=DossierInterval.Kind.PAYMENT, moment=timezone.now(), action="payment_received"
        )
        commit(dossier, actor=actor, action="payment_received", fields=fields, comment=note)


@transaction.atomic
def fee_pay_at_desk(
    *, actor: Any, dossier: Dossier, receipt_number: str, version: int | None = None
) -> Payment:
    """Cash or card at the desk: every due line is paid under one receipt number."""
    dossier = locked(dossier, version)
    check(actor, dossier, "fee_paid", _("Only a one-stop officer takes payments at the desk."))
    receipt = clean_text(receipt_number)[:40]
    if not receipt:
        message = _("Enter the receipt number.")
        raise ValidationFailed(message, details={"receipt_number": [message]})
    due = amount_due(dossier)
    if due == 0:
        raise ValidationFailed(_("Nothing is due for dossier %(code)s.") % {"code": dossier.code})
    payment = Payment.objects.create(
        dossier=dossier,
        method=Payment.Method.DESK,
        reference=f"Q{uuid.uuid4().hex[:15].upper()}",
        amount=due,
        status=Payment.Status.PAID,
        receipt_number=receipt,
        paid_at=timezone.now(),
        created_by=actor,
    )
    _paid(dossier, payment, receipt=receipt)
    commit(dossier, actor=actor, action="fee_paid", fields=[], data={"amount": due, "receipt": receipt})
    _resume_if_settled(dossier, actor, receipt)
    return payment


@transaction.atomic
def payment_start(
    *, actor: Any, dossier: Dossier, provider: str = "", return_url: str = ""
) -> tuple[Payment, str]:
    """The applicant pays online what is due. While a payment for the same amount waits at the provider it is
    reused (same order number, so the provider charges it once); a different amount cancels the old order."""
    dossier = locked(dossier, None)
    if dossier.applicant_user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the applicant pays online."))
    due = amount_due(dossier)
    if due == 0:
        raise ValidationFailed(_("Nothing is due: the dossier is paid."))
    provider = provider or default_provider_code()
    if not provider:
        raise ValidationFailed(
            _("Online payment is not available here: pay at the desk or by bank transfer."),
            code="no_payment_provider",
        )
    gateway = provider_get(provider)
    return_url = return_url or f"/thanh-toan/ket-qua/{gateway.code}/"
    pending = dossier.payments.filter(status=Payment.Status.PENDING, method=Payment.Method.ONLINE).first()
    if pending is not None and pending.amount != due:
        pending.status = Payment.Status.FAILED
        pending.save(update_fields=["status"])
        pending = None
    if pending is None:
        pending = Payment.objects.create(
            dossier=dossier,
            method=Payment.Method.ONLINE,
            provider=gateway.code,
            reference=f"CS{uuid.uuid4().hex[:14].upper()}",
            amount=due,
            created_by=actor,
        )
    url = gateway.start_url(
        reference=pending.reference,
        amount=due,
        description=_("Fees of dossier %(code)s") % {"code": dossier.code},
        return_url=return_url,
    )
    audit_log(
        actor=actor,
        action="dossier.payment_started",
        obj=dossier,
        agency_id=dossier.handling_agency_id,
        changes={"reference": pending.reference, "amount": due, "provider": gateway.code},
    )
    return pending, url


@transaction.atomic
def payment_callback(*, provider: str, params: dict[str, str]) -> Payment:
    """The provider's confirmation. Forged (bad signature), unknown order or wrong amount: refused, nothing
    changes. Already settled: returned as it is (a replay changes nothing). A success for an order cancelled in the
    meantime means money was taken twice: the refund is recorded."""
    result = provider_get(provider).verify(params)
    payment = (
        Payment.objects.select_for_update().filter(reference=result.reference, provider=provider).first()
    )
    if payment is None:
        raise ValidationFailed(_("Unknown payment order."))
    if result.amount != payment.amount:
        raise ValidationFailed(_("The amount confirmed does not match the order."))
    if payment.status == Payment.Status.PAID:
        return payment
    dossier = locked(payment.dossier_id, None)
    if not result.success:
        if payment.status == Payment.Status.PENDING:
            payment.status = Payment.Status.FAILED
            payment.save(update_fields=["status"])
        return payment
    if Payment.objects.filter(transaction_id=result.transaction_id).exclude(pk=payment.pk).exists():
        raise ValidationFailed(_("This transaction has already been used for another order."))
    cancelled = payment.status == Payment.Status.FAILED
    payment.status = Payment.Status.PAID
    payment.transaction_id = result.transaction_id
    payment.paid_at = timezone.now()
    payment.callbacks += 1
    payment.save(update_fields=["status", "transaction_id", "paid_at", "callbacks"])
    if cancelled or amount_due(dossier) == 0:
        Refund.objects.create(
            dossier=dossier,
            payment=payment,
            amount=payment.amount,
            reason=_("Paid twice: an older order was paid."),
        )
        audit_log(
            actor=None, action="dossier.payment_duplicate", obj=dossier, agency_id=dossier.handling_agency_id
        )
        return payment
    _paid(dossier, payment)
    commit(
        dossier,
        actor=None,
        action="fee_paid",
        fields=[],
        data={"amount": payment.amount, "reference": payment.reference, "online": True},
    )
    _resume_if_settled(dossier, None, payment.reference)
    return payment
