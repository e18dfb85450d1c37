from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "congso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self) -> None:
        from congso.core import hooks
        from congso.core.registry import (
            MenuItem,
            NotificationKind,
            register_menu_item,
            register_notification_kind,
        )

        from .exports import register_exports
        from .permissions import process_agency_ids
        from .services.lineage import dossiers_on_agency_dissolved, dossiers_on_agency_merged

        register_exports()
        hooks.register("agency_merged", dossiers_on_agency_merged, order=60)
        hooks.register("agency_dissolved", dossiers_on_agency_dissolved, order=60)

        register_notification_kind(
            NotificationKind("dossiers.status", _("My dossiers' progress"), email=True, sms=True)
        )
        register_menu_item(
            MenuItem(
                "dossiers.queue",
                _("One-stop dossiers"),
                "dossiers:queue",
                order=19,
                visible=lambda user: bool(process_agency_ids(user)),
            )
        )
