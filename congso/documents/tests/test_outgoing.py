"""Outgoing documents: drafts and versions, review and approval, numbering and issue, delivery on this
installation with the receiver's status messages, merges."""

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.documents import services
from congso.documents.models import Document, DocumentRecipient, ExchangeStatus, RegisterCounter
from congso.documents.services import Upload

from .factories import docx_upload, draft_data, incoming_data, pdf_bytes

pytestmark = pytest.mark.django_db


def approved(office, recipients=None, **overrides):
    draft = services.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(**overrides),
        main_file=docx_upload(),
        recipients=recipients or [],
    )
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    return services.outgoing_draft_review(
        actor=office.leader, document=draft, decision="approve", signing_authority="TM."
    )


def test_draft_versions_review_and_approval(office):
    draft = services.outgoing_draft_create(
        actor=office.specialist, agency_id=office.agency.pk, data=draft_data(), main_file=docx_upload("Bản 1")
    )
    assert draft.unit == office.unit and draft.status == Document.Status.DRAFTING
    services.outgoing_draft_add_version(
        actor=office.specialist, document=draft, main_file=docx_upload("Bản 2"), comment="Sửa theo góp ý"
    )
    assert sorted(draft.files.values_list("version", flat=True)) == [1, 2]
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    with pytest.raises(ValidationFailed):
        services.outgoing_draft_review(actor=office.head, document=draft, decision="return", comment="")
    services.outgoing_draft_review(
        actor=office.head, document=draft, decision="return", comment="Bổ sung số liệu"
    )
    assert Document.objects.get(pk=draft.pk).status == Document.Status.DRAFTING
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    services.outgoing_draft_review(actor=office.head, document=draft, decision="agree")
    with pytest.raises(PermissionDenied):
        services.outgoing_draft_review(actor=office.head, document=draft, decision="approve")
    services.outgoing_draft_review(
        actor=office.leader, document=draft, decision="approve", signing_authority="KT."
    )
    draft.refresh_from_db()
    assert draft.status == Document.Status.APPROVED
    assert (draft.signing_authority, draft.signer_name) == ("KT.", office.leader.full_name)


def test_a_draft_without_its_main_file_cannot_go_for_review(office):
    draft = services.outgoing_draft_create(
        actor=office.specialist, agency_id=office.agency.pk, data=draft_data()
    )
    with pytest.raises(ValidationFailed):
        services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)


def test_numbering_per_register_per_year_with_leading_zero_and_symbols(office):
    plan = services.outgoing_document_issue(actor=office.clerk, document=approved(office))
    assert (plan.code_number, plan.code_notation, plan.code) == ("01", "KH-UBND", "01/KH-UBND")
    assert plan.issued_date == timezone.localdate() and plan.status == Document.Status.ISSUED
    second = services.outgoing_document_issue(
        actor=office.clerk, document=approved(office, document_type="QD")
    )
    assert second.code == "02/QĐ-UBND"
    letter = services.outgoing_document_issue(
        actor=office.clerk, document=approved(office, document_type="CV")
    )
    assert letter.code == "01/UBND-VX"  # công văn: <agency>-<unit>, its own register
    secret = services.outgoing_document_issue(actor=office.clerk, document=approved(office, secrecy="secret"))
    assert secret.code == "01/KH-UBND" and secret.register.secret
    for _ in range(3, 11):
        last = services.outgoing_document_issue(actor=office.clerk, document=approved(office))
    assert last.code_number == "10"


def test_only_the_clerk_issues_and_only_an_approved_document(office, other_office):
    document = approved(office)
    for actor in (office.leader, office.specialist, other_office.clerk):
        with pytest.raises(PermissionDenied):
            services.outgoing_document_issue(actor=actor, document=document)
    draft = services.outgoing_draft_create(
        actor=office.specialist, agency_id=office.agency.pk, data=draft_data(), main_file=docx_upload()
    )
    with pytest.raises(PermissionDenied):
        services.outgoing_document_issue(actor=office.clerk, document=draft)


def test_a_failed_issue_does_not_burn_a_number(office, monkeypatch):
    document = approved(office, recipients=[{"organ_id": "000.00.00.H99", "name": "Cơ quan ngoài"}])
    import congso.documents.services.outgoing as outgoing

    real_dispatch = outgoing.dispatch

    def boom(*args, **kwargs):
        real_dispatch(*args, **kwargs)
        raise RuntimeError("crash after numbering and dispatch")

    monkeypatch.setattr(outgoing, "dispatch", boom)
    with pytest.raises(RuntimeError):
        services.outgoing_document_issue(actor=office.clerk, document=document)
    assert RegisterCounter.objects.filter(last_number__gt=0).count() == 0
    assert Document.objects.get(pk=document.pk).status == Document.Status.APPROVED
    monkeypatch.undo()
    assert services.outgoing_document_issue(actor=office.clerk, document=document).code_number == "01"


def test_issue_delivers_to_agencies_on_this_installation_and_the_sender_sees_their_statuses(
    office, other_office
):
    document = approved(
        office,
        recipients=[
            {"agency_id": other_office.agency.pk},
            {"organ_id": "000.00.00.H99", "name": "Bộ Nội vụ"},
        ],
    )
    services.outgoing_document_issue(actor=office.clerk, document=document)
    recipient = DocumentRecipient.objects.get(document=document, agency=other_office.agency)
    copy = recipient.delivered
    assert copy.agency == other_office.agency and copy.status == Document.Status.RECEIVED
    assert copy.code == "01/KH-UBND" and copy.issuer == office.agency
    assert copy.files.count() == 1
    assert recipient.status_code == "01"
    assert (
        DocumentRecipient.objects.get(document=document, agency=None).delivered is None
    )  # outside: next issue
    registered = services.incoming_document_register(
        actor=other_office.clerk,
        agency_id=other_office.agency.pk,
        document=copy,
        data={
            **incoming_data(),
            "issuer_name": copy.issuer_name,
            "code_number": copy.code_number,
            "code_notation": copy.code_notation,
            "issued_date": copy.issued_date,
            "subject": copy.subject,
        },
    )
    assert registered.pk == copy.pk and registered.number == 1
    services.incoming_document_submit(
        actor=other_office.clerk, document=registered, leader=other_office.leader
    )
    services.incoming_document_direct(
        actor=other_office.leader,
        document=registered,
        instruction="Triển khai",
        assignments=[{"kind": "lead", "unit_id": other_office.unit.pk}],
    )
    codes = list(ExchangeStatus.objects.filter(recipient=recipient).values_list("code", flat=True))
    assert codes == ["01", "03", "04"]
    recipient.refresh_from_db()
    assert recipient.status_code == "04"


def test_a_document_is_delivered_once(office, other_office):
    document = approved(office, recipients=[{"agency_id": other_office.agency.pk}])
    services.outgoing_document_issue(actor=office.clerk, document=document)
    recipient = DocumentRecipient.objects.get(document=document)
    again = services.deliver_locally(Document.objects.get(pk=document.pk), recipient, None)
    assert again == recipient.delivered
    assert Document.objects.filter(agency=other_office.agency).count() == 1


def test_the_recipient_cannot_be_the_agency_itself(office):
    with pytest.raises(ValidationFailed):
        services.outgoing_draft_create(
            actor=office.specialist,
            agency_id=office.agency.pk,
            data=draft_data(),
            recipients=[{"agency_id": office.agency.pk}],
        )
    assert not Document.objects.exists()


def test_a_reply_is_linked_both_ways(office):
    incoming = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data()
    )
    services.incoming_document_submit(actor=office.clerk, document=incoming, leader=office.leader)
    services.incoming_document_direct(
        actor=office.leader,
        document=incoming,
        instruction="x",
        assignments=[{"kind": "lead", "user_id": office.specialist.pk}],
    )
    reply = services.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(document_type="CV"),
        main_file=Upload("tra-loi.pdf", pdf_bytes("Tra loi")),
        answers=[incoming.pk],
    )
    assert list(incoming.answered_by.all()) == [reply]
    with pytest.raises(ValidationFailed):
        services.outgoing_draft_create(
            actor=office.other_specialist,
            agency_id=office.agency.pk,
            data=draft_data(),
            answers=[incoming.pk],
        )


def test_merge_moves_open_documents_and_keeps_closed_ones(office, other_office):
    from congso.organizations.services import agency_merge

    open_doc = services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data()
    )
    services.incoming_document_submit(actor=office.clerk, document=open_doc, leader=office.leader)
    services.incoming_document_direct(
        actor=office.leader,
        document=open_doc,
        instruction="x",
        assignments=[{"kind": "lead", "unit_id": office.unit.pk}],
    )
    closed = services.outgoing_document_issue(actor=office.clerk, document=approved(office))
    with transaction.atomic():
        agency_merge(
            actor=None, sources=[office.agency], target=other_office.agency, effective_date=date(2026, 1, 1)
        )
    open_doc.refresh_from_db()
    closed.refresh_from_db()
    assert open_doc.agency == other_office.agency
    assert open_doc.assignments.get().unit.agency == other_office.agency
    assert open_doc.events.last().action == "moved_after_merge"
    assert closed.agency == office.agency


def test_every_change_of_a_document_has_its_audit_entry(office, other_office):
    """One helper (record_event) writes the history event and the audit entry together: no state change is left
    out of the audit log, on the sender's side or the receiver's."""
    from congso.core.models import AuditEntry
    from congso.documents.models import DocumentEvent

    document = approved(office, recipients=[{"agency_id": other_office.agency.pk}])
    services.outgoing_document_issue(actor=office.clerk, document=document)
    events = list(DocumentEvent.objects.all())
    assert {e.action for e in events} >= {
        "drafted",
        "submitted_for_review",
        "review_approve",
        "issued",
        "arrived",
    }
    for event in events:
        entry = AuditEntry.objects.filter(action=f"document.{event.action}", object_id=str(event.document_id))
        assert entry.exists(), event.action
        assert entry.first().agency_id == event.document.agency_id
