"""Where a signature goes on the page and what it shows (NĐ 30/2020 Phụ lục I):

- the signer's image (blue) between the title line and the name of the signer block, found by looking for the
  signer's name on the last pages (or at a position a document type sets);
- the agency's seal (red, actual size) overlapping about a third of the signer's image on its left;
- an attachment signed by the agency at the top right of page 1 with no image: number and symbol, the agency and
  the signing time in ISO 8601, in Times New Roman 10 (Liberation Serif has Times' metrics and every Vietnamese
  glyph);
- the number and the date the clerk gives are drawn over the blanks of the "Số:" and "ngày … tháng … năm" lines.

Those two stamps are widgets of read-only, unsigned signature fields added in the same revision as the agency's
signature: a validator classes that as form filling, which leaves the signer's signature valid, whereas new page
content or an annotation would be reported as a change after signing (docs/signing.md)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from congso.core.pdf import serif_font_file
from congso.core.text import fold

MM = 72 / 25.4
PERSONAL_WIDTH, PERSONAL_HEIGHT = 40 * MM, 20 * MM
DATE_LINE = re.compile(r"ngày[\s\xa0._…]*tháng[\s\xa0._…]*năm[\s\xa0._…]*(\d{4})?", re.IGNORECASE)
NUMBER_LINE = re.compile(r"^\s*Số\s*:[\s\xa0._…]*(/\S*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Box:
    page: int  # 0-based; -1 for the last page
    x1: float
    y1: float
    x2: float
    y2: float

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1


@dataclass(frozen=True)
class TextRun:
    text: str
    x: float
    y: float
    size: float


def text_runs(pdf: bytes, page_index: int) -> list[TextRun]:
    """The text runs of one page with where each starts (user space) and its size."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf), strict=False)
    page = reader.pages[page_index]
    runs: list[TextRun] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(TextRun(text.replace("\n", ""), x, y, abs(size * tm[3] * cm[3]) or size))

    page.extract_text(visitor_text=visit)
    return runs


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf), strict=False).pages)


def page_size(pdf: bytes, page_index: int) -> tuple[float, float]:
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf), strict=False).pages[page_index].mediabox
    return float(box.width), float(box.height)


def personal_box(pdf: bytes, signer_name: str, position: dict[str, Any] | None = None) -> Box:
    """The signer's image: above the signer's name (searched on the last three pages, last first), centred on
    it; or where `position` says ({"page": -1, "x": mm, "y": mm} from the bottom-left, the box's lower left)."""
    if position:
        x, y = float(position.get("x", 110)) * MM, float(position.get("y", 40)) * MM
        return Box(int(position.get("page", -1)), x, y, x + PERSONAL_WIDTH, y + PERSONAL_HEIGHT)
    wanted = fold(signer_name).strip()
    count = page_count(pdf)
    for index in range(count - 1, max(count - 4, -1), -1):
        for run in reversed(text_runs(pdf, index)) if wanted else []:
            if wanted and wanted in fold(run.text):
                centre = run.x + text_width(run.text.strip(), run.size) / 2
                bottom = run.y + run.size + 2
                return Box(
                    index,
                    centre - PERSONAL_WIDTH / 2,
                    bottom,
                    centre + PERSONAL_WIDTH / 2,
                    bottom + PERSONAL_HEIGHT,
                )
    width, _height = page_size(pdf, count - 1)
    return Box(-1, width - 20 * MM - PERSONAL_WIDTH, 40 * MM, width - 20 * MM, 40 * MM + PERSONAL_HEIGHT)


def seal_box(personal: Box, width_mm: float, height_mm: float) -> Box:
    """The seal at its actual size, its right edge a third of the way into the signer's image, centred on it."""
    width, height = width_mm * MM, height_mm * MM
    right = personal.x1 + personal.width / 3
    middle = (personal.y1 + personal.y2) / 2
    return Box(personal.page, right - width, middle - height / 2, right, middle + height / 2)


def attachment_box(pdf: bytes) -> Box:
    """Top right of page 1, inside the right margin (NĐ 30/2020: 15–20 mm)."""
    width, height = page_size(pdf, 0)
    return Box(0, width - 20 * MM - 70 * MM, height - 12 * MM - 16 * MM, width - 20 * MM, height - 12 * MM)


@lru_cache(maxsize=4)
def _font_metrics(style: str) -> Any:
    from fontTools.ttLib import TTFont

    font = TTFont(str(serif_font_file(style)), lazy=True)
    return font["hmtx"], font.getBestCmap(), font["head"].unitsPerEm


def text_width(text: str, size: float, style: str = "Regular") -> float:
    hmtx, cmap, units = _font_metrics(style)
    total = 0
    for char in text:
        glyph = cmap.get(ord(char))
        total += hmtx[glyph][0] if glyph else units // 2
    return total * size / units


@dataclass(frozen=True)
class Stamp:
    box: Box
    text: str
    size: float
    style: str  # font style: Regular, Italic
    qr: str = ""  # a QR code of this text drawn at the stamp's left


def number_stamps(pdf: bytes, *, code: str, issued: Any) -> list[Stamp]:
    """The number and symbol over the "Số: …" line and the date over the "ngày … tháng … năm …" line of page 1,
    each drawn on white over the draft's blanks. A line that is not found is not stamped (the number and date
    are still in the document's metadata and in the agency signature's record)."""
    stamps: list[Stamp] = []
    runs = text_runs(pdf, 0)
    number = next((run for run in runs if NUMBER_LINE.match(run.text)), None)
    if number is not None:
        text = f"Số: {code}"
        stamps.append(_cover(number, text, "Regular"))
    dated = next((run for run in runs if DATE_LINE.search(run.text)), None)
    if dated is not None:
        replacement = f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
        text = DATE_LINE.sub(replacement, dated.text).strip()
        stamps.append(_cover(dated, text, "Italic"))
    return stamps


def _cover(run: TextRun, text: str, style: str) -> Stamp:
    width = max(text_width(run.text, run.size, style), text_width(text, run.size, style)) + 4
    return Stamp(
        Box(0, run.x - 1, run.y - run.size * 0.3, run.x + width, run.y + run.size * 1.05),
        text,
        run.size,
        style,
    )
