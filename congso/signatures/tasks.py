"""Background jobs of signatures; each calls one service."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from .services.expiry import certificate_expiry_warn

CHAIN_KEY = "congso:signatures:expiry-chain"
EVERY = timedelta(hours=6)


@task()
def check_certificates() -> str:
    """Warn of certificates nearing their end, then again in six hours (the chain lives while a worker runs)."""
    warned = certificate_expiry_warn()
    cache.set(CHAIN_KEY, "1", int(EVERY.total_seconds() * 2))
    check_certificates.using(run_after=timezone.now() + EVERY).enqueue()
    return f"{warned} warned"


def schedule_certificate_checks() -> bool:
    """The worker starts the chain when none seems alive."""
    if cache.get(CHAIN_KEY):
        return False
    cache.set(CHAIN_KEY, "1", int(EVERY.total_seconds() * 2))
    check_certificates.enqueue()
    return True
