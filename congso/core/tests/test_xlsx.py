"""XLSX exports: what a reader's spreadsheet sees."""

import io


def test_xlsx_exports_write_formula_like_text_as_text():
    """Security finding 5: names starting with "=" were written as formulas."""
    from openpyxl import load_workbook

    from congso.core.xlsx import table_to_xlsx

    hostile = ['=HYPERLINK("http://x.invalid","Bấm")', "=1+1", "+SUM(A1)", "@cmd", "Đặng Thị Hương"]
    content = table_to_xlsx(title="=T", headers=["=H"], rows=[[value, 3] for value in hostile])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == hostile
    assert sheet["B3"].value == 3
