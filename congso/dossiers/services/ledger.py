"""The fee lines of a dossier as a ledger: created from the procedure, obligations added during processing, the
amount due, and the refunds owed after a refusal or a stop. No rules about who acts here (see fees.py)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed

from ..models import Dossier, FeeLine, Refund


def fee_lines_create(dossier: Dossier) -> None:
    """The procedure's fees and charges, once per dossier."""
    if dossier.fee_lines.filter(kind__in=[FeeLine.Kind.FEE, FeeLine.Kind.CHARGE]).exists():
        return
    FeeLine.objects.bulk_create(
        FeeLine(dossier=dossier, kind=fee.kind, name=fee.name, amount=fee.amount)
        for fee in dossier.procedure.fees.all()
        if fee.amount > 0
    )


def amount_due(dossier: Dossier) -> int:
    return dossier.fee_lines.filter(status=FeeLine.Status.DUE).aggregate(total=Sum("amount"))["total"] or 0


def obligation_add(dossier: Dossier, *, name: str, amount: int) -> FeeLine:
    if amount <= 0:
        message = _("The amount must be a positive number of dong.")
        raise ValidationFailed(message, details={"amount": [message]})
    return FeeLine.objects.create(
        dossier=dossier, kind=FeeLine.Kind.OBLIGATION, name=name[:300], amount=amount
    )


def refunds_record(dossier: Dossier, *, reason: str) -> None:
    """After a refusal or a stop: what was paid is owed back (one refund per payment)."""
    paid = dossier.fee_lines.filter(status=FeeLine.Status.PAID)
    by_payment: dict[int | None, int] = {}
    for line in paid:
        by_payment[line.payment_id] = by_payment.get(line.payment_id, 0) + line.amount
    for payment_id, amount in by_payment.items():
        Refund.objects.create(dossier=dossier, payment_id=payment_id, amount=amount, reason=reason[:500])
    paid.update(status=FeeLine.Status.REFUND)
    dossier.fee_lines.filter(status=FeeLine.Status.DUE).delete()
