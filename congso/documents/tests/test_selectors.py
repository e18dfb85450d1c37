"""Search (diacritic-insensitive, phrases, prefixes, filters, file text, only what the user may see),
"Việc của tôi", deadline badges, urgent first."""

from datetime import date

import pytest
from django.db import connection  # noqa: F401 - read by the skipif conditions

from congso.documents import services
from congso.documents.models import Document
from congso.documents.selectors import deadline_badge, document_list, document_search, my_work, search_terms
from congso.documents.services import Upload
from congso.documents.services.files import file_text_extract_pending

from .factories import docx_bytes, incoming_data

pytestmark = pytest.mark.django_db


def register(office, **overrides):
    files = overrides.pop("files", None)
    return services.incoming_document_register(
        actor=office.clerk, agency_id=office.agency.pk, data=incoming_data(**overrides), files=files
    )


def subjects(qs):
    return sorted(d.subject for d in qs)


def test_search_folds_vietnamese_on_every_database(office):
    plan = register(office)
    register(office, subject="Báo cáo tình hình đê điều", code_number="12", document_type="BC")
    for query in ["ke hoach ung dung cntt", "KẾ HOẠCH", "kế hoach", "ung dung"]:
        assert list(document_search(user=office.clerk, query=query)) == [plan], query
    assert subjects(document_search(user=office.clerk, query="de dieu")) == ["Báo cáo tình hình đê điều"]
    assert subjects(document_search(user=office.clerk, query="đê đieu")) == ["Báo cáo tình hình đê điều"]


def test_phrases_prefixes_numbers_and_file_text(office):
    register(office, files=[Upload("nd.docx", docx_bytes("Chuyển đổi số toàn diện cấp xã"))])
    register(office, subject="Số hóa hồ sơ cấp xã", code_number="13")
    file_text_extract_pending()
    assert len(document_search(user=office.clerk, query='"chuyen doi so"')) == 1
    assert len(document_search(user=office.clerk, query='"so toan dien"')) == 1
    assert len(document_search(user=office.clerk, query='"xa so"')) == 0
    assert len(document_search(user=office.clerk, query="cap xa")) == 2
    assert len(document_search(user=office.clerk, query="chuy")) == 1  # prefix
    assert len(document_search(user=office.clerk, query="104/KH-BTTTT")) == 1
    assert [(t.tokens, t.prefix) for t in search_terms('"Kế hoạch"  CNTT đê*  số')] == [
        (("ke", "hoach"), False),
        (("cntt",), False),
        (("de",), True),
        (("so",), True),
    ]


def test_filters_and_relevance(office):
    in_subject = register(office, subject="Triển khai chữ ký số", code_number="1")
    in_file = register(
        office,
        subject="Công văn về việc khác",
        code_number="2",
        document_type="CV",
        files=[Upload("a.docx", docx_bytes("nói về chữ ký số"))],
    )
    file_text_extract_pending()
    assert list(document_search(user=office.clerk, query="chu ky so")) == [in_subject, in_file]
    assert list(document_search(user=office.clerk, query="chu ky so", document_type="CV")) == [in_file]
    assert list(
        document_search(
            user=office.clerk,
            query="",
            date_from=date(2026, 3, 2),
            date_to=date(2026, 3, 2),
            document_type="KH",
        )
    ) == [in_subject]
    assert list(document_search(user=office.clerk, issuer="bo thong tin")) != []
    assert list(document_search(user=office.clerk, issuer="so noi vu")) == []


def test_search_shows_only_what_the_user_may_see(office, other_office):
    mine = register(office)
    register(other_office)
    assert list(document_search(user=office.clerk, query="ke hoach")) == [mine]
    assert list(document_search(user=office.specialist, query="ke hoach")) == []  # not assigned to them
    services.incoming_document_submit(actor=office.clerk, document=mine, leader=office.leader)
    services.incoming_document_direct(
        actor=office.leader,
        document=mine,
        instruction="x",
        assignments=[{"kind": "lead", "user_id": office.specialist.pk}],
    )
    assert list(document_search(user=office.specialist, query="ke hoach")) == [mine]
    assert list(document_search(user=office.other_specialist, query="ke hoach")) == []


def test_urgent_documents_come_first(office):
    normal = register(office, code_number="1")
    express = register(office, code_number="2", urgency="express")
    very = register(office, code_number="3", urgency="very_urgent")
    assert list(document_list(user=office.clerk, direction="incoming")) == [express, very, normal]
    # Once handled, urgency no longer puts a document first: it takes its place by date.
    Document.objects.filter(pk=express.pk).update(status="done")
    assert list(document_list(user=office.clerk, direction="incoming")) == [very, express, normal]


def test_my_work_lists_what_waits_for_each_person(office):
    document = register(office)
    # Registered, not yet submitted: the clerk is to submit it, any leader of the agency may direct it at once.
    assert [i.reason for i in my_work(user=office.clerk)] == ["to_submit"]
    assert [i.reason for i in my_work(user=office.leader)] == ["to_direct"]
    services.incoming_document_submit(actor=office.clerk, document=document, leader=office.leader)
    assert [i.reason for i in my_work(user=office.leader)] == ["to_direct"]
    services.incoming_document_direct(
        actor=office.leader,
        document=document,
        instruction="x",
        assignments=[{"kind": "lead", "unit_id": office.unit.pk, "due_date": date(2099, 1, 5)}],
    )
    assert [i.reason for i in my_work(user=office.leader)] == []
    assert [(i.reason, i.badge) for i in my_work(user=office.head)] == [("lead", "on_time")]
    assert my_work(user=office.specialist) == []


def test_deadline_badges_count_working_days():
    friday = date(2026, 11, 20)
    assert deadline_badge(date(2026, 11, 19), today=friday) == "overdue"
    assert (
        deadline_badge(date(2026, 11, 25), today=friday) == "due_soon"
    )  # Mon 23, (Tue 24 is a holiday), Wed 25
    assert deadline_badge(date(2026, 11, 27), today=friday) == "on_time"
    assert deadline_badge(None) == ""


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite FTS5 triggers")
def test_fts_triggers_come_back_after_a_table_rebuild(office):

    from congso.documents.search_index import ensure_sqlite_fts

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER documents_fts_insert")
    lost = register(office, subject="Văn bản chưa được lập chỉ mục")
    assert list(document_search(user=office.clerk, query="chua duoc lap")) == []
    ensure_sqlite_fts()
    assert list(document_search(user=office.clerk, query="chua duoc lap")) == [lost]
    assert list(document_search(user=office.clerk, query="sau khi")) == []
    later = register(office, subject="Sau khi khôi phục", code_number="99")
    assert list(document_search(user=office.clerk, query="sau khi")) == [later]
