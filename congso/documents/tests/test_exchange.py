"""edXML build/parse round trips and errors that name the element; the inbound endpoint (signature, exactly-once,
status 02 for invalid or mis-addressed packages); the outbox (written with the issue, retries with back-off,
gives up); status messages both ways."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from congso.documents import edxml, services
from congso.documents.models import Document, ExchangeStatus, InboxMessage, OutboxMessage
from congso.documents.services import exchange

from .factories import docx_bytes, docx_upload, draft_data, pdf_bytes

pytestmark = pytest.mark.django_db
SECRET = "s" * 40
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def envelope(**overrides):
    values = {
        "sender": edxml.Organization(organ_id="000.00.00.G12", organ_name="Bộ Khoa học và Công nghệ"),
        "recipients": [edxml.Organization(organ_id="H98.01", organ_name="UBND xã Thử Nghiệm")],
        "code_number": "15",
        "code_notation": "BKHCN-CĐSQG",
        "promulgation_place": "Hà Nội",
        "promulgation_date": date(2026, 3, 2),
        "type_code": "CV",
        "type_name": "Công văn",
        "subject": "Về việc triển khai nền tảng số dùng chung",
        "signer_name": "Nguyễn Văn Đức",
        "signer_position": "Thứ trưởng",
        "competence": "KT.",
        "due_date": date(2026, 4, 1),
        "priority": 2,
        "page_amount": 2,
        "trace": [("000.00.00.G12", datetime(2026, 3, 2, 9, 0, tzinfo=VN))],
        "attachments": [edxml.Attachment("a1", "cong-van.pdf", "application/pdf", pdf_bytes("Cong van 15"))],
    }
    values.update(overrides)
    return edxml.Envelope(**values)


def test_round_trip_keeps_every_field():
    original = envelope(response_for=["H98.01,2026/02/01,7/UBND-VX"], to_places=["Như trên", "Lưu: VT"])
    parsed = edxml.parse_envelope(edxml.build_envelope(original))
    assert parsed == original
    assert parsed.document_id == "000.00.00.G12,2026/03/02,15/BKHCN-CĐSQG"
    status = edxml.StatusMessage(
        sender=original.recipients[0],
        document_id=parsed.document_id,
        status_code="03",
        timestamp=datetime(2026, 3, 2, 10, 0, tzinfo=VN),
        staff_name="Văn thư",
        description="Đã vào sổ",
    )
    assert edxml.parse_status(edxml.build_status(status)) == status


@pytest.mark.parametrize(
    ("mutate", "element"),
    [
        (
            lambda x: x.replace(b"<ns0:CodeNumber>15</ns0:CodeNumber>", b"<ns0:CodeNumber></ns0:CodeNumber>"),
            "Code/CodeNumber",
        ),
        (
            lambda x: x.replace(b"2026/03/02</ns0:PromulgationDate>", b"02/03/2026</ns0:PromulgationDate>"),
            "PromulgationDate",
        ),
        (
            lambda x: x.replace(b"<ns0:Priority>2</ns0:Priority>", b"<ns0:Priority>9</ns0:Priority>"),
            "Priority",
        ),
        (
            lambda x: x.replace(b"<ns0:Priority>2</ns0:Priority>", b"<ns0:Priority>cao</ns0:Priority>"),
            "Priority",
        ),
        (lambda x: x.replace(b'href="cid:a1"', b'href="cid:zz"'), "Attachment"),
        (lambda x: x.replace(b'href="cid:a1"', b'href="http://x"'), "Reference"),
        (lambda x: x.replace(b"15/BKHCN", b"16/BKHCN"), "DocumentId"),
        (lambda x: x[:200], "edXMLEnvelope"),
        (lambda x: b"", "edXMLEnvelope"),
        (lambda x: x.replace(b'ContentId="a1">', b'ContentId="a1">***'), "Attachment"),
    ],
)
def test_parse_errors_name_the_failing_element(mutate, element):
    with pytest.raises(edxml.EdxmlError) as error:
        edxml.parse_envelope(mutate(edxml.build_envelope(envelope())))
    assert element in error.value.element


def test_entity_expansion_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(edxml.EdxmlError):
        edxml.parse_envelope(bomb)


@pytest.fixture
def peer(db):
    return services.peer_save(
        actor=None,
        name="Tỉnh Bên Cạnh",
        code="ben-canh",
        base_url="https://ben-canh.example",
        organ_ids=["000.00.00.G12", "H37.*"],
        secret=SECRET,
    )


@pytest.fixture
def receiver(office):
    office.agency.organ_id = "H98.01"
    office.agency.save()
    return office


def post(client, path, body, *, code="ben-canh", secret=SECRET, message_id="m-1"):
    return client.post(
        path,
        body,
        content_type="application/xml",
        HTTP_X_CONGSO_PEER=code,
        HTTP_X_CONGSO_MESSAGE_ID=message_id,
        HTTP_X_CONGSO_SIGNATURE=exchange.sign(secret, body),
    )


def test_inbound_package_arrives_once_and_is_answered_01(client, peer, receiver):
    body = edxml.build_envelope(envelope())
    first = post(client, "/lien-thong/goi-tin/", body)
    assert first.status_code == 200 and edxml.parse_status(first.content).status_code == "01"
    again = post(client, "/lien-thong/goi-tin/", body)
    other_id = post(client, "/lien-thong/goi-tin/", body, message_id="m-2")
    assert again.content == first.content and other_id.status_code == 200
    document = Document.objects.get()
    assert (document.status, document.source, document.exchange_peer) == ("received", "exchange", peer)
    assert document.urgency == "very_urgent" and document.signing_authority == "KT."
    assert document.files.get().text.startswith("Cong van 15")
    assert InboxMessage.objects.filter(accepted=True).count() == 2


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            lambda: edxml.build_envelope(envelope(recipients=[edxml.Organization(organ_id="H00.99")])),
            "gửi nhầm",
        ),
        (lambda: edxml.build_envelope(envelope())[:300], "không hợp lệ"),
        (
            lambda: edxml.build_envelope(
                envelope(sender=edxml.Organization(organ_id="G99", organ_name="Lạ"))
            ),
            "không thuộc",
        ),
        (
            lambda: edxml.build_envelope(
                envelope(attachments=[edxml.Attachment("a1", "x.pdf", "application/pdf", docx_bytes("x"))])
            ),
            "không khớp",
        ),
    ],
)
def test_invalid_or_misaddressed_packages_are_answered_02_and_kept(client, peer, receiver, body, reason):
    response = post(client, "/lien-thong/goi-tin/", body())
    status = edxml.parse_status(response.content)
    assert response.status_code == 422 and status.status_code == "02" and reason in status.description
    assert not Document.objects.exists()
    assert InboxMessage.objects.get().accepted is False


def test_unknown_peer_and_bad_signature_are_refused(client, peer, receiver):
    body = edxml.build_envelope(envelope())
    assert post(client, "/lien-thong/goi-tin/", body, code="la").status_code == 403
    assert post(client, "/lien-thong/goi-tin/", body, secret="x" * 40).status_code == 403
    assert client.get("/lien-thong/goi-tin/").status_code == 405
    assert not Document.objects.exists() and not InboxMessage.objects.exists()


def test_the_receiver_reports_progress_to_a_remote_sender(client, peer, receiver):
    post(client, "/lien-thong/goi-tin/", edxml.build_envelope(envelope()))
    document = Document.objects.get()
    data = {
        "issuer_name": document.issuer_name,
        "code_number": "15",
        "code_notation": document.code_notation,
        "issued_date": document.issued_date,
        "document_type": "CV",
        "subject": document.subject,
    }
    services.incoming_document_register(
        actor=receiver.clerk, agency_id=receiver.agency.pk, data=data, document=document
    )
    queued = OutboxMessage.objects.get(kind="status")
    assert edxml.parse_status(bytes(queued.payload)).status_code == "03"
    assert queued.peer == peer


def _issued_to_peer(office, peer):
    draft = services.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(),
        main_file=docx_upload(),
        recipients=[{"organ_id": "H37.01", "name": "Sở Nội vụ tỉnh Bên Cạnh"}],
    )
    services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    services.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
    return services.outgoing_document_issue(actor=office.clerk, document=draft)


def test_outbox_is_written_with_the_issue_and_sent_with_retries(
    office, peer, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def flaky(peer_, path, message):
        calls.append(path)
        if len(calls) == 1:
            raise ConnectionError("peer down")
        envelope_ = edxml.parse_envelope(bytes(message.payload))
        return 200, edxml.build_status(
            edxml.StatusMessage(
                sender=envelope_.recipients[0],
                document_id=envelope_.document_id,
                status_code="01",
                timestamp=timezone.now(),
            )
        )

    monkeypatch.setitem(exchange.TRANSPORT, "post", flaky)
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    document = _issued_to_peer(office, peer)
    message = OutboxMessage.objects.get()
    assert message.state == "pending" and message.document_id_text == exchange.exchange_document_id(document)
    assert services.outbox_send(message_id=message.pk).startswith("failed")
    message.refresh_from_db()
    assert message.attempts == 1 and message.next_attempt_at > timezone.now()
    assert services.outbox_retry() == {"sent": 0, "failed": 0}  # not due yet
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.outbox_retry() == {"sent": 1, "failed": 0}
    recipient = document.recipients.get()
    assert recipient.status_code == "01" and calls == ["/lien-thong/goi-tin/"] * 2
    assert services.outbox_send(message_id=message.pk) == "nothing to do"  # never twice


def test_a_failed_issue_leaves_no_outbox_message(office, peer, monkeypatch):
    import congso.documents.services.outgoing as outgoing

    monkeypatch.setattr(outgoing, "audit_log", lambda **kw: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        _issued_to_peer(office, peer)
    assert not OutboxMessage.objects.exists()


def test_the_outbox_gives_up_after_the_limit(office, peer, monkeypatch, settings):
    settings.CONGSO_EXCHANGE_MAX_ATTEMPTS = 3
    monkeypatch.setitem(exchange.TRANSPORT, "post", lambda *a: (503, b"busy"))
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    _issued_to_peer(office, peer)
    message = OutboxMessage.objects.get()
    for _ in range(3):
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        services.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == "failed" and "503" in message.last_error
    assert services.outbox_retry(include_failed=True)["failed"] == 1


def test_status_messages_from_a_peer_update_the_sender(client, office, peer, monkeypatch):
    monkeypatch.setitem(exchange.TRANSPORT, "post", lambda *a: (200, b""))
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    document = _issued_to_peer(office, peer)
    services.outbox_retry()
    for index, code in enumerate(["01", "03", "04"]):
        body = edxml.build_status(
            edxml.StatusMessage(
                sender=edxml.Organization(organ_id="H37.01"),
                document_id=exchange.exchange_document_id(document),
                status_code=code,
                timestamp=timezone.now(),
                staff_name="Văn thư Sở",
            )
        )
        response = post(client, "/lien-thong/trang-thai/", body, message_id=f"s-{index}")
        assert response.status_code == 200, response.content
    assert (
        post(client, "/lien-thong/trang-thai/", body, message_id="s-2").status_code == 200
    )  # replay: no change
    recipient = document.recipients.get()
    assert recipient.status_code == "04"
    assert list(ExchangeStatus.objects.filter(recipient=recipient).values_list("code", flat=True)) == [
        "01",
        "03",
        "04",
    ]
    unknown = edxml.build_status(
        edxml.StatusMessage(
            sender=edxml.Organization(organ_id="H37.01"),
            document_id="X,2026/01/01,1/X",
            status_code="03",
            timestamp=timezone.now(),
        )
    )
    assert post(client, "/lien-thong/trang-thai/", unknown, message_id="s-9").status_code == 422


def test_peer_secrets_must_be_long(db):
    from congso.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        services.peer_save(
            actor=None, name="x", code="x", base_url="https://x.example", organ_ids=[], secret="short"
        )
