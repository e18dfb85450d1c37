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
            register_public_home,
        )
        from congso.core.work import WorkSource, register_work_source

        from .exports import register_exports
        from .selectors.work import dossier_work
        from .views_public import public_home

        register_public_home(public_home)
        from .permissions import process_agency_ids
        from .services.lineage import dossiers_on_agency_dissolved, dossiers_on_agency_merged

        register_exports()
        hooks.register("agency_merged", dossiers_on_agency_merged, order=60)
        hooks.register("agency_dissolved", dossiers_on_agency_dissolved, order=60)

        register_notification_kind(
            NotificationKind("dossiers.status", _("My dossiers' progress"), email=True, sms=True)
        )
        register_work_source(
            WorkSource(
                "dossiers",
                _("One-stop dossiers"),
                dossier_work,
                "dossiers:queue",
                _("The whole queue"),
                order=20,
            )
        )
        one_stop = _("One-stop shop")
        register_menu_item(
            MenuItem(
                "dossiers.queue",
                _("One-stop dossiers"),
                "dossiers:queue",
                order=19,
                visible=lambda user: bool(process_agency_ids(user)),
                group=one_stop,
            )
        )
        register_menu_item(
            MenuItem(
                "dossiers.receive",
                _("Receive a dossier"),
                "dossiers:receive",
                order=19,
                visible=lambda user: bool(user.agency_ids_with_role("one_stop_officer")),
                group=one_stop,
            )
        )
        register_menu_item(
            MenuItem(
                "dossiers.statistics",
                _("One-stop statistics"),
                "dossiers:statistics",
                order=21,
                visible=lambda user: bool(process_agency_ids(user)),
                group=one_stop,
            )
        )
