"""Registries that later modules fill in their AppConfig.ready(): notification kinds and the panels of the
personal home page "Việc của tôi"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise
    email: bool = True
    sms: bool = False


NOTIFICATION_KINDS: dict[str, NotificationKind] = {}


def register_notification_kind(kind: NotificationKind) -> None:
    NOTIFICATION_KINDS[kind.code] = kind


register_notification_kind(NotificationKind("system.message", _("System messages"), email=True))
register_notification_kind(NotificationKind("account.security", _("Account security"), email=True, sms=True))
register_notification_kind(NotificationKind("organization.changed", _("Changes to my agency"), email=True))


@dataclass(frozen=True)
class HomePanel:
    """A panel of "Việc của tôi". `render(request)` returns a context dict for `template`, or None to hide."""

    code: str
    title: str | Promise
    template: str
    render: Callable[[Any], dict[str, Any] | None]
    order: int = 100


HOME_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    HOME_PANELS[panel.code] = panel


def home_panels() -> list[HomePanel]:
    return sorted(HOME_PANELS.values(), key=lambda panel: (panel.order, panel.code))


@dataclass(frozen=True)
class MenuItem:
    """An entry of the staff menu in the header; `visible(user)` decides whether the user sees it."""

    code: str
    label: str | Promise
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = lambda user: True


MENU_ITEMS: dict[str, MenuItem] = {}


def register_menu_item(item: MenuItem) -> None:
    MENU_ITEMS[item.code] = item


def menu_items(user: Any) -> list[MenuItem]:
    return [
        item for item in sorted(MENU_ITEMS.values(), key=lambda i: (i.order, i.code)) if item.visible(user)
    ]


@dataclass(frozen=True)
class ExportKind:
    """A report that is built in the background (core.services.exports): `build(user, params, progress)` returns
    the file's bytes, checking `user`'s rights itself (the request may be minutes old); `progress(percent)` may be
    called as it goes."""

    code: str
    build: Callable[[Any, dict[str, Any], Callable[[int], None]], bytes]


EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> None:
    EXPORT_KINDS[kind.code] = kind
