"""Charts of the design system (docs/ui.md): SVG drawn on the server by pygal (PyPI), inlined in the page — no
script, no CDN, readable on a phone, printable. Each chart comes with its numbers as a table (templates
core/_chart.html) for screen readers and for anyone who would rather read than look.

Numbers are written the Vietnamese way: 12.345 (a dot between thousands), 95,5 % (a decimal comma)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
PALETTE = ("#a50e0e", "#1f5fa8", "#2e7d32", "#b26a00", "#6a1b9a", "#00695c")


def number(value: float | int | None, decimals: int = 0) -> str:
    """12345 → "12.345"; 95.5 with decimals=1 → "95,5"; None → "—"."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class Chart:
    """What a template shows: the SVG, its title, and the rows of the table behind it."""

    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]
    legend: list[tuple[str, str]]  # (series, colour): drawn in HTML under the chart, so it never gets cut off


def _formatter(percent: bool):
    decimals = 1 if percent else 0

    def formatter(value: float | None) -> str:
        return number(value, decimals) + (" %" if percent and value is not None else "")

    return formatter


def _chart(title, chart, labels, series, formatter, label_header) -> Chart:
    """The drawn chart with its figures as rows of a table, one column per series."""
    rows = [[label, *(formatter(values[i]) for values in series.values())] for i, label in enumerate(labels)]
    return Chart(title, _render(chart), [label_header, *series], rows, _legend(series))


def _legend(series: dict) -> list[tuple[str, str]]:
    return [(name, PALETTE[index % len(PALETTE)]) for index, name in enumerate(series)]


def _step(top: float) -> int:
    """A round step giving at most about six ticks up to `top`."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000):
        if top / step <= 6:
            return step
    return 200_000


def _style():
    from pygal.style import Style

    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#6c757d",
        colors=PALETTE,
        font_family='"Be Vietnam Pro", system-ui, sans-serif',
        label_font_size=17,
        major_label_font_size=17,
        value_font_size=16,
        value_label_font_size=16,
        title_font_size=20,
        legend_font_size=17,
    )


def _render(chart) -> SafeString:
    svg = chart.render(is_unicode=True)
    svg = COMMENT.sub("", SCRIPT.sub("", svg))  # the tooltips' script would be refused by the CSP anyway
    svg = svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - pygal escapes the labels it is given; scripts removed above


def _config(title: str, **extra):
    import pygal

    config = pygal.Config(
        js=[],
        disable_xml_declaration=True,
        style=_style(),
        title=title,
        width=900,
        height=extra.pop("height", 360),
        explicit_size=False,
        show_legend=False,
        print_values=extra.pop("print_values", False),
        truncate_label=-1,
        truncate_legend=-1,
        margin=8,
        **extra,
    )
    return config


def bar(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    percent: bool = False,
    label_header: str = "",
) -> Chart:
    """Horizontal bars, one row per label (agencies, sectors), one colour per series; values shown at the bars."""
    import pygal

    formatter = _formatter(percent)
    config = _config(
        title,
        height=max(170, 44 * len(labels) * max(1, len(series)) + 110),
        print_values=True,
        value_formatter=formatter,
        range=(0, 100) if percent else None,
        **({"y_labels": [0, 20, 40, 60, 80, 100]} if percent else {}),
    )
    chart = pygal.HorizontalBar(config)
    # pygal draws the first label at the bottom: reversed, the list reads top-down as given.
    chart.x_labels = list(reversed(labels))
    for name, values in series.items():
        chart.add(name, list(reversed(values)))
    return _chart(title, chart, labels, series, formatter, label_header)


def line(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    percent: bool = False,
    label_header: str = "",
) -> Chart:
    """A trend over periods (months): one line per series."""
    import pygal

    formatter = _formatter(percent)
    extra = {}
    if not percent:  # whole numbers on the axis: 0, 5, 10 … rather than 0, 0, 1, 1 for small counts
        top = max([v for values in series.values() for v in values if v is not None] or [0])
        step = _step(top)
        extra["y_labels"] = list(range(0, int(top) + step + 1, step))
    config = _config(title, value_formatter=formatter, dots_size=5, **extra)
    chart = pygal.Line(config)
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _chart(title, chart, labels, series, formatter, label_header)
