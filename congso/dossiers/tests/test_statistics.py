"""Statistics: counts per agency for a period with known outcomes (early, on time, late, overdue, waiting,
stopped, withdrawn, refused, channels), the QĐ 766 indicators, Mẫu 06 as PDF and XLSX, the exports, the public
board without personal data, and who may see what."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from congso.core.tests.exports import exported
from congso.core.uploads import Upload
from congso.dossiers import services
from congso.dossiers.selectors.statistics import dossier_statistics, indicators, tracking_register
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF"


def receive(ward, channel="direct", **kwargs):
    return services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel=channel,
        applicant=APPLICANT,
        handling_agency=ward.agency,
        postal_reference="EB1VN" if channel == "postal" else "",
        **kwargs,
    )


def finish(ward, dossier):
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    services.dossier_forward(actor=ward.specialist, dossier=dossier)
    services.dossier_approve(
        actor=ward.leader,
        dossier=dossier,
        result_summary="Cấp giấy",
        result_file=Upload(name="k.pdf", content=PDF),
    )


@pytest.fixture
def year(ward, clock):
    clock(2026, 3, 2, 9, 0)  # Monday; appointments Thursday 05/3 17:00
    early, on_time, late, overdue, waiting, stopped, withdrawn = (receive(ward) for _ in range(7))
    postal = receive(ward, channel="postal")
    services.dossier_receive_refused(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
        reason="Không thuộc thẩm quyền",
    )
    services.dossier_request_supplement(actor=ward.officer, dossier=waiting, items=["Bản sao"])
    services.dossier_stop(actor=ward.leader, dossier=stopped, reason="Dừng")
    services.dossier_withdraw(actor=ward.officer, dossier=withdrawn, reason="Rút")
    clock(2026, 3, 3, 10, 0)
    finish(ward, early)
    clock(2026, 3, 5, 16, 0)
    finish(ward, on_time)
    clock(2026, 3, 6, 9, 0)
    finish(ward, late)
    clock(2026, 3, 10, 9, 0)
    return {"postal": postal, "overdue": overdue, "early": early}


def test_counts_per_agency(ward, year):
    rows, total = dossier_statistics(user=ward.leader, start=date(2026, 1, 1), end=date(2026, 12, 31))
    (row,) = rows
    assert row.name == ward.agency.name
    expected = {
        "received": 8,
        "direct": 7,
        "postal": 1,
        "online": 0,
        "resolved": 3,
        "early": 1,
        "on_time": 1,
        "late": 1,
        "in_progress_on_time": 0,
        "in_progress_overdue": 2,
        "waiting_supplement": 1,
        "stopped": 1,
        "withdrawn": 1,
        "refused": 1,
    }
    assert {k: row.values[k] for k in expected} == expected
    assert total.values["received"] == 8 and row.on_time_share == 66.7
    assert dossier_statistics(user=ward.stranger, start=date(2026, 1, 1), end=date(2026, 12, 31))[0] == []
    (april,) = dossier_statistics(user=ward.leader, start=date(2026, 4, 1), end=date(2026, 4, 30))[0]
    assert (
        april.values["received"] == 0 and april.values["in_progress_overdue"] == 2
    )  # still open: the state now
    assert dossier_statistics(user=ward.leader, start=date(2026, 1, 1), end=date(2026, 2, 28))[0] == []


def test_indicators(ward, year):
    values = indicators(user=ward.leader, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert values["progress"] == 66.7 and values["online"] == 0.0
    assert values["digitised_results"] == 100.0 and values["satisfaction"] is None


def test_mau_06_and_exports(ward, year, client):
    rows = tracking_register(
        user=ward.officer, agency_id=ward.agency.pk, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert len(rows) == 8 and rows[0][1] == year["early"].code
    assert (
        tracking_register(
            user=ward.stranger, agency_id=ward.agency.pk, start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
        == []
    )
    client.force_login(ward.officer)
    pdf = exported(client, "/mot-cua/so-theo-doi/", {"tu": "01/03/2026", "den": "31/03/2026"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "SỔ THEO DÕI HỒ SƠ" in text and year["postal"].code in text
    sheet = exported(
        client, "/mot-cua/so-theo-doi/", {"tu": "01/03/2026", "den": "31/03/2026", "xuat": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(sheet.content))
    assert workbook.active.max_row == 2 + 8
    page = client.get("/mot-cua/thong-ke/", {"tu": "01/01/2026", "den": "31/12/2026"})
    assert page.status_code == 200 and 'data-testid="statistics"' in page.content.decode()
    # The trend of the period as a chart, with its figures as a table (the staff page, like the public board).
    body = page.content.decode()
    trend = body.split("Hồ sơ theo từng tháng")
    assert len(trend) > 1 and "<th" in trend[-1] and "03/2026" in trend[-1]
    export = exported(client, "/mot-cua/thong-ke/", {"tu": "01/01/2026", "den": "31/12/2026", "xuat": "xlsx"})
    assert load_workbook(io.BytesIO(export.content)).active["B3"].value == 8
    # A date outside the supported years (a typing mistake) falls back to the default period, never a server error.
    for bad in ("01/01/0001", "31/12/9999"):
        assert client.get("/mot-cua/thong-ke/", {"tu": bad, "den": bad}).status_code == 200
        assert client.get("/mot-cua/so-theo-doi/", {"tu": bad, "den": bad}).status_code == 302
    client.force_login(ward.stranger)
    assert client.get("/mot-cua/so-theo-doi/", {"noi-tiep-nhan": ward.agency.pk}).status_code == 403


def test_public_board(ward, year, client, settings):
    settings.CONGSO_BOARD_CACHE_SECONDS = 0
    page = client.get("/tra-cuu/thong-ke/")
    body = page.content.decode()
    assert page.status_code == 200 and ward.agency.name in body
    assert APPLICANT["name"] not in body and ward.officer.full_name not in body


def test_the_board_draws_charts_with_their_figures_and_filters(ward, year, client, settings):
    settings.CONGSO_BOARD_CACHE_SECONDS = 0
    body = client.get("/tra-cuu/thong-ke/", {"tu": "01/01/2026", "den": "31/12/2026"}).content.decode()
    assert body.count('data-testid="chart"') == 2  # on-time share by agency; month by month
    assert "<svg" in body and "<script" not in body.split("<main")[1]  # drawn on the server, no script
    assert "Tỷ lệ giải quyết đúng hạn theo cơ quan" in body and "Hồ sơ theo từng tháng" in body
    assert 'data-testid="indices-legend"' in body and "Thái độ" in body  # the nine indices named
    one = client.get("/tra-cuu/thong-ke/", {"co-quan": ward.agency.pk}).content.decode()
    assert "theo lĩnh vực" in one and f'value="{ward.agency.pk}" selected' in one
    for bad in ("abc", "999999", "-1"):  # a bad agency shows every agency, never an error
        page = client.get("/tra-cuu/thong-ke/", {"co-quan": bad, "tu": "x", "den": "31/02/2026"})
        assert page.status_code == 200 and "theo cơ quan" in page.content.decode()
    empty = client.get("/tra-cuu/thong-ke/", {"tu": "01/01/2020", "den": "31/01/2020"}).content.decode()
    assert 'data-testid="empty-state"' in empty and 'data-testid="chart"' not in empty


def test_numbers_are_written_the_vietnamese_way():
    from congso.core.charts import number

    assert number(1234567) == "1.234.567" and number(95.5, 1) == "95,5" and number(None) == "—"
