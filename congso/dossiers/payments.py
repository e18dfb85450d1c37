"""The payment-provider interface (issue 4 §5) and the built-in sandbox provider for the demo and the tests (only
with CONGSO_PAYMENT_SANDBOX=true).

A provider sends the applicant to its page (`start_url`) and calls us back with signed parameters (`verify`). Real
providers (the national payment platform, banks' gateways) implement the same two methods and are registered with
`register_provider`; the sandbox signs with HMAC-SHA256 under a key derived from SECRET_KEY (or
`CONGSO_PAYMENT_SANDBOX_SECRET`), so a forged or altered callback is recognised."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed


@dataclass(frozen=True)
class CallbackResult:
    reference: str
    transaction_id: str
    amount: int
    success: bool


class PaymentProvider(Protocol):
    code: str
    name: str

    def start_url(self, *, reference: str, amount: int, description: str, return_url: str) -> str: ...

    def verify(self, params: dict[str, str]) -> CallbackResult: ...


class SandboxProvider:
    """Pretends to be a bank: its page (/thanh-toan/sandbox/) lets the applicant pay or cancel, then redirects to
    the return URL with `ref`, `txn`, `amount`, `result` (00 = paid) and `sig`."""

    code = "sandbox"
    name = "Cổng thanh toán thử nghiệm"

    def _key(self) -> bytes:
        configured = getattr(settings, "CONGSO_PAYMENT_SANDBOX_SECRET", "")
        if configured:
            return configured.encode()
        return hmac.new(settings.SECRET_KEY.encode(), b"congso-payment-sandbox", hashlib.sha256).digest()

    def sign(self, params: dict[str, Any]) -> str:
        canonical = "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sig")
        return hmac.new(self._key(), canonical.encode(), hashlib.sha256).hexdigest()

    def start_url(self, *, reference: str, amount: int, description: str, return_url: str) -> str:
        params = {"ref": reference, "amount": amount, "desc": description[:200], "return": return_url}
        params["sig"] = self.sign(params)
        return f"/thanh-toan/sandbox/?{urlencode(params)}"

    def result_params(
        self, *, reference: str, amount: int, transaction_id: str, success: bool
    ) -> dict[str, str]:
        params = {
            "ref": reference,
            "amount": str(amount),
            "txn": transaction_id,
            "result": "00" if success else "24",
        }
        params["sig"] = self.sign(params)
        return params

    def verify(self, params: dict[str, str]) -> CallbackResult:
        given = str(params.get("sig") or "")
        expected = self.sign(
            {k: str(v) for k, v in params.items() if k in ("ref", "amount", "txn", "result")}
        )
        if not given or not hmac.compare_digest(given, expected):
            raise ValidationFailed(
                _("The payment confirmation is not signed by the provider."), code="bad_signature"
            )
        try:
            amount = int(params["amount"])
        except (KeyError, ValueError):
            raise ValidationFailed(_("The payment confirmation is malformed.")) from None
        return CallbackResult(
            reference=str(params.get("ref") or ""),
            transaction_id=str(params.get("txn") or ""),
            amount=amount,
            success=params.get("result") == "00",
        )


PROVIDERS: dict[str, PaymentProvider] = {}


def register_provider(provider: PaymentProvider) -> None:
    PROVIDERS[provider.code] = provider


def provider_enabled(code: str) -> bool:
    """The sandbox lets an applicant confirm their own fee: it exists only where CONGSO_PAYMENT_SANDBOX turns it on
    (the demo and the tests; `congso check-deploy` fails when it is on in production)."""
    if code == SandboxProvider.code:
        return bool(getattr(settings, "CONGSO_PAYMENT_SANDBOX", False))
    return code in PROVIDERS


def provider_get(code: str) -> PaymentProvider:
    if not code or code not in PROVIDERS or not provider_enabled(code):
        raise ValidationFailed(_("Unknown payment provider."), code="unknown_provider")
    return PROVIDERS[code]


def default_provider_code() -> str:
    """The provider behind the applicant's "pay" button: CONGSO_PAYMENT_PROVIDER, else the sandbox where it is on."""
    configured = getattr(settings, "CONGSO_PAYMENT_PROVIDER", "")
    if configured:
        return configured
    return SandboxProvider.code if provider_enabled(SandboxProvider.code) else ""


register_provider(SandboxProvider())
