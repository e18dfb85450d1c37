"""Background jobs of dossiers; each calls one service."""

from django_tasks import task

from .services.portal import portal_send


@task()
def send_portal_record(sync_id: int) -> str:
    return portal_send(sync_id=sync_id)
