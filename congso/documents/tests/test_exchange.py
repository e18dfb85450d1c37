"""The inbound endpoint (signature, exactly-once,
status 02 for invalid or mis-addressed packages); the outbox (written with the issue, retries with back-off,
gives up); status messages both ways."""

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from congso.documents import edxml, services
from congso.documents.models import Document, ExchangeStatus, InboxMessage, OutboxMessage
from congso.documents.services import exchange
from congso.documents.services.files import file_text_extract_pending

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


def post(
    client, path, body, *, code="ben-canh", secret=SECRET, message_id="m-1", timestamp=None, signed_id=None
):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = exchange.sign(secret, body, message_id=signed_id or message_id, timestamp=timestamp)
    return client.post(
        path,
        body,
        content_type="application/xml",
        HTTP_X_CONGSO_PEER=code,
        HTTP_X_CONGSO_MESSAGE_ID=message_id,
        HTTP_X_CONGSO_TIMESTAMP=timestamp,
        HTTP_X_CONGSO_SIGNATURE=signature,
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
    file_text_extract_pending()
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
        return arrived(peer_, path, message)

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

    real_dispatch = outgoing.dispatch

    def crash_after_dispatch(*args, **kwargs):
        real_dispatch(*args, **kwargs)  # the outbox row is written …
        raise RuntimeError("crash")  # … and the issue fails before its commit

    monkeypatch.setattr(outgoing, "dispatch", crash_after_dispatch)
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


def arrived(peer_, path, message):
    """A peer that takes every package and answers 01, as ours does."""
    envelope_ = edxml.parse_envelope(bytes(message.payload))
    return 200, edxml.build_status(
        edxml.StatusMessage(
            sender=envelope_.recipients[0],
            document_id=envelope_.document_id,
            status_code="01",
            timestamp=timezone.now(),
        )
    )


def test_status_messages_from_a_peer_update_the_sender(client, office, peer, monkeypatch):
    monkeypatch.setitem(exchange.TRANSPORT, "post", arrived)
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
    assert sorted(ExchangeStatus.objects.filter(recipient=recipient).values_list("code", flat=True)) == [
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


def _document_sent_through(monkeypatch, office, peer, transport):
    monkeypatch.setitem(exchange.TRANSPORT, "post", transport)
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    document = _issued_to_peer(office, peer)
    return document, OutboxMessage.objects.get()


class CutMidBody(ConnectionError):
    pass


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda *a: (413, b"<html>413 Request Entity Too Large</html>"), "413"),
        (lambda *a: (400, b"<html>Bad Request</html>"), "400"),
        (lambda *a: (409, b""), "409"),
        (lambda *a: (200, b""), "không kèm"),
        (lambda *a: (200, b"<html>ok</html>"), "không kèm"),
        (lambda *a: (_ for _ in ()).throw(CutMidBody("IncompleteRead(512 bytes read)")), "IncompleteRead"),
    ],
)
def test_an_answer_that_does_not_say_the_package_was_taken_is_retried_then_failed(
    client, office, peer, monkeypatch, settings, answer, reason
):
    """Security finding 3: 413 (nginx's limit) or any unlisted 4xx marked the package sent: lost silently."""
    settings.CONGSO_EXCHANGE_MAX_ATTEMPTS = 2
    document, message = _document_sent_through(monkeypatch, office, peer, answer)
    assert services.outbox_send(message_id=message.pk).startswith("failed")
    message.refresh_from_db()
    assert message.state == "pending" and message.attempts == 1 and reason in message.last_error
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    services.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == "failed" and reason in message.last_error
    assert document.recipients.get().status_code in ("", None)
    client.force_login(office.clerk)
    assert 'data-testid="delivery-failed"' in client.get(f"/van-ban/{document.pk}/").content.decode()
    # The peer recovers: another round delivers it, once.
    monkeypatch.setitem(exchange.TRANSPORT, "post", arrived)
    assert services.outbox_retry(include_failed=True) == {"sent": 1, "failed": 0}
    assert document.recipients.get().status_code == "01"


def test_a_package_refused_with_02_is_failed_with_the_reason_and_not_retried(office, peer, monkeypatch):
    def refuse(peer_, path, message):
        envelope_ = edxml.parse_envelope(bytes(message.payload))
        return 422, edxml.build_status(
            edxml.StatusMessage(
                sender=envelope_.recipients[0],
                document_id=envelope_.document_id,
                status_code="02",
                timestamp=timezone.now(),
                description="Không có cơ quan nhận",
            )
        )

    document, message = _document_sent_through(monkeypatch, office, peer, refuse)
    services.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert (
        message.state == "failed" and message.attempts == 1 and "Không có cơ quan nhận" in message.last_error
    )
    assert document.recipients.get().status_code == "02"


def test_a_status_is_accepted_only_from_the_peer_the_package_went_to(client, office, peer, monkeypatch):
    """Security finding 4: any registered peer could post a status for a document sent to another peer."""
    document, _ = _document_sent_through(monkeypatch, office, peer, arrived)
    services.outbox_retry()
    services.peer_save(
        actor=None,
        name="Tỉnh Khác",
        code="tinh-khac",
        base_url="https://khac.example",
        organ_ids=["H37.*", "H55.*"],
        secret="k" * 40,
    )
    for organ in ("H37.01", "H55.01"):
        body = edxml.build_status(
            edxml.StatusMessage(
                sender=edxml.Organization(organ_id=organ),
                document_id=exchange.exchange_document_id(document),
                status_code="06",
                timestamp=timezone.now(),
            )
        )
        forged = post(
            client, "/lien-thong/trang-thai/", body, code="tinh-khac", secret="k" * 40, message_id=organ
        )
        assert forged.status_code == 422
    assert document.recipients.get().status_code == "01"
    assert not ExchangeStatus.objects.filter(code="06").exists()


def test_replays_under_a_new_id_and_stale_messages_are_refused(client, peer, receiver):
    """Security finding 7: the message id was not signed, so a captured message could be replayed under a new id."""
    body = edxml.build_envelope(envelope())
    assert post(client, "/lien-thong/goi-tin/", body, message_id="m-1").status_code == 200
    replay = post(client, "/lien-thong/goi-tin/", body, message_id="m-2", signed_id="m-1")
    assert replay.status_code == 403 and "Chữ ký" in replay.json()["message"]
    stale = post(client, "/lien-thong/goi-tin/", body, message_id="m-3", timestamp=int(time.time()) - 3600)
    assert stale.status_code == 403 and "quá hạn" in stale.json()["message"]
    unsigned_time = client.post(
        "/lien-thong/goi-tin/",
        body,
        content_type="application/xml",
        HTTP_X_CONGSO_PEER="ben-canh",
        HTTP_X_CONGSO_MESSAGE_ID="m-4",
        HTTP_X_CONGSO_SIGNATURE=exchange.sign(SECRET, body, message_id="m-4", timestamp=""),
    )
    assert unsigned_time.status_code == 403
    assert Document.objects.count() == 1 and InboxMessage.objects.count() == 1


def test_a_hostile_attachment_name_is_cleaned_not_fatal(client, peer, receiver):
    """Security finding 14: `../../x.pdf` aborted the receive with an HTML 400 and nothing was kept."""
    hostile = edxml.Attachment("a1", "../../x.pdf", "application/pdf", pdf_bytes("Cong van 15"))
    response = post(client, "/lien-thong/goi-tin/", edxml.build_envelope(envelope(attachments=[hostile])))
    assert response.status_code == 200 and edxml.parse_status(response.content).status_code == "01"
    stored = Document.objects.get().files.get()
    assert stored.name == "x.pdf" and ".." not in stored.file.name


def test_packages_in_the_sdk_shape_are_received_with_what_the_clerk_needs(client, peer, receiver):
    from .test_edxml import sample

    response = post(client, "/lien-thong/goi-tin/", sample("sdk_new.edxml"), message_id="sdk-1")
    assert response.status_code == 200, response.content
    document = Document.objects.get()
    assert (document.code_number, document.code_notation) == ("15", "BKHCN-CĐSQG")
    assert document.issuer_name == "Bộ Khoa học và Công nghệ" and document.urgency == "very_urgent"
    assert document.signer_name == "Nguyễn Văn Đức" and document.issued_date == date(2026, 3, 2)
    file_text_extract_pending()
    assert document.files.get().name == "15-BKHCN-CDSQG.pdf" and document.files.get().text.startswith(
        "Cong van"
    )
    assert document.signature_result["package"]["status"] == "unverifiable"
    # Sent to three organs, one of them here: this one gets its copy, the package is taken. (It comes from the
    # Government Office: the peer must serve that organ.)
    refused = post(client, "/lien-thong/goi-tin/", sample("sdk_update.edxml"), message_id="sdk-0")
    assert refused.status_code == 422 and "không thuộc" in edxml.parse_status(refused.content).description
    peer.organ_ids += "\n000.00.00.G22"
    peer.save()
    update = post(client, "/lien-thong/goi-tin/", sample("sdk_update.edxml"), message_id="sdk-2")
    assert update.status_code == 200 and edxml.parse_status(update.content).status_code == "01"
    copy = Document.objects.get(exchange_id="000.00.00.G22,2026/03/05,781/VPCP-KGVX")
    assert copy.agency == receiver.agency and copy.due_date == date(2026, 3, 20)


def test_a_package_whose_signature_does_not_match_is_refused_and_kept(client, peer, receiver):
    from .test_edxml import envelope as sdk_envelope
    from .test_edxml import signed

    package = signed(edxml.build_envelope(sdk_envelope()))
    tampered = package.replace("triển khai".encode(), "hủy bỏ".encode())
    response = post(client, "/lien-thong/goi-tin/", tampered, message_id="sig-1")
    status = edxml.parse_status(response.content)
    assert response.status_code == 422 and status.status_code == "02" and "Chữ ký số" in status.description
    assert not Document.objects.exists() and InboxMessage.objects.get().accepted is False
    good = post(client, "/lien-thong/goi-tin/", package, message_id="sig-2")
    assert good.status_code == 200, edxml.parse_status(good.content).description
    assert Document.objects.get().signature_result["package"]["status"] == "valid"


def test_a_status_in_the_sdk_shape_updates_the_sender(client, office, peer, monkeypatch):
    from .test_edxml import sample

    document, _ = _document_sent_through(monkeypatch, office, peer, arrived)
    services.outbox_retry()
    organ, issued, code = exchange.exchange_document_id(document).split(",", 2)
    body = sample(
        "sdk_status_05.edxml",
        organ=organ,
        code=code,
        date=issued,
        document_id=exchange.exchange_document_id(document),
    )
    assert post(client, "/lien-thong/trang-thai/", body, message_id="st-05").status_code == 200
    recipient = document.recipients.get()
    assert (
        recipient.status_code == "05"
        and recipient.statuses.get(code="05").staff_name == "Nguyễn Thị Ngọc Trâm"
    )
