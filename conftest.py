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
    yield
    calendar.clear_cache()
