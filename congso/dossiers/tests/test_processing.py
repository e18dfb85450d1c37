"""Processing: steps with planned deadlines, forward / send back / approve / return, supplements that restart or
pause the clock, the apology with a new date, stop and withdrawal, the intake outcomes, cross-agency steps, stale
versions, and the PDFs (Mẫu 02–05)."""

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from congso.core.errors import Conflict, PermissionDenied, ValidationFailed
from congso.core.uploads import Upload
from congso.dossiers import services
from congso.dossiers.models import Dossier, DossierInterval, DossierStep
from congso.dossiers.selectors import dossier_lookup, my_queue, public_history
from congso.procedures.models import Procedure

from .conftest import APPLICANT, VN

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def receive(ward, code="1.001612", **kwargs):
    return services.dossier_receive(
        actor=kwargs.pop("actor", ward.officer),
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code=code),
        channel=kwargs.pop("channel", "direct"),
        applicant=APPLICANT,
        handling_agency=kwargs.pop("handling", ward.agency),
        **kwargs,
    )


def text_of(field) -> str:
    field.open("rb")
    try:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(field.read())).pages)
    finally:
        field.close()


def refresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def test_a_dossier_walks_its_steps_to_the_returned_result(ward, clock):
    clock(2026, 3, 2, 9, 0)  # Monday
    dossier = receive(ward)
    steps = list(dossier.steps.all())
    assert [s.status for s in steps] == ["active", "pending", "pending", "pending"]
    assert steps[0].assignee == ward.officer and steps[0].agency == ward.agency
    # 3 working days split 0.5 / 1.5 / 0.5 / 0.5: the planned ends add up; the last one is the appointment.
    assert steps[0].due_at == datetime(2026, 3, 2, 14, 45, tzinfo=VN)  # 3 h 45 min of office time after 09:00
    assert steps[1].due_at == datetime(2026, 3, 4, 17, 0, tzinfo=VN)
    assert steps[3].due_at == dossier.appointment_at == datetime(2026, 3, 5, 17, 0, tzinfo=VN)

    clock(2026, 3, 2, 10, 0)
    services.dossier_forward(actor=ward.officer, dossier=dossier, comment="Đủ hồ sơ", version=1)
    dossier = refresh(dossier)
    assert dossier.status == Dossier.Status.PROCESSING and dossier.version == 2
    assert [item.dossier for item in my_queue(user=ward.specialist)] == [dossier]
    assert my_queue(user=ward.officer) == [] and my_queue(user=ward.stranger) == []

    clock(2026, 3, 3, 9, 0)
    with pytest.raises(ValidationFailed, match="phê duyệt|approve"):
        services.dossier_approve(actor=ward.specialist, dossier=dossier, result_summary="Cấp giấy")
    services.dossier_forward(actor=ward.specialist, dossier=dossier, comment="Đề nghị cấp")
    clock(2026, 3, 3, 14, 0)
    with pytest.raises(ValidationFailed):
        services.dossier_forward(actor=ward.leader, dossier=dossier)  # the leader's step approves
    services.dossier_approve(
        actor=ward.leader,
        dossier=dossier,
        result_summary="Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
        result_file=Upload(name="ket-qua.pdf", content=PDF),
    )
    dossier = refresh(dossier)
    assert dossier.status == Dossier.Status.DONE and dossier.timeliness == "early"
    assert [item.reason for item in my_queue(user=ward.officer2)] == ["Trả kết quả"]

    clock(2026, 3, 4, 8, 0)
    services.dossier_return_result(actor=ward.officer2, dossier=dossier, method="electronic")
    dossier = refresh(dossier)
    assert dossier.status == Dossier.Status.RETURNED and dossier.return_method == "electronic"
    assert set(dossier.steps.values_list("status", flat=True)) == {"done"}
    assert [row["label"] for row in public_history(dossier)][0] == "Tiếp nhận hồ sơ"

    sheet = PdfReader(io.BytesIO(services.control_sheet(dossier=dossier)))
    text = " ".join(page.extract_text() for page in sheet.pages)
    assert dossier.code in text and "PHIẾU KIỂM SOÁT" in text and "Trước hạn" in text
    assert "03/03/2026" in text


def test_a_stale_version_is_a_conflict_and_changes_nothing(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    services.dossier_forward(actor=ward.officer, dossier=dossier, version=1)
    with pytest.raises(Conflict, match="vừa|just"):
        services.dossier_send_back(actor=ward.leader, dossier=dossier, reason="Xem lại", version=1)
    assert refresh(dossier).version == 2 and dossier.events.count() == 2


def test_only_the_step_holder_acts(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    for outsider in (ward.specialist, ward.stranger, ward.department_specialist):
        with pytest.raises(PermissionDenied):
            services.dossier_forward(actor=outsider, dossier=dossier)
    with pytest.raises(PermissionDenied):
        services.dossier_stop(actor=ward.officer, dossier=dossier, reason="Không")
    with pytest.raises(ValidationFailed, match="không làm việc|does not work"):
        services.dossier_forward(actor=ward.officer, dossier=dossier, assignee=ward.stranger)
    assert refresh(dossier).status == Dossier.Status.ACCEPTED


def test_send_back_reopens_the_previous_step(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    services.dossier_forward(actor=ward.officer, dossier=dossier, assignee=ward.specialist)
    with pytest.raises(ValidationFailed):
        services.dossier_send_back(actor=ward.specialist, dossier=dossier, reason="  ")
    services.dossier_send_back(actor=ward.specialist, dossier=dossier, reason="Thiếu bản sao CCCD")
    first, second = dossier.steps.all()[:2]
    assert first.status == "active" and first.finished_at is None and second.status == "pending"


def test_a_supplement_restarts_the_clock_from_zero(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    clock(2026, 3, 4, 10, 0)  # 2 working days after reception
    with pytest.raises(ValidationFailed):
        services.dossier_request_supplement(actor=ward.specialist, dossier=dossier, items=["", " "])
    services.dossier_request_supplement(
        actor=ward.specialist, dossier=dossier, items=["Bản sao hợp đồng thuê nhà", "Ảnh chụp biển hiệu"]
    )
    dossier = refresh(dossier)
    assert dossier.status == Dossier.Status.SUPPLEMENT
    form = dossier.forms.get(code="02")
    assert "Bản sao hợp đồng thuê nhà" in text_of(form.file) and dossier.code in text_of(form.file)
    assert my_queue(user=ward.specialist) == []  # waiting for the applicant
    with pytest.raises(ValidationFailed):
        services.dossier_extend(actor=ward.leader, dossier=dossier, new_date=date(2026, 3, 20), reason="x")

    clock(2026, 3, 9, 14, 0)  # Monday: the complete supplement arrives
    services.dossier_supplement_received(actor=ward.officer, dossier=dossier)
    dossier = refresh(dossier)
    interval = dossier.intervals.get()
    assert interval.effect == "restart" and interval.ended_at == datetime(2026, 3, 9, 14, 0, tzinfo=VN)
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.clock_start == date(2026, 3, 9)
    assert dossier.appointment_at == datetime(2026, 3, 12, 17, 0, tzinfo=VN)
    assert dossier.steps.get(order=4).due_at == dossier.appointment_at
    with pytest.raises(ValidationFailed, match="một lần|once"):
        services.dossier_request_supplement(actor=ward.specialist, dossier=dossier, items=["Khác"])


def test_a_procedure_may_pause_instead(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward, code="1.009974")  # building permit: 15 working days, pauses on supplement
    before = dossier.appointment_at
    clock(2026, 3, 3, 9, 0)
    services.dossier_request_supplement(actor=ward.officer, dossier=dossier, items=["Bản vẽ thiết kế"])
    clock(2026, 3, 6, 9, 0)  # Friday: 3 working days later
    services.dossier_supplement_received(actor=ward.officer, dossier=dossier)
    dossier = refresh(dossier)
    assert dossier.intervals.get().effect == "pause"
    assert dossier.clock_start == date(2026, 3, 2)
    assert dossier.appointment_at.astimezone(VN).date() == date(2026, 3, 26)  # 23/3 moved by 3 working days
    assert before.astimezone(VN).date() == date(2026, 3, 23)


def test_a_supplement_is_refused_after_three_working_days(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward, code="1.009974")
    clock(2026, 3, 6, 9, 0)  # the 4th working day after reception
    with pytest.raises(ValidationFailed, match="3 ngày làm việc|3 working days"):
        services.dossier_request_supplement(actor=ward.officer, dossier=dossier, items=["Bản vẽ"])
    assert refresh(dossier).status == Dossier.Status.ACCEPTED and not dossier.intervals.exists()


def test_an_apology_gives_one_new_date_in_time(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)  # appointment Thursday 05/3 17:00
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    clock(2026, 3, 4, 9, 0)
    with pytest.raises(ValidationFailed, match="ngày nghỉ|day off"):
        services.dossier_extend(
            actor=ward.specialist, dossier=dossier, new_date=date(2026, 4, 30), reason="Chờ xác minh"
        )
    with pytest.raises(ValidationFailed):
        services.dossier_extend(actor=ward.specialist, dossier=dossier, new_date=date(2026, 3, 5), reason="x")
    services.dossier_extend(
        actor=ward.specialist, dossier=dossier, new_date=date(2026, 3, 10), reason="Chờ xác minh địa điểm"
    )
    dossier = refresh(dossier)
    assert dossier.original_appointment_at == datetime(2026, 3, 5, 17, 0, tzinfo=VN)
    assert dossier.appointment_at == datetime(2026, 3, 10, 17, 0, tzinfo=VN)
    apology = text_of(dossier.forms.get(code="04").file)
    assert "XIN LỖI" in apology and "10/03/2026" in apology and "05/03/2026" in apology
    with pytest.raises(ValidationFailed, match="một lần|once|only one"):
        services.dossier_extend(actor=ward.leader, dossier=dossier, new_date=date(2026, 3, 12), reason="x")


def test_an_apology_on_the_last_day_is_too_late(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    clock(2026, 3, 5, 9, 0)  # the appointment day itself
    with pytest.raises(ValidationFailed, match="ít nhất một ngày|at least one working day"):
        services.dossier_extend(actor=ward.officer, dossier=dossier, new_date=date(2026, 3, 9), reason="Muộn")
    assert refresh(dossier).original_appointment_at is None and not dossier.forms.exists()


def test_stop_and_withdrawal_close_the_dossier(ward, clock):
    clock(2026, 3, 2, 9, 0)
    stopped = receive(ward)
    services.dossier_stop(actor=ward.leader, dossier=stopped, reason="Đối tượng không thuộc diện")
    assert refresh(stopped).status == Dossier.Status.STOPPED
    assert set(stopped.steps.values_list("status", flat=True)) == {"cancelled"}
    with pytest.raises(ValidationFailed):
        services.dossier_request_supplement(actor=ward.leader, dossier=stopped, items=["x"])
    withdrawn = receive(ward)
    with pytest.raises(PermissionDenied):
        services.dossier_withdraw(actor=ward.specialist, dossier=withdrawn, reason="Đơn rút")
    services.dossier_withdraw(actor=ward.officer, dossier=withdrawn, reason="Công dân có đơn xin rút")
    assert refresh(withdrawn).status == Dossier.Status.WITHDRAWN
    with pytest.raises(ValidationFailed):
        services.dossier_withdraw(actor=ward.officer, dossier=withdrawn, reason="Lần nữa")


def test_payment_pauses_the_clock(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward, code="1.009974")
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    services.dossier_request_payment(
        actor=ward.specialist, dossier=dossier, reason="Lệ phí cấp phép 75.000 đồng"
    )
    assert refresh(dossier).status == Dossier.Status.PAYMENT
    clock(2026, 3, 4, 9, 0)
    services.dossier_payment_received(actor=ward.specialist, dossier=dossier, note="Biên lai 0001234")
    dossier = refresh(dossier)
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.appointment_at.astimezone(VN).date() == date(2026, 3, 25)  # 23/3 + 2 working days
    assert dossier.intervals.get().kind == DossierInterval.Kind.PAYMENT


def test_intake_outcomes_incomplete_then_accepted_or_refused(ward, clock):
    clock(2026, 3, 2, 15, 30)
    kwargs = {
        "actor": ward.officer,
        "receiving_agency": ward.agency,
        "procedure": Procedure.objects.get(code="1.001612"),
        "channel": "direct",
        "applicant": APPLICANT,
        "handling_agency": ward.agency,
    }
    with pytest.raises(ValidationFailed):
        services.dossier_receive_incomplete(items=[], **kwargs)
    assert not Dossier.objects.exists()
    incomplete = services.dossier_receive_incomplete(items=["Bản sao CCCD của chủ hộ"], **kwargs)
    assert incomplete.status == Dossier.Status.SUPPLEMENT and incomplete.appointment_at is None
    assert "Bản sao CCCD của chủ hộ" in text_of(incomplete.forms.get(code="02").file)
    assert [item.reason for item in my_queue(user=ward.officer2)] == ["check"]
    with pytest.raises(ValidationFailed):
        services.dossier_supplement_received(actor=ward.officer, dossier=incomplete)  # nothing started yet

    clock(2026, 3, 3, 8, 0)
    services.dossier_accept(actor=ward.officer2, dossier=incomplete)
    accepted = refresh(incomplete)
    assert accepted.status == Dossier.Status.ACCEPTED and accepted.clock_start == date(2026, 3, 3)
    assert services.receipt_ensure(dossier=accepted) and accepted.intervals.get().ended_at is not None
    assert accepted.steps.get(order=1).assignee == ward.officer2

    with pytest.raises(ValidationFailed):
        services.dossier_receive_refused(reason=" ", **kwargs)
    refused = services.dossier_receive_refused(reason="Không thuộc thẩm quyền của UBND phường", **kwargs)
    assert refused.status == Dossier.Status.NOT_ACCEPTED
    assert "Không thuộc thẩm quyền" in text_of(refused.forms.get(code="03").file)
    with pytest.raises(ValidationFailed):
        services.dossier_accept(actor=ward.officer, dossier=refused)


def test_postal_intake_records_the_hand_over(ward, clock):
    clock(2026, 3, 2, 9, 0)
    with pytest.raises(ValidationFailed, match="bưu|postal"):
        receive(ward, channel="postal")
    dossier = receive(ward, channel="postal", postal_reference="EB123456789VN")
    assert dossier.postal_reference == "EB123456789VN" and dossier.channel == "postal"


def test_a_cross_agency_step_waits_for_every_opinion(ward, clock):
    clock(2026, 3, 2, 9, 0)
    department = ward.department
    desk_officer = ward.officer
    from congso.accounts.tests.factories import make_member

    from .conftest import fresh

    provincial_officer = fresh(make_member(agency=department, roles=["one_stop_officer"]).user)
    dossier = services.dossier_receive(
        actor=provincial_officer,
        receiving_agency=department,
        procedure=Procedure.objects.get(code="2.001417"),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=department,
    )
    with pytest.raises(ValidationFailed):
        services.dossier_forward(actor=provincial_officer, dossier=dossier)  # which agencies?
    services.dossier_forward(
        actor=provincial_officer, dossier=dossier, agencies=[department, ward.agency], lead_agency=department
    )
    rows = list(dossier.steps.filter(order=2))
    assert {(r.agency_id, r.lead) for r in rows} == {(department.pk, True), (ward.agency.pk, False)}
    with pytest.raises(ValidationFailed, match=ward.agency.name):
        services.dossier_forward(actor=ward.department_specialist, dossier=dossier)
    opinion = next(r for r in rows if not r.lead)
    services.dossier_give_opinion(actor=ward.specialist, dossier=dossier, step=opinion, comment="Thống nhất")
    services.dossier_forward(actor=ward.department_specialist, dossier=dossier)
    assert dossier.steps.get(order=3).status == "active"
    assert desk_officer is not None


def test_lookup_needs_the_code_and_the_check_value(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward)
    assert dossier_lookup(code=dossier.code.lower(), check_value="5678") == dossier
    assert dossier_lookup(code=dossier.code, check_value="0000") is None
    assert dossier_lookup(code=dossier.code, check_value="") is None
    assert dossier_lookup(code="", check_value="5678") is None


def test_steps_are_not_created_twice_and_desk_steps_stay_at_the_desk(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = receive(ward, handling=ward.agency)
    assert DossierStep.objects.filter(dossier=dossier).count() == 4
    assert dossier.steps.get(order=4).agency == ward.agency
