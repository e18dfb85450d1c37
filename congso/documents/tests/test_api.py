"""/api/v1/documents with a personal token: the whole incoming and outgoing flow, errors in the one shape."""

import base64

import pytest

from congso.accounts import services as account_services
from congso.documents.models import Document
from congso.documents.services.files import file_text_extract_pending

from .factories import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, client, user):
        self.client = client
        self.auth = f"Bearer {account_services.token_create(user=user, name='script')[1]}"

    def get(self, path, **params):
        return self.client.get(f"/api/v1/documents{path}", params, HTTP_AUTHORIZATION=self.auth)

    def post(self, path, payload=None):
        return self.client.post(
            f"/api/v1/documents{path}",
            payload or {},
            content_type="application/json",
            HTTP_AUTHORIZATION=self.auth,
        )


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


INCOMING = {
    "issuer_name": "Bộ Nội vụ",
    "code_number": "12",
    "code_notation": "BNV-CCVC",
    "issued_date": "2026-03-02",
    "document_type": "CV",
    "subject": "Về việc tuyển dụng công chức cấp xã",
    "urgency": "urgent",
}


def test_incoming_flow_over_the_api(client, office):
    clerk, leader, head = Api(client, office.clerk), Api(client, office.leader), Api(client, office.head)
    created = clerk.post(
        "/incoming",
        {
            **INCOMING,
            "agency_id": office.agency.pk,
            "files": [{"name": "cv.pdf", "content_base64": b64(pdf_bytes("Tuyen dung"))}],
        },
    )
    assert created.status_code == 201, created.json()
    document = created.json()
    assert document["number"] == 1 and document["files"][0]["text_status"] == "pending"
    assert file_text_extract_pending() == 1  # the worker reads the text after the commit
    document = clerk.get(f"/{document['id']}").json()
    assert document["files"][0]["text_status"] == "ok"
    duplicate = clerk.post("/incoming", {**INCOMING, "agency_id": office.agency.pk})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate"
    assert clerk.post(f"/{document['id']}/submit", {"leader_id": office.leader.pk}).status_code == 200
    directed = leader.post(
        f"/{document['id']}/direct",
        {
            "instruction": "Phòng VX chủ trì",
            "assignments": [{"kind": "lead", "unit_id": office.unit.pk, "due_in_working_days": 5}],
        },
    )
    assert directed.status_code == 200 and directed.json()["status"] == "assigned"
    work = head.get("/my-work").json()
    assert [item["reason"] for item in work] == ["lead"]
    assignment_id = work[0]["assignment_id"]
    child = head.post(f"/assignments/{assignment_id}/delegate", {"user_id": office.specialist.pk})
    assert child.status_code == 201
    done = Api(client, office.specialist).post(
        f"/assignments/{child.json()['id']}/complete", {"result": "Đã trả lời"}
    )
    assert done.status_code == 200
    assert clerk.get(f"/{document['id']}").json()["status"] == "done"
    found = clerk.get("/search", q="tuyen dung cong chuc").json()
    assert [d["id"] for d in found["items"]] == [document["id"]]


def test_outgoing_flow_over_the_api(client, office, other_office):
    specialist, leader, clerk = (
        Api(client, office.specialist),
        Api(client, office.leader),
        Api(client, office.clerk),
    )
    draft = specialist.post(
        "/drafts",
        {
            "document_type": "KH",
            "subject": "Kế hoạch số hóa",
            "main_file": {"name": "kh.docx", "content_base64": b64(docx_bytes("Kế hoạch"))},
            "recipients": [
                {"agency_id": other_office.agency.pk},
                {"organ_id": "000.00.00.G12", "name": "Bộ Khoa học và Công nghệ"},
            ],
        },
    )
    assert draft.status_code == 201, draft.json()
    pk = draft.json()["id"]
    assert (
        specialist.post(
            f"/{pk}/versions", {"main_file": {"name": "kh2.docx", "content_base64": b64(docx_bytes("Bản 2"))}}
        ).status_code
        == 201
    )
    assert specialist.post(f"/{pk}/submit", {"leader_id": office.leader.pk}).status_code == 200
    assert (
        leader.post(f"/{pk}/review", {"decision": "approve", "signing_authority": "TM."}).status_code == 200
    )
    issued = clerk.post(f"/{pk}/issue")
    assert issued.status_code == 200 and issued.json()["code_number"] == "01"
    statuses = {r["name"]: r["status_code"] for r in issued.json()["recipients"]}
    assert statuses[other_office.agency.name] == "01" and statuses["Bộ Khoa học và Công nghệ"] == ""
    assert Document.objects.filter(agency=other_office.agency, status="received").count() == 1


def test_errors_come_in_the_one_shape(client, office, other_office):
    clerk = Api(client, office.clerk)
    bad = clerk.post(
        "/incoming",
        {
            **INCOMING,
            "agency_id": office.agency.pk,
            "subject": "",
            "files": [{"name": "x.pdf", "content_base64": "***"}],
        },
    )
    assert bad.status_code == 422 and set(bad.json()) == {"code", "message", "details"}
    wrong_type = clerk.post(
        "/incoming",
        {
            **INCOMING,
            "agency_id": office.agency.pk,
            "files": [{"name": "x.pdf", "content_base64": b64(b"MZ not a pdf")}],
        },
    )
    assert wrong_type.status_code == 422 and "files" in wrong_type.json()["details"]
    foreign = clerk.post("/incoming", {**INCOMING, "agency_id": other_office.agency.pk})
    assert foreign.status_code == 403 and foreign.json()["code"] == "permission_denied"
    other = Api(client, other_office.clerk)
    created = clerk.post("/incoming", {**INCOMING, "agency_id": office.agency.pk}).json()
    assert other.get(f"/{created['id']}").status_code == 404
    assert Document.objects.count() == 1


def test_openapi_describes_the_documents_api(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/documents/incoming",
        "/api/v1/documents/drafts",
        "/api/v1/documents/{document_id}/issue",
        "/api/v1/documents/search",
    } <= set(paths)


def test_registers_books_kpis_record_files_and_saved_searches_over_the_api(client, office):
    clerk, specialist = Api(client, office.clerk), Api(client, office.specialist)
    created = clerk.post("/incoming", {**INCOMING, "agency_id": office.agency.pk}).json()
    registers = clerk.get("/registers").json()
    assert {r["name"] for r in registers} >= {"Sổ văn bản đến", "Sổ văn bản đi"}
    assert (
        clerk.post(
            "/registers", {"direction": "outgoing", "name": "Sổ quyết định", "notation_pattern": "{type}"}
        ).status_code
        == 422
    )
    assert clerk.post("/registers", {"direction": "outgoing", "name": "Sổ quyết định"}).status_code == 201
    book = clerk.get("/books/incoming").json()
    assert book["headers"][1] == "Số đến" and book["rows"][0][3] == "12/BNV-CCVC"
    assert specialist.get("/books/incoming").status_code == 403
    assert clerk.get("/books/nothing").status_code == 404
    assert clerk.get("/kpis").json()["incoming"] == 1
    record_file = clerk.post(
        "/record-files",
        {"year": 2026, "code": "01.VP", "title": "Hồ sơ tuyển dụng", "retention_period": "70 năm"},
    )
    assert record_file.status_code == 201
    pk = record_file.json()["id"]
    assert clerk.post(f"/record-files/{pk}/documents", {"document_id": created["id"]}).json()[
        "documents"
    ] == [created["id"]]
    # A reader of the record file who may not open the document does not learn its id (security finding 17).
    assert specialist.get(f"/record-files/{pk}").json()["documents"] == []
    assert clerk.get(f"/record-files/{pk}").json()["documents"] == [created["id"]]
    exported = client.get(f"/api/v1/documents/record-files/{pk}/export", HTTP_AUTHORIZATION=clerk.auth)
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    assert clerk.post(f"/record-files/{pk}/close").json()["closed"] is True
    saved = clerk.post("/saved-searches", {"name": "Tuyển dụng", "query_string": "q=tuyen+dung"})
    assert saved.status_code == 201 and [s["name"] for s in clerk.get("/saved-searches").json()] == [
        "Tuyển dụng"
    ]
    assert specialist.get("/saved-searches").json() == []
    gone = client.delete(
        f"/api/v1/documents/saved-searches/{saved.json()['id']}", HTTP_AUTHORIZATION=specialist.auth
    )
    assert gone.status_code == 404
