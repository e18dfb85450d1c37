"""Registries that later modules fill in their AppConfig.ready(): notification kinds, menu items and export kinds
(the sources of "Việc của tôi" are in core.work)."""

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
class MenuItem:
    """An entry of the staff menu in the header; `visible(user)` decides whether the user sees it."""

    code: str
    label: str | Promise
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = lambda user: True
    # Items of one group share a drop-down in the header, so the menu stays one line at 1366 px (docs/ui.md).
    group: str | Promise = ""


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


# The page at "/" for anonymous visitors and citizens (the staff get "Việc của tôi" there): the one-stop module
# registers its public home; the portal may register another later. The last registered wins.
PUBLIC_HOME: list[Callable[[Any], Any]] = []


def register_public_home(view: Callable[[Any], Any]) -> None:
    PUBLIC_HOME[:] = [view]


def public_home_view() -> Callable[[Any], Any] | None:
    return PUBLIC_HOME[0] if PUBLIC_HOME else None
