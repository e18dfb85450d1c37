"""Incoming documents: registration and numbering, duplicates, bad input, direction, handling, history."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from congso.core.errors import Conflict, PermissionDenied, ValidationFailed
from congso.core.models import AppendOnlyError, AuditEntry
from congso.documents import services
from congso.documents.models import Document, DocumentAssignment, DocumentEvent, RegisterCounter
from congso.documents.services import Upload
from congso.documents.services.files import file_text_extract_pending

from .factories import docx_bytes, incoming_data, pdf_bytes

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def register(office, **kwargs):
    data = kwargs.pop("data", None) or incoming_data(**kwargs.pop("overrides", {}))
    return services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=data, **kwargs
    )


def test_arrival_numbers_are_sequential_per_register_and_restart_each_year(office):
    first = register(office, arrival_at=datetime(2025, 12, 31, 16, 0, tzinfo=VN))
    second = register(
        office, overrides={"code_number": "105"}, arrival_at=datetime(2025, 12, 31, 16, 30, tzinfo=VN)
    )
    new_year = register(
        office,
        overrides={"code_number": "1", "issued_date": date(2026, 1, 2)},
        arrival_at=datetime(2026, 1, 2, 8, 0, tzinfo=VN),
    )
    assert (first.number, first.year) == (1, 2025)
    assert (second.number, second.year) == (2, 2025)
    assert (new_year.number, new_year.year) == (1, 2026)
    assert first.status == Document.Status.REGISTERED
    assert first.events.get().action == "registered"
    assert AuditEntry.objects.filter(action="document.registered", object_id=str(first.pk)).exists()


def test_secret_documents_take_the_secret_register(office):
    ordinary = register(office)
    secret = register(office, overrides={"secrecy": "confidential", "code_number": "7"})
    assert ordinary.register != secret.register
    assert secret.register.secret and secret.number == 1


def test_duplicate_is_refused_until_the_clerk_confirms(office):
    register(office)
    counter_before = RegisterCounter.objects.get().last_number
    with pytest.raises(Conflict) as error:
        register(office)
    assert error.value.code == "duplicate"
    assert error.value.details["duplicates"][0]["arrival_number"] == 1
    assert Document.objects.count() == 1
    assert RegisterCounter.objects.get().last_number == counter_before  # no number burnt
    confirmed = register(office, allow_duplicate=True)
    assert confirmed.number == 2
    assert confirmed.events.get().data["duplicate_confirmed"] is True


def test_duplicate_match_ignores_case_of_symbol_and_issuer(office):
    register(office)
    with pytest.raises(Conflict):
        register(
            office, overrides={"code_notation": "kh-btttt", "issuer_name": "bộ thông tin và truyền thông"}
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"subject": "x" * 501}, "subject"),
        ({"code_number": ""}, "code_number"),
        ({"code_number": "104/KH"}, "code_number"),
        ({"code_notation": "KH - UBND"}, "code_notation"),
        ({"issued_date": date(2099, 1, 1)}, "issued_date"),
        ({"issued_date": "31/02/2026"}, "issued_date"),
        ({"document_type": "XYZ"}, "document_type"),
        ({"urgency": "very"}, "urgency"),
        ({"page_count": 0}, "page_count"),
        ({"issuer_name": ""}, "issuer_name"),
    ],
)
def test_bad_metadata_is_refused_and_changes_nothing(office, overrides, field):
    with pytest.raises(ValidationFailed) as error:
        register(office, overrides=overrides)
    assert field in error.value.details
    assert Document.objects.count() == 0
    assert not RegisterCounter.objects.filter(last_number__gt=0).exists()


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (Upload("trong.pdf", b""), "empty"),
        (Upload("gia.pdf", docx_bytes("x")), "does not match"),
        (Upload("anh.docx", pdf_bytes("x")), "does not match"),
        (Upload("virus.exe", b"MZ\x90\x00"), "not a PDF"),
    ],
)
def test_bad_files_are_refused_by_content(office, upload, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        register(office, files=[upload])
    assert fragment in error.value.message
    assert Document.objects.count() == 0


def test_oversized_file_is_refused(office, settings):
    settings.CONGSO_DOCUMENT_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationFailed):
        register(office, files=[Upload("lon.pdf", pdf_bytes("a" * 2000))])
    assert Document.objects.count() == 0


def test_files_text_is_extracted_and_corrupt_pdf_is_flagged_not_refused(office):
    document = register(
        office,
        files=[
            Upload("ke-hoach.docx", docx_bytes("Triển khai dịch vụ công trực tuyến toàn trình")),
            Upload("scan.pdf", pdf_bytes("Ke hoach so 104")),
            Upload("hong.pdf", b"%PDF-1.4\n garbage without objects"),
        ],
    )
    assert set(document.files.values_list("text_status", flat=True)) == {"pending"}  # not read in the request
    assert file_text_extract_pending() == 3
    files = {f.name: f for f in document.files.all()}
    assert "toàn trình" in files["ke-hoach.docx"].text
    assert "Ke hoach so 104" in files["scan.pdf"].text
    assert files["hong.pdf"].text_status in ("failed", "empty")
    assert "dich vu cong truc tuyen toan trinh" in Document.objects.get(pk=document.pk).search_text


def test_only_the_clerk_registers(office, other_office):
    for actor in (office.leader, office.specialist, other_office.clerk):
        with pytest.raises(PermissionDenied):
            services.incoming_document_register(actor=actor, agency_id=office.agency.pk, data=incoming_data())
    assert Document.objects.count() == 0


def _directed(office, **kwargs):
    document = register(office)
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    assignments = kwargs.pop(
        "assignments",
        [
            {"kind": "lead", "unit_id": office.unit.pk, "due_date": 10},
            {"kind": "collaborate", "unit_id": office.other_unit.pk},
            {"kind": "for_information", "user_id": office.clerk.pk},
        ],
    )
    return services.incoming_document_direct(
        actor=office.leader,
        document=document,
        instruction="Giao Phòng VX chủ trì tham mưu.",
        assignments=assignments,
        **kwargs,
    )


def test_the_whole_handling_of_an_incoming_document(office):
    document = _directed(office, due_date=date(2099, 12, 31))
    assert document.status == Document.Status.ASSIGNED
    lead = document.assignments.get(kind="lead")
    collaborate = document.assignments.get(kind="collaborate")
    assert collaborate.due_date == date(2099, 12, 31)  # the general deadline
    assert lead.due_date is not None and lead.due_date < date(2099, 12, 31)  # 10 working days
    child = services.document_assignment_delegate(
        actor=office.head, assignment=lead, user_id=office.specialist.pk
    )
    assert Document.objects.get(pk=document.pk).status == Document.Status.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        services.document_assignment_complete(actor=office.other_specialist, assignment=child, result="x")
    services.document_assignment_complete(
        actor=office.specialist, assignment=child, result="Đã tham mưu văn bản trả lời."
    )
    document.refresh_from_db()
    assert document.status == Document.Status.DONE and document.closed_at is not None
    assert DocumentAssignment.objects.get(pk=lead.pk).status == "done"
    actions = list(document.events.values_list("action", flat=True))
    assert actions == ["registered", "submitted", "directed", "delegated", "completed", "closed"]


def test_direction_needs_exactly_one_lead_in_the_agency(office, other_office):
    document = register(office)
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    bad = [
        [{"kind": "lead", "unit_id": office.unit.pk}, {"kind": "lead", "unit_id": office.other_unit.pk}],
        [{"kind": "collaborate", "unit_id": office.unit.pk}],
        [{"kind": "lead", "unit_id": other_office.unit.pk}],
        [{"kind": "lead", "user_id": other_office.specialist.pk}],
        [{"kind": "boss", "unit_id": office.unit.pk}],
        [{"kind": "lead", "unit_id": office.unit.pk, "due_date": date(2020, 1, 1)}],
    ]
    for assignments in bad:
        with pytest.raises(ValidationFailed):
            services.incoming_document_direct(
                actor=office.leader, document=document, instruction="x", assignments=assignments
            )
    assert not DocumentAssignment.objects.exists()
    with pytest.raises(PermissionDenied):
        services.incoming_document_direct(
            actor=office.clerk,
            document=document,
            instruction="x",
            assignments=[{"kind": "lead", "unit_id": office.unit.pk}],
        )


def test_a_unit_head_hands_on_only_to_the_own_unit_and_not_past_the_deadline(office):
    document = _directed(
        office, assignments=[{"kind": "lead", "unit_id": office.unit.pk, "due_date": date(2099, 1, 10)}]
    )
    lead = document.assignments.get()
    with pytest.raises(ValidationFailed):
        services.document_assignment_delegate(
            actor=office.head, assignment=lead, user_id=office.other_specialist.pk
        )
    with pytest.raises(ValidationFailed):
        services.document_assignment_delegate(
            actor=office.head, assignment=lead, user_id=office.specialist.pk, due_date=date(2099, 2, 1)
        )
    with pytest.raises(PermissionDenied):
        services.document_assignment_delegate(
            actor=office.specialist, assignment=lead, user_id=office.specialist.pk
        )


def test_history_cannot_be_changed(office):
    document = register(office)
    event = document.events.get()
    event.comment = "sửa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert DocumentEvent.objects.get(pk=event.pk).comment == ""


def test_urgent_documents_notify_by_the_urgent_kind(office):
    from congso.core.models import Notification

    document = register(office, overrides={"urgency": "express"})
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    assert Notification.objects.get(recipient=office.leader).kind == "documents.urgent"


def test_numbering_continues_after_imported_documents(office):
    first = register(office)
    RegisterCounter.objects.all().delete()  # documents imported from an older system, no counter yet
    assert register(office, overrides={"code_number": "7"}).number == first.number + 1


def test_forward_keeps_the_deadline_and_the_lead_chain(office):
    document = _directed(
        office, assignments=[{"kind": "lead", "unit_id": office.unit.pk, "due_date": date(2099, 1, 10)}]
    )
    lead = document.assignments.get()
    child = services.document_assignment_delegate(
        actor=office.head, assignment=lead, user_id=office.specialist.pk
    )
    with pytest.raises(ValidationFailed):
        services.document_assignment_forward(
            actor=office.specialist, assignment=child, user_id=office.specialist.pk
        )
    moved = services.document_assignment_forward(
        actor=office.specialist,
        assignment=child,
        user_id=office.other_specialist.pk,
        comment="Đúng chuyên môn anh Bình",
    )
    assert (moved.due_date, moved.parent) == (date(2099, 1, 10), lead)
    assert DocumentAssignment.objects.get(pk=child.pk).status == "forwarded"
    with pytest.raises(PermissionDenied):
        services.document_assignment_complete(actor=office.specialist, assignment=child, result="x")
    services.document_assignment_complete(actor=office.other_specialist, assignment=moved, result="Đã xử lý")
    assert Document.objects.get(pk=document.pk).status == Document.Status.DONE


def test_extension_is_asked_before_and_decided_by_who_assigned(office):
    document = _directed(
        office, assignments=[{"kind": "lead", "user_id": office.specialist.pk, "due_date": date(2099, 1, 10)}]
    )
    lead = document.assignments.get()
    for until, reason in [(date(2099, 1, 5), "Cần thêm số liệu"), (date(2099, 2, 1), "")]:
        with pytest.raises(ValidationFailed):
            services.document_assignment_request_extension(
                actor=office.specialist, assignment=lead, until=until, reason=reason
            )
    services.document_assignment_request_extension(
        actor=office.specialist, assignment=lead, until=date(2099, 2, 1), reason="Chờ số liệu của các xã"
    )
    with pytest.raises(PermissionDenied):
        services.document_assignment_decide_extension(actor=office.head, assignment=lead, approve=True)
    services.document_assignment_decide_extension(actor=office.leader, assignment=lead, approve=True)
    lead.refresh_from_db()
    assert lead.due_date == date(2099, 2, 1) and lead.extension_requested_to is None
    assert Document.objects.get(pk=document.pk).due_date == date(2099, 2, 1)
    granted = document.events.get(action="extension_granted")
    assert granted.data == {"original": "10/01/2099", "new": "01/02/2099"}


def test_reading_a_files_text_is_the_workers_job_queued_after_the_commit(
    office, django_capture_on_commit_callbacks
):
    """Security finding 1: text extraction ran in the request (a 100 MB body read for 21 s)."""
    from django_tasks_db.models import DBTaskResult

    from congso.documents.tasks import extract_file_text

    with django_capture_on_commit_callbacks(execute=True):
        document = register(office, files=[Upload("ke-hoach.docx", docx_bytes("Kế hoạch chuyển đổi số"))])
    assert DBTaskResult.objects.filter(task_path__endswith="extract_file_text").count() == 1
    stored = document.files.get()
    assert (
        stored.text_status == "pending"
        and "chuyen doi so" not in Document.objects.get(pk=document.pk).search_text
    )
    extract_file_text.call(stored.pk)
    assert "chuyen doi so" in Document.objects.get(pk=document.pk).search_text
    assert extract_file_text.call(stored.pk) == "nothing to do"


def test_files_left_pending_are_queued_again_when_the_worker_starts(office):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from congso.documents.models import DocumentFile
    from congso.documents.services.files import file_text_requeue_pending

    register(office, files=[Upload("ke-hoach.docx", docx_bytes("Kế hoạch"))])  # its job was never queued
    assert file_text_requeue_pending() == 0  # too recent: its own job may still come
    DocumentFile.objects.update(uploaded_at=timezone.now() - timedelta(minutes=10))
    assert file_text_requeue_pending() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="extract_file_text").count() == 1
