"""Signatures in the outgoing flow without a token (the agent's value made by the test key): numbering and the
agency's signature in the issue's transaction, validation of the delivered copy on arrival, the KPI, errors."""

from __future__ import annotations

import pytest
from django.test import Client

from congso.core.errors import ValidationFailed
from congso.documents import services as documents
from congso.documents.models import Document, DocumentFile
from congso.documents.services import Upload
from congso.documents.tests.factories import draft_data, make_office
from congso.signatures import services
from congso.signatures.models import Certificate, IssuedSignature

from .conftest import agent_sign, draft_pdf

pytestmark = pytest.mark.django_db


def signed_by_leader(office, test_pki, recipients=None) -> Document:
    draft = documents.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(document_type="QD", subject="Quyết định về việc thử nghiệm"),
        main_file=Upload("du-thao.pdf", draft_pdf()),
        recipients=recipients or [],
    )
    documents.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    document = documents.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    request = documents.outgoing_sign_request(actor=office.leader, document=document)
    services.signing_request_complete(
        actor=office.leader,
        request=request,
        signature=agent_sign(test_pki.leader, bytes(request.signed_attributes)),
    )
    document.refresh_from_db()
    return document


def test_delivered_copy_is_validated_on_arrival_and_shown_to_the_clerk(signing_setup, test_pki):
    office = signing_setup
    receiver = make_office(short_name="SNV", name="Sở Nội vụ")
    document = signed_by_leader(office, test_pki, recipients=[{"agency_id": receiver.agency.pk}])
    issued = documents.outgoing_document_issue(actor=office.clerk, document=document)
    copy = Document.objects.get(agency=receiver.agency, direction="incoming")
    from congso.documents.services.files import file_text_extract_pending

    assert file_text_extract_pending() >= 1
    main = copy.files.get(kind=DocumentFile.Kind.MAIN)
    assert main.signature_check["status"] == "valid"
    assert [s["signer"] for s in main.signature_check["signatures"]] == ["Nguyễn Văn Ánh", "UBND phường Một"]
    client = Client()
    client.force_login(receiver.clerk)
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Chữ ký hợp lệ" in page and "Nguyễn Văn Ánh" in page
    # The KPI counts the document as signed; an unsigned issue is not counted.
    assert issued.signed_file_id is not None
    from congso.documents.selectors.reports import Period, kpis

    figures = kpis(
        user=office.leader, agency_id=office.agency.pk, period=Period.year(issued.issued_date.year)
    )
    assert figures.outgoing_signed == 1


def test_untrusted_and_altered_copies_are_flagged_not_refused(signing_setup, test_pki):
    office = signing_setup
    Certificate.objects.filter(purpose="root").update(active=False)
    document = signed_by_leader(office, test_pki)
    document = documents.outgoing_document_issue(actor=office.clerk, document=document)
    with document.signed_file.file.open("rb") as handle:
        pdf = handle.read()
    assert services.validate_pdf(pdf)["status"] == "untrusted"
    altered = bytearray(pdf)
    altered[len(pdf) // 4] ^= 0x01
    received = documents.incoming_document_register(
        actor=office.clerk,
        agency_id=office.agency.pk,
        data={
            "issuer_name": "UBND phường Một",
            "code_number": "1",
            "code_notation": "QĐ-UBND",
            "issued_date": document.issued_date,
            "document_type": "QD",
            "subject": "Bản bị sửa",
            "urgency": "normal",
            "secrecy": "none",
            "page_count": 1,
        },
        files=[Upload("ban-sua.pdf", bytes(altered))],
    )
    from congso.documents.services.files import file_text_extract_pending

    file_text_extract_pending()
    stored = received.files.get()
    assert stored.signature_check["status"] == "invalid"  # still registered, with the warning
    client = Client()
    client.force_login(office.clerk)
    assert "Chữ ký không hợp lệ" in client.get(received.get_absolute_url()).content.decode()


def test_an_expired_agency_certificate_stops_the_issue_and_keeps_the_number(signing_setup, test_pki):
    office = signing_setup
    document = signed_by_leader(office, test_pki)
    Certificate.objects.filter(agency=office.agency).update(not_after="2020-01-01T00:00:00Z")
    with pytest.raises(ValidationFailed, match="expired|hết hạn"):
        documents.outgoing_document_issue(actor=office.clerk, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.APPROVED and document.number is None
    assert not IssuedSignature.objects.filter(kind="agency").exists()


def test_only_the_approving_leader_signs_and_only_once(signing_setup, test_pki):
    from congso.core.errors import Conflict, PermissionDenied

    office = signing_setup
    document = signed_by_leader(office, test_pki)
    with pytest.raises(Conflict):
        documents.outgoing_sign_request(actor=office.leader, document=document)
    with pytest.raises(PermissionDenied):
        documents.outgoing_sign_request(actor=office.clerk, document=document)


def test_a_signature_for_another_file_than_the_drafts_newest_is_refused(signing_setup, test_pki):
    from congso.core.errors import Conflict
    from congso.signatures.models import SigningRequest

    office = signing_setup
    draft = documents.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(document_type="QD", subject="Đổi tệp giữa chừng"),
        main_file=Upload("du-thao.pdf", draft_pdf()),
    )
    documents.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    document = documents.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    request = documents.outgoing_sign_request(actor=office.leader, document=document)
    SigningRequest.objects.filter(pk=request.pk).update(state={**request.state, "source_sha256": "0" * 64})
    request.refresh_from_db()
    with pytest.raises(Conflict):
        services.signing_request_complete(
            actor=office.leader,
            request=request,
            signature=agent_sign(test_pki.leader, bytes(request.signed_attributes)),
        )
    document.refresh_from_db()
    assert not document.signature_result.get("personal") and document.files.count() == 1
    request.refresh_from_db()
    assert request.status == SigningRequest.Status.PENDING


def test_an_expired_request_is_not_signed_and_the_page_says_so(signing_setup, test_pki):
    from datetime import timedelta

    from django.utils import timezone

    from congso.core.errors import Conflict
    from congso.signatures.models import SigningRequest

    office = signing_setup
    draft = documents.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(document_type="QD", subject="Ký quá hạn"),
        main_file=Upload("du-thao.pdf", draft_pdf()),
    )
    documents.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    document = documents.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    request = documents.outgoing_sign_request(actor=office.leader, document=document)
    SigningRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    request.refresh_from_db()
    assert not services.pending_for(office.leader).exists()
    with pytest.raises(Conflict):
        services.signing_request_complete(
            actor=office.leader,
            request=request,
            signature=agent_sign(test_pki.leader, bytes(request.signed_attributes)),
        )
    client = Client()
    client.force_login(office.leader)
    assert "đã hết hạn" in client.get(document.get_absolute_url()).content.decode()
