from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "congso.procedures"
    label = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self) -> None:
        from congso.core.registry import MenuItem, register_menu_item

        register_menu_item(
            MenuItem(
                "procedures.catalogue", _("Procedures"), "procedures:list", order=20, group=_("One-stop shop")
            )
        )
