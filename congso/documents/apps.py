from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "congso.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from congso.core import hooks
        from congso.core.registry import (
            MenuItem,
            NotificationKind,
            register_menu_item,
            register_notification_kind,
        )
        from congso.core.work import WorkSource, register_work_source

        from . import services
        from .exports import register_exports
        from .selectors.work import document_work

        register_exports()

        register_notification_kind(NotificationKind("documents.work", _("Documents to handle"), email=True))
        register_notification_kind(
            NotificationKind("documents.urgent", _("Express and very urgent documents"), sms=True)
        )
        register_work_source(
            WorkSource(
                "documents",
                _("Documents"),
                document_work,
                "documents:incoming_list",
                _("All incoming documents"),
                order=10,
            )
        )
        register_menu_item(
            MenuItem(
                "documents.incoming",
                _("Incoming documents"),
                "documents:incoming_list",
                order=10,
                group=_("Documents"),
            )
        )
        register_menu_item(
            MenuItem(
                "documents.outgoing",
                _("Outgoing documents"),
                "documents:outgoing_list",
                order=11,
                group=_("Documents"),
            )
        )
        register_menu_item(
            MenuItem(
                "documents.search", _("Search documents"), "documents:search", order=12, group=_("Documents")
            )
        )
        register_menu_item(
            MenuItem(
                "documents.registers",
                _("Registers and reports"),
                "documents:registers",
                order=13,
                group=_("Documents"),
                visible=lambda user: bool(
                    user.agency_ids_with_role("clerk") | user.agency_ids_with_role("leader")
                ),
            )
        )
        register_menu_item(
            MenuItem(
                "documents.record_files",
                _("Record files"),
                "documents:record_files",
                order=14,
                group=_("Documents"),
            )
        )
        from django.db.models.signals import post_migrate

        from .search_index import ensure_sqlite_fts

        post_migrate.connect(ensure_sqlite_fts, sender=self, dispatch_uid="documents.ensure_sqlite_fts")
        hooks.register("agency_merged", services.documents_on_agency_merged, order=50)
        hooks.register("agency_dissolved", services.documents_on_agency_dissolved, order=50)
        from .services.signing import on_signature_completed

        hooks.register("signature_completed", on_signature_completed, order=50)
