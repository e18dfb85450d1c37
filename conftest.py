import pytest

from congso.core import calendar
from congso.core.sms import MemorySmsGateway


@pytest.fixture(autouse=True)
def _fresh_state(settings):
    calendar.clear_cache()
    MemorySmsGateway.outbox.clear()
    MemorySmsGateway.fail_next = 0
    from django.core.cache import cache

    cache.clear()
    from congso.dossiers.services.lookup import lookup_refusals_forget

    lookup_refusals_forget()
    from congso.signatures.services.keys import _SIGNERS

    _SIGNERS.clear()
    from congso.signatures.services.validation import _CONTEXT

    _CONTEXT.clear()
    yield
    calendar.clear_cache()
