"""Tables → XLSX (openpyxl) for exports of registers and statistics: a title, a header row, the rows. Every string
is written as text, never as a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


def table_to_xlsx(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]], sheet: str = "Sổ"
) -> bytes:
    workbook = Workbook(write_only=False)
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([title])
    worksheet["A1"].font = Font(bold=True, size=13)
    worksheet.append(list(headers))
    for cell in worksheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        worksheet.append([_cell(value) for value in row])
    for cells in worksheet.iter_rows():
        for cell in cells:
            # openpyxl stores a string starting with "=" as a formula: an applicant's name or an issuer's name from
            # a peer could run as one in the reader's spreadsheet (security finding 5). Every text stays text.
            if cell.data_type == "f":
                cell.data_type = "s"
    for column in worksheet.columns:
        letter = column[0].column_letter
        worksheet.column_dimensions[letter].width = min(
            60, max(10, *(len(str(c.value or "")) for c in column[1:50]))
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value
