"""The rate limit of the public lookup (pages and API share it): `CONGSO_LOOKUP_RATE` attempts per client
address per 10 minutes, counted in the cache (Redis in production, so every app server shares the count)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 600


def lookup_allowed(address: str) -> bool:
    key = f"congso:lookup:{address or 'unknown'}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= settings.CONGSO_LOOKUP_RATE
