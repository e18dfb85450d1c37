"""HTML → PDF for forms, registers and reports (WeasyPrint), with a serif font that has every Vietnamese glyph:
Liberation Serif (Debian fonts-liberation2, metric-compatible with Times New Roman as NĐ 30/2020 layouts assume)
where installed, else Noto Serif from the fontpkg-noto-serif package. Nothing is fetched from the network: the
URL fetcher refuses every address that is not a local file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .errors import ApplicationError

LIBERATION = Path("/usr/share/fonts/truetype/liberation2")


class PdfUnavailable(ApplicationError):
    code = "pdf_unavailable"
    status = 503


@lru_cache(maxsize=1)
def font_face_css() -> str:
    if (LIBERATION / "LiberationSerif-Regular.ttf").exists():
        faces = [
            ("Regular", "normal", "normal"),
            ("Bold", "bold", "normal"),
            ("Italic", "normal", "italic"),
            ("BoldItalic", "bold", "italic"),
        ]
        return "".join(
            f"@font-face{{font-family:'CongSo Serif';src:url('file://{LIBERATION}/LiberationSerif-{name}.ttf');"
            f"font-weight:{weight};font-style:{style}}}"
            for name, weight, style in faces
        )
    import fontpkg_noto_serif

    files = Path(fontpkg_noto_serif.ROOT) / "files"
    return (
        f"@font-face{{font-family:'CongSo Serif';src:url('file://{files}/NotoSerif[wdth,wght].ttf');"
        "font-weight:100 900;font-style:normal}"
        f"@font-face{{font-family:'CongSo Serif';src:url('file://{files}/NotoSerif-Italic[wdth,wght].ttf');"
        "font-weight:100 900;font-style:italic}"
    )


def serif_font_file(style: str = "Regular") -> Path:
    """The TrueType file of the same serif in the given style ("Regular", "Bold", "Italic"), for text drawn
    straight into a PDF (signature appearances), where no CSS is involved."""
    if (LIBERATION / f"LiberationSerif-{style}.ttf").exists():
        return LIBERATION / f"LiberationSerif-{style}.ttf"
    import fontpkg_noto_serif

    files = Path(fontpkg_noto_serif.ROOT) / "files"
    return files / ("NotoSerif-Italic[wdth,wght].ttf" if "Italic" in style else "NotoSerif[wdth,wght].ttf")


def _local_only(url: str, *args: Any, **kwargs: Any):
    from weasyprint import default_url_fetcher

    if not url.startswith("file://"):
        raise ValueError(f"refusing to fetch {url}: the platform works offline")
    return default_url_fetcher(url, *args, **kwargs)


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise PdfUnavailable(
            _(
                "PDF output is unavailable on this server: install the Pango libraries (apt-get install libpango-1.0-0 "
                "libpangoft2-1.0-0) or run bin/start as root."
            )
        ) from exc
    return HTML(string=html, url_fetcher=_fetcher()).write_pdf()


def _fetcher() -> Any:
    """Local files only. WeasyPrint ≥ 68 takes a URLFetcher limited to the file protocol; older releases a
    function (`_local_only`)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:
        return _local_only
    return URLFetcher(allowed_protocols=["file"])


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template, {**context, "font_face_css": font_face_css()}))
