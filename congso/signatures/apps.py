from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "congso.signatures"
    label = "signatures"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from congso.core.registry import (
            MenuItem,
            NotificationKind,
            register_menu_item,
            register_notification_kind,
        )
        from congso.core.work import WorkSource, register_work_source

        from .selectors import signature_work

        register_notification_kind(
            NotificationKind("signatures.expiry", _("Certificates ending soon"), email=True)
        )
        register_work_source(
            WorkSource(
                "signatures",
                _("Digital signatures"),
                signature_work,
                "signatures:mine",
                _("My digital signature"),
                order=80,
            )
        )
        register_menu_item(
            MenuItem(
                "signatures.mine",
                _("My digital signature"),
                "signatures:mine",
                order=15,
                group=_("Documents"),
                visible=lambda user: getattr(user, "kind", "") == "staff",
            )
        )
