"""Background jobs of core; each calls one service."""

from django_tasks import task

from .services.notifications import notification_deliver


@task()
def deliver_notification(delivery_id: int) -> str:
    return notification_deliver(delivery_id=delivery_id)
