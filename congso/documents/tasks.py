"""Background jobs of documents; each calls one service."""

from django_tasks import task

from .services import outbox_send


@task()
def send_exchange_message(message_id: int) -> str:
    return outbox_send(message_id=message_id)
