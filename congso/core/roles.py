"""The staff roles (vai trò). Held on memberships (accounts); named here so that every app's permission module
can refer to them without importing accounts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    CLERK = "clerk", _("Records clerk")
    LEADER = "leader", _("Agency leader")
    UNIT_HEAD = "unit_head", _("Unit head")
    SPECIALIST = "specialist", _("Specialist")
    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop officer")
    PORTAL_EDITOR = "portal_editor", _("Portal editor")
    PORTAL_CHIEF_EDITOR = "portal_chief_editor", _("Portal chief editor")


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN})
