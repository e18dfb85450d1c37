"""Writes owned by core: the audit log, holiday overrides, notifications and background exports."""

from .audit import audit_log
from .calendar import holiday_override_delete, holiday_override_save
from .exports import (
    Table,
    export_build,
    export_request,
    export_requeue_pending,
    export_retry,
    exports_purge,
    table_export,
)
from .notifications import (
    notification_deliver,
    notification_mark_read,
    notification_preferences_save,
    notification_requeue_pending,
    notifications_silenced,
    notify,
    notify_addresses,
)

__all__ = [
    "Table",
    "audit_log",
    "export_build",
    "export_request",
    "export_requeue_pending",
    "export_retry",
    "exports_purge",
    "table_export",
    "holiday_override_delete",
    "holiday_override_save",
    "notification_deliver",
    "notification_mark_read",
    "notification_preferences_save",
    "notification_requeue_pending",
    "notifications_silenced",
    "notify",
    "notify_addresses",
]
