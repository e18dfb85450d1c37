"""Reception: the dossier code (format, daily sequence per receiving desk, no two alike under concurrency), the
appointment date on the legal calendar (15:00 cut-off, holidays, half days, hours), bad input, permissions."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections  # noqa: F401 - read by the skipif condition

from congso.accounts.models import User
from congso.accounts.tests.factories import make_member
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.demo.procedures_data import PROCEDURES
from congso.dossiers.models import Dossier
from congso.dossiers.services import dossier_receive
from congso.organizations.tests.factories import AgencyFactory
from congso.procedures.models import Procedure
from congso.procedures.services import procedures_import

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = {"name": "Lê Thị Hoa", "id_number": "079123456789", "phone": "0912 345 678"}


@pytest.fixture
def desk(db):
    procedures_import(actor=None, items=PROCEDURES)
    ward = AgencyFactory(organ_id="000.00.01.H29", kind="commune_committee")
    officer = make_member(agency=ward, roles=["one_stop_officer"], title="Công chức Một cửa").user
    return ward, User.objects.get(pk=officer.pk)


def receive(desk, code="1.001612", at=None, channel="direct", **kwargs):
    ward, officer = desk
    return dossier_receive(
        actor=officer,
        receiving_agency=ward,
        procedure=Procedure.objects.get(code=code),
        channel=channel,
        applicant=kwargs.pop("applicant", APPLICANT),
        handling_agency=ward,
        received_at=at,
        **kwargs,
    )


def test_codes_follow_the_format_with_a_daily_sequence(desk):
    first = receive(desk, at=datetime(2026, 3, 2, 9, 0, tzinfo=VN))
    second = receive(desk, at=datetime(2026, 3, 2, 10, 0, tzinfo=VN))
    next_day = receive(desk, at=datetime(2026, 3, 3, 9, 0, tzinfo=VN))
    assert [first.code, second.code, next_day.code] == [
        "000.00.01.H29-260302-0001",
        "000.00.01.H29-260302-0002",
        "000.00.01.H29-260303-0001",
    ]
    assert first.applicant_phone == "0912345678" and first.check_value == "5678"
    assert first.events.get().action == "received"


def test_the_code_format_is_a_setting(desk, settings):
    settings.CONGSO_DOSSIER_CODE_FORMAT = "{organ_id}-{date:%Y%m%d}-{seq:07d}"
    assert receive(desk, at=datetime(2026, 6, 9, 9, 0, tzinfo=VN)).code == "000.00.01.H29-20260609-0000001"


def test_appointments_count_working_days_from_the_intake_day(desk):
    # 3 working days (household business): Monday 02/3/2026 before 15:00 → Thursday 05/3 at closing time.
    assert receive(desk, at=datetime(2026, 3, 2, 14, 59, tzinfo=VN)).appointment_at == datetime(
        2026, 3, 5, 17, 0, tzinfo=VN
    )
    # After 15:00 the clock starts on Tuesday → Friday 06/3.
    late = receive(desk, at=datetime(2026, 3, 2, 15, 1, tzinfo=VN))
    assert late.clock_start.day == 3 and late.appointment_at == datetime(2026, 3, 6, 17, 0, tzinfo=VN)
    # Across Tết 2026 (off Monday 16/2 to Friday 20/2): Friday 13/2 → Monday 23/2, Tuesday 24/2, Wednesday 25/2.
    tet = receive(desk, at=datetime(2026, 2, 13, 9, 0, tzinfo=VN))
    assert tet.appointment_at == datetime(2026, 2, 25, 17, 0, tzinfo=VN)


def test_half_days_are_counted_in_office_hours(desk):
    # Certified copies: 0.5 working day = 3 h 45 min of office time; 10:00–11:30, then 13:30–15:45 the same day.
    copy = receive(desk, code="2.000908", at=datetime(2026, 3, 2, 10, 0, tzinfo=VN))
    assert copy.appointment_at == datetime(2026, 3, 2, 15, 45, tzinfo=VN)


@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        ({**APPLICANT, "name": ""}, "name"),
        ({**APPLICANT, "id_number": "12345"}, "id_number"),
        ({**APPLICANT, "phone": "12345"}, "phone"),
        ({**APPLICANT, "email": "khong hop le"}, "email"),
    ],
)
def test_bad_applicant_data_is_refused(desk, applicant, field):
    with pytest.raises(ValidationFailed) as error:
        receive(desk, applicant=applicant)
    assert field in error.value.details and not Dossier.objects.exists()


def test_only_one_stop_officers_of_the_desk_receive(desk):
    ward, _officer = desk
    clerk = User.objects.get(pk=make_member(agency=ward, roles=["clerk"]).user.pk)
    with pytest.raises(PermissionDenied):
        dossier_receive(
            actor=clerk,
            receiving_agency=ward,
            procedure=Procedure.objects.get(code="1.001612"),
            channel="direct",
            applicant=APPLICANT,
            handling_agency=ward,
        )
    department = AgencyFactory(kind="department")
    with pytest.raises(ValidationFailed):
        dossier_receive(
            actor=desk[1],
            receiving_agency=ward,
            procedure=Procedure.objects.get(code="1.001612"),
            channel="direct",
            applicant=APPLICANT,
            handling_agency=department,
        )
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")
def test_two_officers_at_once_never_share_a_code():
    procedures_import(actor=None, items=PROCEDURES)
    ward = AgencyFactory(organ_id="000.00.01.H29", kind="commune_committee")
    officers = [
        User.objects.get(pk=make_member(agency=ward, roles=["one_stop_officer"]).user.pk) for _ in range(2)
    ]
    procedure = Procedure.objects.get(code="1.001612")
    barrier, errors = threading.Barrier(8), []

    def run(officer):
        try:
            barrier.wait(timeout=10)
            dossier_receive(
                actor=officer,
                receiving_agency=ward,
                procedure=procedure,
                channel="direct",
                applicant=APPLICANT,
                handling_agency=ward,
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(officers[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(int(code[-4:]) for code in Dossier.objects.values_list("code", flat=True)) == list(
        range(1, 9)
    )


def test_the_receipt_is_a_real_pdf_with_the_code_and_dates(desk):
    import io

    from pypdf import PdfReader

    dossier = receive(desk, at=datetime(2026, 3, 2, 9, 5, tzinfo=VN))
    from congso.dossiers.services import receipt_ensure

    reader = PdfReader(io.BytesIO(receipt_ensure(dossier=dossier).open("rb").read()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and dossier.code in text
    assert "09 giờ 05 phút, ngày 02/03/2026" in text and "17 giờ 00 phút, ngày 05/03/2026" in text
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == 148  # A5


def test_the_receipt_prints_whole_names_whole_numbers_and_real_counts(desk):
    import io

    from pypdf import PdfReader

    from congso.dossiers.services import receipt_ensure
    from congso.dossiers.services.paperwork import agency_header, paper_counts, whole

    ward, _officer = desk
    ward.name = "Ủy ban nhân dân phường Bến Ngự"
    ward.save()
    dossier = receive(desk, at=datetime(2026, 3, 2, 9, 5, tzinfo=VN))
    reader = PdfReader(io.BytesIO(receipt_ensure(dossier=dossier).open("rb").read()))
    lines = [" ".join(line.split()) for line in reader.pages[0].extract_text().splitlines()]
    assert any("PHƯỜNG BẾN NGỰ" in line for line in lines), lines  # the place name on one line
    text = " ".join(lines)
    assert "0 bản sao" not in text and "00 bản" not in text and ".0 " not in text
    assert len(reader.pages) == 1
    header = str(agency_header("Ủy ban nhân dân phường Bến Ngự"))
    assert header == "ỦY&nbsp;BAN&nbsp;NHÂN&nbsp;DÂN<br>PHƯỜNG&nbsp;BẾN&nbsp;NGỰ"
    assert "&lt;B&gt;" in str(agency_header("Sở <b>"))  # a name is text, never markup
    assert whole("1.0") == "1" and whole("1.5") == "1,5" and whole(12) == "12"
    assert (
        paper_counts(1, 0) == "01 bản chính"
        and paper_counts(0, 2) == "02 bản sao"
        and paper_counts(0, 0) == ""
    )


def test_a_new_form_version_applies_from_its_date(desk):
    from datetime import date

    from congso.dossiers.models import FormTemplate
    from congso.dossiers.services import form_render

    old = FormTemplate.objects.get(code="01")
    FormTemplate.objects.create(
        code="01", valid_from=date(2026, 7, 1), name="Mẫu 01 (2026)", body="<h1>MẪU MỚI</h1>"
    )
    import io

    from pypdf import PdfReader

    before = (
        PdfReader(io.BytesIO(form_render(code="01", on=date(2026, 6, 30), context={})))
        .pages[0]
        .extract_text()
    )
    after = (
        PdfReader(io.BytesIO(form_render(code="01", on=date(2026, 7, 1), context={}))).pages[0].extract_text()
    )
    assert "MẪU MỚI" not in before and "MẪU MỚI" in after and old.valid_from < date(2026, 7, 1)


def test_the_receipt_is_made_by_the_worker_after_commit(desk, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from congso.dossiers.tasks import make_receipt

    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(desk, at=datetime(2026, 3, 2, 9, 5, tzinfo=VN))
    assert not Dossier.objects.get(pk=dossier.pk).receipt  # intake did not wait for the PDF
    queued = DBTaskResult.objects.filter(task_path__endswith="make_receipt")
    assert queued.count() == 1
    make_receipt.call(dossier.pk)
    assert Dossier.objects.get(pk=dossier.pk).receipt.name.endswith("-mau-01.pdf")


def test_the_queue_finds_an_applicant_without_diacritics(desk):
    from congso.dossiers.selectors import dossier_list

    found = receive(
        desk, applicant={"name": "Đặng Thị Hương", "id_number": "079123456789", "phone": "0912345678"}
    )
    receive(desk, applicant={"name": "Lê Văn Tám", "id_number": "079123456780", "phone": "0912345670"})
    officer = desk[1]
    assert [d.pk for d in dossier_list(user=officer, query="dang thi huong")] == [found.pk]
    assert [d.pk for d in dossier_list(user=officer, query="HƯƠNG")] == [found.pk]
    assert [d.pk for d in dossier_list(user=officer, query=found.code.lower())] == [found.pk]
