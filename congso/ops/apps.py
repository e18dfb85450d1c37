from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "congso.ops"
    label = "ops"
    verbose_name = "Vận hành"
