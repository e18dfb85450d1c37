"""Background jobs of core; each calls one service."""

from django_tasks import task

from .services.exports import export_build
from .services.notifications import notification_deliver


@task()
def deliver_notification(delivery_id: int) -> str:
    return notification_deliver(delivery_id=delivery_id)


@task()
def build_export(export_id: str) -> str:
    return export_build(export_id=export_id)
