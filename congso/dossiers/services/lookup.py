"""The rate limit of the public lookup (pages and API share it): `CONGSO_LOOKUP_RATE` failed lookups per client
address per 10 minutes, counted in the cache (Redis in production, so every app server shares the count).

Only failures count, as with failed sign-ins: the limit is there so that codes cannot be enumerated, and an
enumeration is made of misses. A citizen looking up their own dossier therefore costs no round trip to the cache.
Once an address passes the limit, the process that saw it refuses every lookup from it — found or not, so a refusal
tells nothing — for the rest of the window; another process learns it at that address's next miss, so the
limit holds to within one lookup per web process. docs/adr/0008-stateless-public-api.md
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congso.core.cache import count_hit
from congso.core.errors import RateLimited

T = TypeVar("T")
REFUSED_MESSAGE = _("Too many failed lookups from this address. Wait 10 minutes and try again.")

WINDOW_SECONDS = 600
MAX_REFUSED = 10_000  # addresses remembered per process; the oldest is forgotten first

_refused: dict[str, float] = {}  # address → time.monotonic() until which this process refuses it


def lookup_refused(address: str) -> bool:
    until = _refused.get(address or "unknown")
    if until is None:
        return False
    if until > time.monotonic():
        return True
    _refused.pop(address or "unknown", None)
    return False


def lookup_missed(address: str) -> bool:
    """Counts a failed lookup; True when the address has now passed the limit (and is refused from now on)."""
    address = address or "unknown"
    if count_hit(f"congso:lookup:{address}", WINDOW_SECONDS) <= settings.CONGSO_LOOKUP_RATE:
        return False
    if len(_refused) >= MAX_REFUSED:
        _refused.pop(next(iter(_refused)))
    _refused[address] = time.monotonic() + WINDOW_SECONDS
    return True


def limited_lookup(address: str, find: Callable[[], T | None]) -> T | None:
    """Runs a lookup under the limit: what `find` returns (None for a miss, which counts), or RateLimited when the
    address is refused or has just passed the limit."""
    if lookup_refused(address):
        raise RateLimited(str(REFUSED_MESSAGE))
    found = find()
    if found is None and lookup_missed(address):
        raise RateLimited(str(REFUSED_MESSAGE))
    return found


def lookup_refusals_forget() -> None:
    """Tests: every test starts with no address refused."""
    _refused.clear()
