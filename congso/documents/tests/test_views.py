"""The documents pages through HTTP: registration form with the duplicate warning, the document page and its
actions, file downloads behind permissions, search, the home panel, fixed query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.documents import services
from congso.documents.models import Document

from .factories import docx_bytes, incoming_data

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {**incoming_data(), "issued_date": "02/03/2026", **overrides}
    return {k: v for k, v in data.items() if v is not None}


def test_clerk_registers_through_the_form_and_sees_the_duplicate_warning(client, office):
    client.force_login(office.clerk)
    upload = SimpleUploadedFile("ke-hoach.docx", docx_bytes("Nội dung"))
    response = client.post("/van-ban/den/moi/", {**_form(), "files": upload})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{document.pk}/"
    assert document.files.count() == 1 and document.number == 1
    again = client.post("/van-ban/den/moi/", _form())
    assert again.status_code == 200
    assert 'data-testid="duplicate-warning"' in again.content.decode()
    assert Document.objects.count() == 1
    confirmed = client.post("/van-ban/den/moi/", {**_form(), "allow_duplicate": "on"})
    assert confirmed.status_code == 302 and Document.objects.count() == 2


def test_bad_input_shows_the_error_summary_in_vietnamese(client, office):
    client.force_login(office.clerk)
    response = client.post("/van-ban/den/moi/", _form(subject="", issued_date="31/02/2026"))
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="form-errors"' in body
    assert "Trích yếu" in body
    assert not Document.objects.exists()


def test_only_clerks_open_the_registration_form(client, office):
    client.force_login(office.specialist)
    assert client.get("/van-ban/den/moi/").status_code == 403


def test_document_page_actions_and_history(client, office):
    document = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data()
    )
    client.force_login(office.clerk)
    page = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "Kế hoạch ứng dụng CNTT năm 2026" in page and "Trình lãnh đạo" in page
    assert client.post(f"/van-ban/{document.pk}/trinh/", {"leader": office.leader.pk}).status_code == 302
    client.force_login(office.leader)
    page = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert 'data-testid="direct-form"' in page
    response = client.post(
        f"/van-ban/{document.pk}/chi-dao/",
        {
            "instruction": "Giao VX",
            "lead": f"unit:{office.unit.pk}",
            "for_information": [f"user:{office.clerk.pk}"],
            "due_days": "5",
        },
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).status == "assigned"
    client.force_login(office.head)
    page = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "Đã cho ý kiến chỉ đạo và giao xử lý" in page and "Giao VX" in page


def test_a_refused_direction_keeps_what_was_typed_and_names_the_field(client, office):
    document = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data()
    )
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    client.force_login(office.leader)
    typed = "Giao phòng VX chủ trì, báo cáo trước ngày 15."
    for due in ("31/02/2026", "01/01/2020"):  # not a date; a date in the past (refused by the service)
        response = client.post(
            f"/van-ban/{document.pk}/chi-dao/",
            {"instruction": typed, "lead": f"unit:{office.unit.pk}", "due_date": due},
        )
        page = response.content.decode()
        assert response.status_code == 400 and typed in page, due
        summary = page.split('data-testid="form-errors"')[1].split("</div>")[0]
        assert 'href="#id_due_date"' in summary and 'aria-invalid="true"' in page, due
    assert Document.objects.get(pk=document.pk).status == "submitted"  # nothing changed
    assert not document.assignments.exists()
    # Units and people are two groups of one searchable select (Tom Select enhances any multiple choice).
    group = page.split('name="collaborate"')[1].split("</select>")[0]
    assert '<optgroup label="Đơn vị trực thuộc">' in group and '<optgroup label="Cá nhân">' in group


def test_other_agencies_get_404_for_pages_and_files(client, office, other_office):
    document = services.incoming_document_register(
        actor=office.clerk,
        agency_id=office.agency.pk,
        data=incoming_data(),
        files=[services.Upload("a.docx", docx_bytes("mật"))],
    )
    stored = document.files.get()
    client.force_login(office.clerk)
    response = client.get(f"/van-ban/{document.pk}/tep/{stored.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    for user in (other_office.clerk, other_office.leader, office.other_specialist):
        client.force_login(user)
        assert client.get(f"/van-ban/{document.pk}/").status_code == 404
        assert client.get(f"/van-ban/{document.pk}/tep/{stored.pk}/").status_code == 404
        assert client.post(f"/van-ban/{document.pk}/trinh/", {"leader": office.leader.pk}).status_code == 404


def test_search_page_and_home_panel(client, office):
    document = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data(urgency="express")
    )
    client.force_login(office.clerk)
    body = client.get("/van-ban/tim-kiem/", {"q": "ke hoach ung dung cntt"}).content.decode()
    assert document.get_absolute_url() in body
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    client.force_login(office.leader)
    home = client.get("/").content.decode()
    work = home.split('data-testid="work-documents"')[1]
    assert "Hỏa tốc" in work and "Cho ý kiến chỉ đạo" in work and document.get_absolute_url() in work


def test_lists_do_a_fixed_number_of_queries(client, office):
    client.force_login(office.clerk)
    services.incoming_document_register(actor=office.clerk, agency_id=office.agency.pk, data=incoming_data())
    client.get("/van-ban/den/")

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/van-ban/den/", "/van-ban/di/", "/van-ban/tim-kiem/?q=ke+hoach", "/"]
    before = {url: count(url) for url in urls}
    for number in range(2, 12):
        services.incoming_document_register(
            actor=office.clerk, agency_id=office.agency.pk, data=incoming_data(code_number=str(number))
        )
    assert {url: count(url) for url in urls} == before


def test_saved_searches_belong_to_their_user(client, office):
    from congso.documents.models import SavedSearch

    client.force_login(office.clerk)
    response = client.post(
        "/van-ban/tim-kiem/", {"name": "Kế hoạch CNTT", "query_string": "q=ke+hoach&evil=1&order=date"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=office.clerk)
    assert saved.query_string == "q=ke+hoach&order=date"
    assert "Kế hoạch CNTT" in client.get("/van-ban/tim-kiem/", {"q": "x"}).content.decode()
    client.post("/van-ban/tim-kiem/", {"name": "", "query_string": "q=x"})
    assert SavedSearch.objects.count() == 1
    client.force_login(office.leader)
    client.post("/van-ban/tim-kiem/", {"delete": saved.pk})
    assert SavedSearch.objects.count() == 1
    client.force_login(office.clerk)
    client.post("/van-ban/tim-kiem/", {"delete": saved.pk})
    assert not SavedSearch.objects.exists()


def test_search_pages_carry_the_total(client, office):
    for number in range(1, 36):
        services.incoming_document_register(
            actor=office.clerk, agency_id=office.agency.pk, data=incoming_data(code_number=str(number))
        )
    client.force_login(office.clerk)
    second = client.get("/van-ban/tim-kiem/", {"q": "ke hoach", "page": 2})
    assert second.context["page"].paginator.count == 35 and len(second.context["page"].object_list) == 5
    beyond = client.get("/van-ban/tim-kiem/", {"q": "ke hoach", "page": 9})
    assert beyond.context["page"].number == 1
    none = client.get("/van-ban/tim-kiem/", {"q": "khong co gi"})
    assert none.context["page"].paginator.count == 0


def test_views_and_downloads_are_logged_for_clerks_and_leaders(client, office):
    document = services.incoming_document_register(
        actor=office.clerk,
        agency_id=office.agency.pk,
        data=incoming_data(),
        files=[services.Upload("a.docx", docx_bytes("nội dung"))],
    )
    client.force_login(office.leader)
    client.get(f"/van-ban/{document.pk}/")
    client.get(f"/van-ban/{document.pk}/")  # within 10 minutes: once
    client.get(f"/van-ban/{document.pk}/tep/{document.files.get().pk}/")
    assert list(document.accesses.values_list("action", flat=True).order_by("pk")) == ["view", "download"]
    client.force_login(office.clerk)
    assert 'data-testid="access-log"' in client.get(f"/van-ban/{document.pk}/").content.decode()


def test_malformed_numbers_in_pages_are_not_server_errors(client, office):
    """Security finding 11: each of these was an HTTP 500."""
    client.force_login(office.clerk)
    assert client.get("/van-ban/tim-kiem/?q=x&page=99999999999999999999").status_code == 200
    assert client.get("/van-ban/tim-kiem/?q=x&page=-1").status_code == 200
    assert client.post("/van-ban/tim-kiem/", {"delete": "abc"}).status_code == 302
    assert client.post("/van-ban/tim-kiem/", {"delete": "9" * 30}).status_code == 302
    document = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data()
    )
    for value in ("abc", "", "9" * 30, "-3"):
        response = client.post(f"/van-ban/{document.pk}/luu-ho-so/", {"record_file": value})
        assert response.status_code == 302, value
    assert not document.record_files.exists()


def test_each_list_filters_by_the_statuses_of_its_own_direction(client, office):
    incoming = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data()
    )
    client.force_login(office.clerk)
    page = client.get("/van-ban/den/").content.decode()
    offered = page.split('id="status"')[1].split("</select>")[0]
    assert 'value="registered"' in offered and 'value="drafting"' not in offered
    page = client.get("/van-ban/di/").content.decode()
    offered = page.split('id="status"')[1].split("</select>")[0]
    assert 'value="issued"' in offered and 'value="registered"' not in offered
    # A status of the other direction is not applied (the list is not emptied by a filter it does not offer).
    assert incoming.subject in client.get("/van-ban/den/?status=drafting").content.decode()
    search = client.get("/van-ban/tim-kiem/").content.decode()
    assert '<optgroup label="Văn bản đến">' in search and '<optgroup label="Văn bản đi">' in search
