"""The one-stop pages: reception through the form, the dossier page and its actions (with a stale version), the
PDFs, who reaches what (a matrix), and the public lookup with its check value and rate limit."""

import io

import pytest
from pypdf import PdfReader

from congso.accounts.tests.factories import UserFactory
from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def receive(ward, code="1.001612"):
    return services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code=code),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
    )


def form_data(ward, **overrides):
    data = {
        "procedure": "1.001612",
        "handling_agency": str(ward.agency.pk),
        "channel": "direct",
        "name": "Trần Văn Bình",
        "id_number": "001099012345",
        "phone": "0987654321",
        "outcome": "accept",
    }
    data.update(overrides)
    return data


def test_reception_form_accepts_and_prints_the_receipt(client, ward):
    client.force_login(ward.officer)
    assert client.get("/mot-cua/tiep-nhan/").status_code == 200
    response = client.post("/mot-cua/tiep-nhan/", form_data(ward))
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mot-cua/{dossier.pk}/"
    page = client.get(f"/mot-cua/{dossier.pk}/").content.decode()
    assert dossier.code in page and "Chuyển" in page
    receipt = client.get(f"/mot-cua/{dossier.pk}/mau-01/")
    text = PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages[0].extract_text()
    assert dossier.code in text


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"phone": "12345"}, "phone"),
        ({"id_number": "abc"}, "id_number"),
        ({"channel": "postal"}, "postal_reference"),
        ({"outcome": "incomplete", "items": ""}, "items"),
        ({"outcome": "refuse", "reason": ""}, "reason"),
        ({"procedure": "9.999999"}, "procedure"),
    ],
)
def test_reception_form_errors_change_nothing(client, ward, overrides, field):
    client.force_login(ward.officer)
    response = client.post("/mot-cua/tiep-nhan/", form_data(ward, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_only_officers_reach_reception(client, ward):
    client.force_login(ward.specialist)
    assert client.get("/mot-cua/tiep-nhan/").status_code == 403


def test_actions_through_the_page_and_a_stale_version(client, ward):
    dossier = receive(ward)
    client.force_login(ward.officer)
    client.post(f"/mot-cua/{dossier.pk}/forward/", {"version": 1, "comment": "Đủ"})
    assert Dossier.objects.get().status == Dossier.Status.PROCESSING
    client.force_login(ward.leader)
    response = client.post(
        f"/mot-cua/{dossier.pk}/send_back/", {"version": 1, "reason": "Xem lại"}, follow=True
    )
    assert "vừa" in response.content.decode() or "just" in response.content.decode()
    assert Dossier.objects.get().version == 2
    client.force_login(ward.specialist)
    client.post(f"/mot-cua/{dossier.pk}/forward/", {"version": 2})
    client.force_login(ward.leader)
    upload = io.BytesIO(PDF)
    upload.name = "ket-qua.pdf"
    client.post(
        f"/mot-cua/{dossier.pk}/approve/", {"version": 3, "result_summary": "Cấp giấy", "result_file": upload}
    )
    client.force_login(ward.officer2)
    client.post(f"/mot-cua/{dossier.pk}/return/", {"version": 4, "method": "electronic"})
    dossier = Dossier.objects.get()
    assert dossier.status == Dossier.Status.RETURNED
    sheet = client.get(f"/mot-cua/{dossier.pk}/mau-05/")
    assert (
        sheet["Content-Type"] == "application/pdf"
        and dossier.code in PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text()
    )
    assert client.post(f"/mot-cua/{dossier.pk}/nonsense/", {}).status_code == 404


def test_an_unknown_extension_date_is_a_clear_error(client, ward):
    dossier = receive(ward)
    client.force_login(ward.leader)
    response = client.post(
        f"/mot-cua/{dossier.pk}/extend/", {"new_date": "31/02/2026", "reason": "x"}, follow=True
    )
    assert Dossier.objects.get().original_appointment_at is None
    assert response.status_code == 200 and "alert" in response.content.decode()


@pytest.mark.parametrize(
    "who, sees, forwards",
    [
        ("officer", True, True),
        ("officer2", True, False),  # the first step is in the receiving officer's hands
        ("specialist", True, False),
        ("leader", True, True),  # leaders supervise every step of their agency
        ("stranger", False, False),
        ("department_specialist", False, False),
    ],
)
def test_who_reaches_a_dossier(client, ward, who, sees, forwards):
    dossier = receive(ward)
    client.force_login(getattr(ward, who))
    assert client.get(f"/mot-cua/{dossier.pk}/").status_code == (200 if sees else 404)
    client.post(f"/mot-cua/{dossier.pk}/forward/", {"version": 1})
    assert (Dossier.objects.get().status == Dossier.Status.PROCESSING) is forwards


def test_citizens_never_reach_staff_pages_but_may_look_up(client, ward):
    dossier = receive(ward)
    citizen = UserFactory(kind="citizen")
    client.force_login(citizen)
    assert client.get("/mot-cua/").status_code == 403
    assert client.get(f"/mot-cua/{dossier.pk}/").status_code == 403
    page = client.get("/tra-cuu/", {"code": dossier.code, "check": "5678"})
    assert page.status_code == 200 and "Tiếp nhận hồ sơ" in page.content.decode()


def test_lookup_needs_the_check_value_and_is_rate_limited(client, ward, settings):
    dossier = receive(ward)
    settings.CONGSO_LOOKUP_RATE = 3
    wrong = client.get("/tra-cuu/", {"code": dossier.code, "check": "1111"})
    assert wrong.status_code == 200 and 'data-testid="lookup-result"' not in wrong.content.decode()
    right = client.get("/tra-cuu/", {"code": dossier.code, "check": "5678"}).content.decode()
    assert "lookup-result" in right and "Lê Thị Hoa" not in right and ward.officer.full_name not in right
    assert client.get("/tra-cuu/ket-qua/", {"code": dossier.code, "check": "5678"}).status_code == 404
    # Only misses count (3 allowed): finding one's own dossier again and again is never refused.
    for _ in range(5):
        assert client.get("/tra-cuu/", {"code": dossier.code, "check": "5678"}).status_code == 200
    assert client.get("/tra-cuu/", {"code": dossier.code, "check": "2222"}).status_code == 200  # miss 2
    assert client.get("/tra-cuu/", {"code": "XA01-000000-0000", "check": "5678"}).status_code == 200  # miss 3
    refused = client.get("/tra-cuu/", {"code": dossier.code, "check": "3333"})
    assert refused.status_code == 429 and "10 phút" in refused.content.decode()
    # From then on the address is refused whatever it asks, so a refusal tells nothing about the code.
    assert client.get("/tra-cuu/", {"code": dossier.code, "check": "5678"}).status_code == 429
    assert client.get("/tra-cuu/ket-qua/", {"code": dossier.code, "check": "5678"}).status_code == 404


def test_the_lookup_api_refuses_an_address_after_too_many_misses(client, ward, settings):
    settings.CONGSO_LOOKUP_RATE = 2
    code = receive(ward).code
    for _ in range(3):
        assert client.get("/api/v1/dossiers/lookup", {"code": code, "check": "5678"}).status_code == 200
    for check in ("0001", "0002"):
        assert client.get("/api/v1/dossiers/lookup", {"code": code, "check": check}).status_code == 404
    refused = client.get("/api/v1/dossiers/lookup", {"code": code, "check": "0003"})
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert client.get("/api/v1/dossiers/lookup", {"code": code, "check": "5678"}).status_code == 429
    other = client.get("/api/v1/dossiers/lookup", {"code": code, "check": "5678"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_receipt_is_made_when_first_opened(client, ward):
    dossier = receive(ward)
    Dossier.objects.filter(pk=dossier.pk).update(receipt="")  # as the bulk-loaded history is
    client.force_login(ward.officer)
    response = client.get(f"/mot-cua/{dossier.pk}/mau-01/")
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert dossier.code in text and Dossier.objects.get(pk=dossier.pk).receipt
