"""Background jobs of documents; each calls one service."""

from django_tasks import task

from .services import outbox_send
from .services.files import file_text_extract


@task()
def send_exchange_message(message_id: int) -> str:
    return outbox_send(message_id=message_id)


@task()
def extract_file_text(file_id: int) -> str:
    return file_text_extract(file_id=file_id)


@task()
def poll_axis(peer_id: int) -> str:
    """Take what the national axis holds for us, then come back in CONGSO_AXIS_POLL_SECONDS."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from .models import Peer
    from .services import axis

    peer = Peer.objects.filter(pk=peer_id, active=True, protocol=Peer.Protocol.AXIS).first()
    if peer is None:
        return "no such axis peer"
    try:
        counts = axis.poll(peer)
    except axis.AxisError as exc:
        counts = {"unreachable": 1}
        axis.logger.warning("axis %s unreachable: %s", peer.code, exc)
        Peer.objects.filter(pk=peer.pk).update(polled_at=timezone.now())
    when = timezone.now() + timedelta(seconds=settings.CONGSO_AXIS_POLL_SECONDS)
    poll_axis.using(run_after=when).enqueue(peer_id)
    return str(counts)
