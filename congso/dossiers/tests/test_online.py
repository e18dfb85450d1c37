"""Online submission: drafts, submission with every error at once, sniffed files, the completion loop (Mẫu 02,
edit, resubmit), a supplement uploaded during processing that restarts the clock, and citizens' isolation."""

import io
from datetime import date

import pytest

from congso.accounts.tests.factories import UserFactory
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.uploads import Upload
from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.procedures.models import Procedure

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PERSON = {
    "name": "Phạm Thị Lan",
    "id_number": "036188001234",
    "phone": "0903123456",
    "email": "lan@example.vn",
}


@pytest.fixture
def citizen(db):
    return UserFactory(kind="citizen", full_name="Phạm Thị Lan", phone="0903123456")


def papers(code="1.001612"):
    return list(Procedure.objects.get(code=code).papers.all())


def fields_for(procedure):
    first = procedure.papers.first()
    return {
        str(first.pk): {"ho_ten": "Phạm Thị Lan", "so_dinh_danh": "036188001234", "dien_thoai": "0903123456"}
    }


def all_uploads(code="1.001612"):
    return {p.pk: Upload(name=f"{p.order}.pdf", content=PDF) for p in papers(code) if p.required}


def draft(ward, citizen, **kwargs):
    procedure = Procedure.objects.get(code="1.001612")
    return services.online_draft_save(
        actor=citizen,
        procedure=procedure,
        handling_agency=ward.agency,
        applicant=kwargs.pop("applicant", PERSON),
        form_data=kwargs.pop("form_data", fields_for(procedure)),
        uploads=kwargs.pop("uploads", all_uploads()),
        **kwargs,
    )


def test_a_draft_is_submitted_and_accepted(ward, citizen, clock):
    clock(2026, 3, 2, 16, 0)  # after the cut-off
    saved = draft(ward, citizen)
    assert saved.status == Dossier.Status.DRAFT and saved.code.startswith("nhap-")
    assert saved.papers.count() == len(all_uploads())
    submitted = services.online_submit(actor=citizen, dossier=saved)
    assert submitted.status == Dossier.Status.NEW and submitted.code == "000.00.01.H29-260302-0001"
    clock(2026, 3, 3, 9, 0)
    accepted = services.dossier_accept(actor=ward.officer, dossier=submitted)
    assert accepted.clock_start == date(2026, 3, 3) and accepted.channel == "online"


def test_submission_reports_every_missing_thing_at_once(ward, citizen):
    first = papers()[0]
    saved = draft(
        ward,
        citizen,
        applicant={"name": "Phạm Thị Lan", "phone": "12"},
        form_data={str(first.pk): {"so_dinh_danh": "123"}},
        uploads={},
    )
    with pytest.raises(ValidationFailed) as caught:
        services.online_submit(actor=citizen, dossier=saved)
    details = caught.value.details
    assert {
        "id_number",
        "phone",
        f"f_{first.pk}_so_dinh_danh",
        f"f_{first.pk}_ho_ten",
        f"paper_{first.pk}",
    } <= set(details)
    assert Dossier.objects.get(pk=saved.pk).status == Dossier.Status.DRAFT


@pytest.mark.parametrize(
    "upload, message",
    [
        (Upload(name="giay.pdf", content=b"MZ\x90\x00 not a pdf"), "PDF"),
        (Upload(name="giay.docx", content=PDF), "PDF"),
        (Upload(name="giay.pdf", content=b""), "rỗng|empty"),
    ],
)
def test_bad_files_change_nothing(ward, citizen, upload, message):
    with pytest.raises(ValidationFailed, match=message):
        draft(ward, citizen, uploads={papers()[0].pk: upload})
    assert not Dossier.objects.exists()


def test_oversize_files_are_refused(ward, citizen, settings):
    settings.CONGSO_DOCUMENT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationFailed, match="MB"):
        draft(ward, citizen)
    assert not Dossier.objects.exists()


def test_the_completion_loop(ward, citizen, clock):
    clock(2026, 3, 2, 9, 0)
    submitted = services.online_submit(actor=citizen, dossier=draft(ward, citizen))
    services.dossier_request_completion(
        actor=ward.officer, dossier=submitted, items=["Ảnh CCCD mặt sau bị mờ"], reason="Ảnh không rõ"
    )
    waiting = Dossier.objects.get(pk=submitted.pk)
    assert waiting.status == Dossier.Status.SUPPLEMENT and waiting.forms.get().code == "02"
    clock(2026, 3, 3, 9, 0)
    first = papers()[0]
    again = draft(ward, citizen, dossier=waiting, uploads={first.pk: Upload(name="ro.pdf", content=PDF)})
    assert again.papers.filter(paper=first).count() == 1  # the new file replaces the old
    resubmitted = services.online_submit(actor=citizen, dossier=again)
    assert resubmitted.status == Dossier.Status.NEW and resubmitted.code == submitted.code
    assert resubmitted.intervals.get().ended_at is not None
    services.dossier_accept(actor=ward.officer, dossier=resubmitted)


def test_a_supplement_uploaded_online_restarts_the_clock(ward, citizen, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = services.dossier_accept(
        actor=ward.officer, dossier=services.online_submit(actor=citizen, dossier=draft(ward, citizen))
    )
    services.dossier_request_supplement(actor=ward.officer, dossier=dossier, items=["Hợp đồng thuê nhà"])
    with pytest.raises(ValidationFailed):
        services.online_supplement(actor=citizen, dossier=dossier, uploads=[])
    clock(2026, 3, 9, 10, 0)
    services.online_supplement(actor=citizen, dossier=dossier, uploads=[Upload(name="hd.pdf", content=PDF)])
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == Dossier.Status.ACCEPTED and dossier.clock_start == date(2026, 3, 9)
    assert dossier.papers.filter(round=1).count() == 1


def test_citizens_only_touch_their_own(ward, citizen, client):
    other = UserFactory(kind="citizen")
    saved = draft(ward, citizen)
    with pytest.raises(PermissionDenied):
        services.online_submit(actor=other, dossier=saved)
    with pytest.raises(PermissionDenied):
        services.online_draft_save(
            actor=ward.officer,
            procedure=saved.procedure,
            handling_agency=ward.agency,
            applicant=PERSON,
        )
    client.force_login(other)
    assert client.get(f"/dich-vu-cong/{saved.pk}/").status_code == 404
    client.force_login(ward.officer)
    assert client.get("/dich-vu-cong/").status_code == 403


def test_the_pages_apply_and_submit(ward, citizen, client, clock):
    clock(2026, 3, 2, 9, 0)
    client.force_login(citizen)
    procedure = Procedure.objects.get(code="1.001612")
    assert client.get("/dich-vu-cong/nop/1.001612/").status_code == 200
    data = {"handling_agency": str(ward.agency.pk), **PERSON, "action": "submit"}
    for paper_id, values in fields_for(procedure).items():
        for name, value in values.items():
            data[f"f_{paper_id}_{name}"] = value
    for paper in procedure.papers.filter(required=True):
        data[f"paper_{paper.pk}"] = io.BytesIO(PDF)
        data[f"paper_{paper.pk}"].name = "giay.pdf"
    response = client.post("/dich-vu-cong/nop/1.001612/", data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and dossier.status == Dossier.Status.NEW
    page = client.get(f"/dich-vu-cong/{dossier.pk}/").content.decode()
    assert dossier.code in page and "Nộp trực tuyến" in page
    assert client.get("/mot-cua/").status_code == 403


def test_the_page_shows_errors_and_keeps_a_draft(ward, citizen, client):
    client.force_login(citizen)
    response = client.post(
        "/dich-vu-cong/nop/1.001612/",
        {"handling_agency": str(ward.agency.pk), "name": "Lan", "action": "submit"},
    )
    assert response.status_code == 400 and response.context["form"].errors
    assert Dossier.objects.get().status == Dossier.Status.DRAFT  # the draft was kept, the submission refused


def test_the_applicants_details_are_asked_once_and_no_agency_is_chosen_for_them(ward, citizen, client, clock):
    clock(2026, 3, 2, 9, 0)
    client.force_login(citizen)
    procedure = Procedure.objects.get(code="1.001612")
    page = client.get("/dich-vu-cong/nop/1.001612/").content.decode()
    assert "Họ và tên người yêu cầu" not in page and 'name="id_number"' in page  # the e-form's repeat is gone
    assert '<option value="" selected>—</option>' in page  # the citizen chooses the competent agency
    data = {"handling_agency": str(ward.agency.pk), **PERSON, "action": "submit"}
    for paper in procedure.papers.filter(required=True):
        data[f"paper_{paper.pk}"] = io.BytesIO(PDF)
        data[f"paper_{paper.pk}"].name = "giay.pdf"
    assert client.post("/dich-vu-cong/nop/1.001612/", data).status_code == 302
    dossier = Dossier.objects.get()
    first = procedure.papers.order_by("order", "pk").first()
    assert dossier.status == Dossier.Status.NEW
    assert dossier.form_data[str(first.pk)]["ho_ten"] == dossier.applicant_name
    assert dossier.form_data[str(first.pk)]["so_dinh_danh"] == dossier.applicant_id_number


def _pdf(name="giay.pdf"):
    upload = io.BytesIO(PDF)
    upload.name = name
    return upload


def test_step_by_step_with_check_your_answers(ward, citizen, client, clock, settings):
    """One thing per page: each step saves the draft and keeps the other steps' answers; the check page shows
    every answer with a link to change it; submission's errors are shown there, linked; nothing is lost."""
    clock(2026, 3, 2, 9, 0)
    client.force_login(citizen)
    procedure = Procedure.objects.get(code="1.001612")
    paper_list = list(procedure.papers.order_by("order", "pk"))
    steps = 1 + len(paper_list)
    page = client.get("/dich-vu-cong/nop/1.001612/?buoc=1").content.decode()
    assert f"Bước 1/{steps}" in page and 'name="handling_agency"' in page and 'name="paper_' not in page
    # Bad input on the first step: said at the field, nothing created.
    response = client.post("/dich-vu-cong/nop/1.001612/?buoc=1", {"buoc": "1", **PERSON, "action": "next"})
    assert response.status_code == 400 and 'href="#id_handling_agency"' in response.content.decode()
    assert not Dossier.objects.exists()
    response = client.post(
        "/dich-vu-cong/nop/1.001612/?buoc=1",
        {"buoc": "1", "handling_agency": str(ward.agency.pk), **PERSON, "action": "next"},
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == f"/dich-vu-cong/{dossier.pk}/sua/?buoc=2"
    assert (dossier.status, dossier.applicant_id_number) == (Dossier.Status.DRAFT, PERSON["id_number"])
    # Each paper on its own page; posting one keeps the applicant's details (they are not on it).
    for number, paper in enumerate(paper_list, start=2):
        page = client.get(f"/dich-vu-cong/{dossier.pk}/sua/?buoc={number}").content.decode()
        assert paper.name in page and f'name="paper_{paper.pk}"' in page and 'name="id_number"' not in page
        data = {"buoc": str(number), "action": "next"}
        if paper.required and paper != paper_list[-1]:
            data[f"paper_{paper.pk}"] = _pdf()
        response = client.post(f"/dich-vu-cong/{dossier.pk}/sua/?buoc={number}", data)
        following = number + 1 if number < steps else "kiem-tra"
        assert response.status_code == 302 and response.url.endswith(f"?buoc={following}"), number
    dossier.refresh_from_db()
    assert dossier.applicant_name == PERSON["name"] and dossier.applicant_phone == PERSON["phone"]
    first = paper_list[0]
    assert (
        dossier.form_data[str(first.pk)]["ho_ten"] == PERSON["name"]
    )  # the e-form's repeat, from the applicant
    # Check your answers: every answer, each with its change link.
    page = client.get(f"/dich-vu-cong/{dossier.pk}/sua/?buoc=kiem-tra").content.decode()
    assert PERSON["id_number"] in page and ward.agency.name in page and "giay.pdf" in page
    assert 'href="?buoc=1"' in page and f'href="?buoc={steps}"' in page
    # Submitting with the last required paper missing: refused on the check page, linked to the answer.
    last = paper_list[-1]
    response = client.post(
        f"/dich-vu-cong/{dossier.pk}/sua/?buoc=kiem-tra", {"buoc": "kiem-tra", "action": "submit"}
    )
    page = response.content.decode()
    if last.required:
        assert response.status_code == 400 and f'href="#id_paper_{last.pk}"' in page
        assert f'id="id_paper_{last.pk}"' in page
        assert Dossier.objects.get().status == Dossier.Status.DRAFT
        client.post(
            f"/dich-vu-cong/{dossier.pk}/sua/?buoc={steps}",
            {"buoc": str(steps), "action": "next", f"paper_{last.pk}": _pdf("cuoi.pdf")},
        )
        response = client.post(
            f"/dich-vu-cong/{dossier.pk}/sua/?buoc=kiem-tra", {"buoc": "kiem-tra", "action": "submit"}
        )
    assert response.status_code == 302
    assert Dossier.objects.get().status == Dossier.Status.NEW and Dossier.objects.count() == 1


def test_a_long_e_form_goes_step_by_step_unless_one_page_is_asked(ward, citizen, client, settings):
    client.force_login(citizen)
    settings.CONGSO_EFORM_STEPS_FROM = 8
    page = client.get("/dich-vu-cong/nop/1.001612/").content.decode()
    assert 'data-testid="apply-form"' in page and 'data-testid="one-thing-per-page"' in page
    settings.CONGSO_EFORM_STEPS_FROM = 2
    page = client.get("/dich-vu-cong/nop/1.001612/").content.decode()
    assert 'data-testid="apply-step"' in page
    page = client.get("/dich-vu-cong/nop/1.001612/?mot-trang=1").content.decode()
    assert 'data-testid="apply-form"' in page
    draft(ward, citizen)
    pk = Dossier.objects.get().pk
    assert "Kiểm tra trước khi nộp" in client.get(f"/dich-vu-cong/{pk}/sua/").content.decode()  # a long draft
    # A step of a new application other than the first is not reachable: the first step makes the draft.
    page = client.get("/dich-vu-cong/nop/1.001612/?buoc=3").content.decode()
    assert "Bước 1/" in page


def test_the_competent_agency_is_proposed_from_where_the_citizen_lives(ward, citizen, client):
    from congso.organizations.tests.factories import AreaFactory

    province = AreaFactory(kind="province", name="Thành phố Huế", code="46")
    home = AreaFactory(kind="ward", name="Phường Phú Hội", code="19900", parent=province)
    elsewhere = AreaFactory(kind="ward", name="Phường Thuận Hòa", code="19901", parent=province)
    ward.agency.area = home
    ward.agency.save()
    ward.other.area = elsewhere
    ward.other.save()
    client.force_login(citizen)
    # No place of residence yet: the citizen chooses.
    page = client.get("/dich-vu-cong/nop/1.001612/").content.decode()
    assert '<option value="" selected>—</option>' in page
    # They say where they live on their account page (a province is not a place of residence).
    assert 'data-testid="home-area-form"' in client.get("/tai-khoan/").content.decode()
    response = client.post("/tai-khoan/noi-cu-tru/", {"home_area": province.pk})
    assert response.status_code == 400 and 'href="#id_home_area"' in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.home_area is None
    assert client.post("/tai-khoan/noi-cu-tru/", {"home_area": home.pk}).status_code == 302
    citizen.refresh_from_db()
    assert citizen.home_area == home
    page = client.get("/dich-vu-cong/nop/1.001612/").content.decode()
    assert f'<option value="{ward.agency.pk}" selected>' in page and "Phường Phú Hội" in page
    # A dossier already begun keeps the agency it was saved with.
    d = draft(ward, citizen)
    services.online_draft_save(
        actor=citizen,
        procedure=d.procedure,
        handling_agency=ward.other,
        applicant=PERSON,
        dossier=Dossier.objects.get(pk=d.pk),
    )
    page = client.get(f"/dich-vu-cong/{d.pk}/sua/?mot-trang=1").content.decode()
    assert f'<option value="{ward.other.pk}" selected>' in page
    # Staff accounts have no place of residence.
    client.force_login(ward.officer)
    assert client.post("/tai-khoan/noi-cu-tru/", {"home_area": home.pk}).status_code == 400


def test_the_agency_serving_the_nearest_area_is_proposed():
    from types import SimpleNamespace as NS

    from congso.dossiers.selectors import agency_for_area

    province = NS(pk=1, parent=None)
    commune = NS(pk=2, parent=province)
    department, committee, other = NS(area_id=1), NS(area_id=2), NS(area_id=3)
    assert agency_for_area([department, other], commune) is department  # a provincial procedure
    assert agency_for_area([department, committee], commune) is committee  # the commune's own first
    assert agency_for_area([other], commune) is None
    assert agency_for_area([committee, NS(area_id=2)], commune) is None  # two at the same level: no guess


def test_numbers_get_a_numeric_keyboard_at_the_desk_and_online(ward, citizen, client):
    import re

    def tag(page, name):
        return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)

    client.force_login(ward.officer)
    desk = client.get("/mot-cua/tiep-nhan/").content.decode()
    client.force_login(citizen)
    online = client.get("/dich-vu-cong/nop/1.001612/").content.decode()
    for page in (desk, online):
        assert 'inputmode="numeric"' in tag(page, "id_number")
        assert 'inputmode="tel"' in tag(page, "phone")
        assert 'type="email"' in tag(page, "email")
