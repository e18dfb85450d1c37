"""Recall, correction and replacement of an issued document, with each recipient's answer (15 / 16)."""

import pytest

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.documents import edxml, services
from congso.documents.models import Document, DocumentRecipient, ExchangeStatus, OutboxMessage
from congso.documents.services import exchange
from congso.documents.services.files import file_text_extract_pending

from .factories import docx_upload, draft_data

pytestmark = pytest.mark.django_db


def issued(office, recipients, **kwargs):
    draft = services.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(),
        main_file=docx_upload("Bản gốc"),
        recipients=recipients,
        **kwargs,
    )
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    services.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    return services.outgoing_document_issue(actor=office.clerk, document=draft)


def codes(recipient):
    return list(ExchangeStatus.objects.filter(recipient=recipient).values_list("code", flat=True))


def test_recall_accepted_by_the_recipient(office, other_office):
    document = issued(office, [{"agency_id": other_office.agency.pk}])
    with pytest.raises(ValidationFailed):
        services.outgoing_document_recall(actor=office.clerk, document=document, reason="")
    with pytest.raises(PermissionDenied):
        services.outgoing_document_recall(actor=office.leader, document=document, reason="Sai")
    services.outgoing_document_recall(actor=office.clerk, document=document, reason="Sai đối tượng áp dụng")
    assert Document.objects.get(pk=document.pk).status == "recalled"
    recipient = DocumentRecipient.objects.get(document=document)
    copy = recipient.delivered
    copy.refresh_from_db()
    assert copy.pending_change == "recall" and copy.pending_reason == "Sai đối tượng áp dụng"
    services.incoming_document_answer_change(actor=other_office.clerk, document=copy, accept=True)
    copy.refresh_from_db()
    assert copy.status == "recalled" and copy.pending_change == ""
    assert codes(recipient) == ["01", "13", "15"]


def test_correction_refused_keeps_the_original(office, other_office):
    document = issued(office, [{"agency_id": other_office.agency.pk}])
    services.outgoing_document_update(
        actor=office.clerk,
        document=document,
        main_file=docx_upload("Bản đính chính"),
        reason="Sửa lỗi chính tả",
    )
    copy = DocumentRecipient.objects.get(document=document).delivered
    copy.refresh_from_db()
    assert copy.pending_change == "update" and copy.files.filter(kind="pending").count() == 1
    with pytest.raises(PermissionDenied):
        services.incoming_document_answer_change(actor=other_office.leader, document=copy, accept=False)
    services.incoming_document_answer_change(
        actor=other_office.clerk, document=copy, accept=False, reason="Đã xử lý xong"
    )
    copy.refresh_from_db()
    assert not copy.files.filter(kind="pending").exists() and copy.files.filter(kind="main").count() == 1
    assert codes(DocumentRecipient.objects.get(document=document))[-1] == "16"


def test_correction_accepted_becomes_the_new_main_version(office, other_office):
    document = issued(office, [{"agency_id": other_office.agency.pk}])
    services.outgoing_document_update(
        actor=office.clerk, document=document, main_file=docx_upload("Bản đính chính"), reason="Sửa số liệu"
    )
    copy = DocumentRecipient.objects.get(document=document).delivered
    services.incoming_document_answer_change(
        actor=other_office.clerk, document=Document.objects.get(pk=copy.pk), accept=True
    )
    file_text_extract_pending()
    mains = list(copy.files.filter(kind="main").order_by("version").values_list("text", flat=True))
    assert mains == ["Bản gốc", "Bản đính chính"]


def test_a_replacement_points_at_the_replaced_copy(office, other_office):
    old = issued(office, [{"agency_id": other_office.agency.pk}])
    new = issued(office, [{"agency_id": other_office.agency.pk}], replaces=old.pk)
    assert new.replaces == old and old.events.filter(action="replaced").exists()
    old_copy = DocumentRecipient.objects.get(document=old).delivered
    new_copy = DocumentRecipient.objects.get(document=new).delivered
    assert new_copy.replaces == old_copy


def test_recall_to_a_peer_goes_as_a_business_type_1_package(office, monkeypatch):
    peer = services.peer_save(
        actor=None,
        name="Bên cạnh",
        code="bc",
        base_url="https://bc.example",
        organ_ids=["H37.*"],
        secret="k" * 40,
    )
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    document = issued(office, [{"organ_id": "H37.01", "name": "Sở Nội vụ Bên Cạnh"}])
    services.outgoing_document_recall(actor=office.clerk, document=document, reason="Ban hành nhầm")
    packages = OutboxMessage.objects.filter(peer=peer, kind="package").order_by("pk")
    envelopes = [edxml.parse_envelope(bytes(p.payload)) for p in packages]
    assert [e.business_doc_type for e in envelopes] == [0, 1]
    assert envelopes[1].business_doc_reason == "Ban hành nhầm"
    assert envelopes[1].document_id == envelopes[0].document_id


def test_an_inbound_recall_waits_for_the_clerk_and_answers_the_peer(client, office, monkeypatch):
    from .test_exchange import SECRET, envelope, post

    services.peer_save(
        actor=None,
        name="Tỉnh Bên Cạnh",
        code="ben-canh",
        base_url="https://ben-canh.example",
        organ_ids=["000.00.00.G12"],
        secret=SECRET,
    )
    office.agency.organ_id = "H98.01"
    office.agency.save()
    post(client, "/lien-thong/goi-tin/", edxml.build_envelope(envelope()), message_id="n-1")
    post(
        client,
        "/lien-thong/goi-tin/",
        edxml.build_envelope(envelope(business_doc_type=1, business_doc_reason="Nhầm")),
        message_id="n-2",
    )
    copy = Document.objects.get()
    assert copy.pending_change == "recall"
    services.incoming_document_answer_change(actor=office.clerk, document=copy, accept=True)
    status = edxml.parse_status(bytes(OutboxMessage.objects.get(kind="status").payload))
    assert status.status_code == "15"
