"""Template tags of the design system (docs/ui.md).

`{% icon "bell" %}` inlines an icon of the Bootstrap Icons package (npm, pinned by package-lock.json) as SVG: no
emoji that needs a font, no 1 MB sprite for a phone to fetch, no request at all. An icon is decoration
(aria-hidden); the text or aria-label next to it says what it means. An unknown name, or an install without the
npm packages, gives nothing rather than an error."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
NAME = re.compile(r"^[a-z0-9-]{1,60}$")


@lru_cache(maxsize=256)
def _svg(name: str) -> str:
    if not NAME.match(name):
        return ""
    path = settings.CONGSO_NODE_MODULES / "bootstrap-icons" / "icons" / f"{name}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    # The package's files open with <svg xmlns=… width="16" height="16" fill="currentColor" class="bi bi-NAME" …>.
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1).strip()


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """The icon, followed by `label` hidden from sight but read by screen readers when given."""
    svg = mark_safe(_svg(name))  # noqa: S308 - a file of the installed icon package, its name checked above
    if label:
        return format_html('{}<span class="visually-hidden">{}</span>', svg, label)
    return svg


@register.filter
def moment(value: object) -> str:
    """The one time format of the platform (docs/ui.md): "14:05 03/12/2026" for a moment, in the platform's time
    zone; "03/12/2026" for a day; "" for nothing."""
    from datetime import date, datetime

    from django.utils import timezone

    if isinstance(value, str) and len(value) >= 19:  # ISO 8601, as results stored in JSON keep moments
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return ""


@register.filter
def widget_kind(bound_field: object) -> str:
    """How templates/_bound_field.html draws a field: "radios" and "checks" (a group of inputs in a fieldset with
    a legend), "checkbox" (one box), or "" (a labelled control)."""
    from django import forms

    widget = getattr(getattr(bound_field, "field", None), "widget", None)
    if isinstance(widget, forms.CheckboxSelectMultiple):  # (a subclass of RadioSelect)
        return "checks"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return ""


@register.filter
def grouped_choices(bound_field: Any) -> list[tuple[str, list[Any]]]:
    """The field's inputs under their groups' headings (choices given as [(group, [(value, label)…])…]): a long
    list of units and people reads as two short ones, each box ticked with one click — no Ctrl-click."""
    groups: list[tuple[str, list[Any]]] = []
    inputs = list(bound_field)
    position = 0
    for value, label in bound_field.field.choices:
        if isinstance(label, list | tuple):
            groups.append((str(value), inputs[position : position + len(label)]))
            position += len(label)
        else:
            if not groups or groups[-1][0]:
                groups.append(("", []))
            groups[-1][1].append(inputs[position])
            position += 1
    return groups


@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    """A count or share with Vietnamese separators: 12.345; 95,5 (a float keeps one decimal unless `|num:0`).
    Text passes through unchanged."""
    from congso.core.charts import number

    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    places = int(decimals) if decimals is not None else (0 if isinstance(value, int) else 1)
    return number(value, places)
