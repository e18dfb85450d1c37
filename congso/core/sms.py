"""Pluggable SMS gateways. CONGSO_SMS_GATEWAY names the class; the console gateway is the default."""

from __future__ import annotations

import json
import logging
import urllib.request
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("congso.sms")


class SmsError(Exception):
    pass


class SmsGateway:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsGateway(SmsGateway):
    """Writes messages to the log: the default for the embedded install and demos."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemorySmsGateway(SmsGateway):
    """Keeps messages in memory, for tests. Set `fail_next` to make the next sends raise."""

    outbox: list[tuple[str, str]] = []
    fail_next = 0

    def send(self, phone: str, text: str) -> None:
        if MemorySmsGateway.fail_next > 0:
            MemorySmsGateway.fail_next -= 1
            raise SmsError("simulated gateway failure")
        MemorySmsGateway.outbox.append((phone, text))


class HttpJsonSmsGateway(SmsGateway):
    """POSTs {"to", "text"} as JSON to CONGSO_SMS_GATEWAY_URL with a bearer token: the shape most
    Vietnamese SMS brand-name providers' adapters accept; write a subclass for others."""

    def send(self, phone: str, text: str) -> None:
        url = settings.CONGSO_SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("CONGSO_SMS_GATEWAY_URL is not set")
        request = urllib.request.Request(  # noqa: S310 - URL checked above
            url,
            data=json.dumps({"to": phone, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.CONGSO_SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            if response.status >= 300:
                raise SmsError(f"gateway answered {response.status}")


@lru_cache(maxsize=4)
def _gateway(path: str) -> SmsGateway:
    return import_string(path)()


def get_gateway() -> SmsGateway:
    return _gateway(settings.CONGSO_SMS_GATEWAY)
