from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "congso.organizations"
    label = "organizations"
    verbose_name = "Tổ chức"
