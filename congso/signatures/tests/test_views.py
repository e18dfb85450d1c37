"""The signature pages as a permission matrix, uploads with bad input, the expiry warning and the home entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from congso.signatures import pki, services
from congso.signatures.models import Certificate, SignatureImage

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_who_reaches_which_page(signing_setup, system_admin, settings):
    settings.CONGSO_OTP_REQUIRED_FOR_ADMINS = False
    from congso.documents.tests.factories import make_office

    office = signing_setup
    other = make_office(short_name="SNV", name="Sở Nội vụ")
    agency_page = f"/chu-ky-so/co-quan/{office.agency.pk}/"
    matrix = [
        (office.leader, "/chu-ky-so/", 200),
        (office.leader, agency_page, 403),
        (office.leader, "/chu-ky-so/tin-cay/", 403),
        (office.admin, agency_page, 200),
        (office.admin, "/chu-ky-so/tin-cay/", 403),
        (other.clerk, agency_page, 403),
        (system_admin, agency_page, 200),
        (system_admin, "/chu-ky-so/tin-cay/", 200),
    ]
    for user, path, status in matrix:
        assert client_for(user).get(path).status_code == status, (user, path)
    seal = SignatureImage.objects.get(kind="seal")
    mine = SignatureImage.objects.get(kind="signature")
    assert client_for(office.admin).get(f"/chu-ky-so/anh/{seal.pk}.png").status_code == 200
    assert client_for(office.leader).get(f"/chu-ky-so/anh/{seal.pk}.png").status_code == 404
    assert client_for(office.admin).get(f"/chu-ky-so/anh/{mine.pk}.png").status_code == 404
    assert client_for(office.leader).get(f"/chu-ky-so/anh/{mine.pk}.png")["Content-Type"] == "image/png"


def test_bad_uploads_change_nothing(signing_setup, test_pki):
    office = signing_setup
    client = client_for(office.leader)
    before = SignatureImage.objects.get(kind="signature", user=office.leader).png
    opaque = pki.png((0, 0, 200))
    import io

    from PIL import Image

    flat = io.BytesIO()
    Image.open(io.BytesIO(opaque)).convert("RGB").save(flat, format="PNG")
    for name, content in [("a.png", b"not an image"), ("b.png", flat.getvalue()), ("c.jpg", b"\xff\xd8\xff")]:
        page = client.post(
            "/chu-ky-so/", {"action": "image", "file": SimpleUploadedFile(name, content)}, follow=True
        )
        assert page.status_code == 200
        assert "PNG" in page.content.decode() or "trong suốt" in page.content.decode()
    assert SignatureImage.objects.get(kind="signature", user=office.leader).png == before
    page = client.post(
        "/chu-ky-so/", {"action": "certificate", "file": SimpleUploadedFile("x.cer", b"junk")}, follow=True
    )
    assert "X.509" in page.content.decode()
    # A CA's certificate is not a personal one; the trust store takes only CAs.
    page = client.post(
        "/chu-ky-so/",
        {"action": "certificate", "file": SimpleUploadedFile("root.cer", test_pki.root.pem)},
        follow=True,
    )
    assert "kho chứng thư tin cậy" in page.content.decode()
    assert Certificate.objects.filter(user=office.leader).count() == 1


def test_expired_or_encryption_only_certificates_cannot_sign(signing_setup, test_pki):
    from congso.core.errors import ValidationFailed

    office = signing_setup
    expired = services.certificate_add(
        actor=office.clerk, data=test_pki.expired.der, purpose="signing", user=office.clerk
    )
    assert "hết hạn" in services.signing_problem(expired) or "expired" in services.signing_problem(expired)
    encryption = services.certificate_add(
        actor=office.clerk, data=test_pki.encryption_only.der, purpose="signing", user=office.clerk
    )
    assert services.signing_problem(encryption)
    with pytest.raises(ValidationFailed):
        from congso.signatures.services.remote import personal_certificate

        Certificate.objects.filter(pk=expired.pk).update(active=False)
        personal_certificate(office.clerk)


def test_expiry_is_warned_once_and_shown_on_the_home(signing_setup, django_capture_on_commit_callbacks):
    from congso.core.models import Notification
    from congso.signatures.services.expiry import certificate_expiry_warn

    office = signing_setup
    Certificate.objects.filter(user=office.leader).update(not_after=timezone.now() + timedelta(days=10))
    Certificate.objects.filter(agency=office.agency).update(not_after=timezone.now() + timedelta(days=20))
    assert certificate_expiry_warn() == 2
    assert certificate_expiry_warn() == 0
    assert Notification.objects.filter(recipient=office.leader, kind="signatures.expiry").count() == 1
    assert Notification.objects.filter(recipient=office.admin, kind="signatures.expiry").count() == 1
    home = client_for(office.leader).get("/").content.decode()
    assert "Gia hạn chứng thư số" in home


def test_the_leader_sees_drafts_to_sign_on_the_home(signing_setup, test_pki):
    from congso.core.work import gather
    from congso.documents import services as documents
    from congso.documents.services import Upload
    from congso.documents.tests.factories import draft_data

    from .conftest import draft_pdf

    office = signing_setup
    draft = documents.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(subject="Cần lãnh đạo ký số"),
        main_file=Upload("a.pdf", draft_pdf()),
    )
    documents.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    documents.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    groups = gather(office.leader)
    entries = [e for g in groups for e in g.entries if e.title == "Cần lãnh đạo ký số"]
    assert [str(e.action) for e in entries] == ["Ký số"]
