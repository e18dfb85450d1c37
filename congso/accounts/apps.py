from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "congso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from congso.core import hooks

        from . import services, signals  # noqa: F401 - connects the login audit receivers

        hooks.register("agency_merged", services.memberships_on_agency_merged, order=10)
        hooks.register("agency_split", services.memberships_on_agency_split, order=10)
        hooks.register("agency_dissolved", services.memberships_on_agency_dissolved, order=10)
