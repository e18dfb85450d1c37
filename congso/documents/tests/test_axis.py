"""The national exchange axis (VDXP/LGSP) as a peer, tested against a fake axis over real HTTP on loopback: requests
signed as the SDK signs them, sending through the outbox (only the axis's OK marks a message sent), polling with
exactly-once receipt, our 01/02 answers sent back through the axis, and nothing acknowledged that was not taken."""

import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from congso.documents import edxml, services
from congso.documents.models import Document, OutboxMessage
from congso.documents.services import axis, exchange

from .test_edxml import sample
from .test_exchange import _issued_to_peer

pytestmark = pytest.mark.django_db
SECRET = "axis-secret-" + "k" * 32
SYSTEM_ID = "vxp.tinh.thu.nghiem"


class FakeAxis:
    """Just enough of the axis: it checks every request's signature, keeps what we send, and hands out what it
    holds for us until we say it is done. `fail` makes the next N calls of an operation fail."""

    def __init__(self):
        self.sent: list[tuple[dict, bytes]] = []
        self.held: dict[str, bytes] = {}
        self.acknowledged: dict[str, str] = {}
        self.fail: dict[str, int] = {}
        self.refusals = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                expected = hmac.new(
                    SECRET.encode(),
                    (
                        self.headers["systemid"] + self.headers["timestamp"] + self.headers["Content-Type"]
                    ).encode()
                    + body,
                    hashlib.sha256,
                ).hexdigest()
                if self.headers.get("systemid") != SYSTEM_ID or self.headers.get("signature") != expected:
                    fake.refusals += 1
                    return self._answer(401, {"status": "FAIL", "ErrorDesc": "bad signature"})
                operation = self.path.strip("/")
                if fake.fail.get(operation):
                    fake.fail[operation] -= 1
                    return self._answer(503, {"status": "FAIL", "ErrorDesc": "busy"})
                if operation == "sendEdoc":
                    fake.sent.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    return self._answer(200, {"status": "OK", "ErrorDesc": "", "DocId": uuid.uuid4().hex})
                if operation == "getReceivedEdocList":
                    return self._answer(200, {"status": "OK", "data": [{"id": key} for key in fake.held]})
                if operation == "getEdoc":
                    doc_id = json.loads(body)["docId"]
                    if doc_id not in fake.held:
                        return self._answer(404, {"status": "FAIL", "ErrorDesc": "no such document"})
                    self.send_response(200)
                    self.send_header("Content-Type", "application/xml")
                    self.end_headers()
                    self.wfile.write(fake.held[doc_id])
                    return None
                if operation == "updateStatus":
                    data = json.loads(body)
                    fake.acknowledged[data["docId"]] = data["status"]
                    fake.held.pop(data["docId"], None)
                    return self._answer(200, {"status": "OK"})
                return self._answer(404, {"status": "FAIL", "ErrorDesc": "unknown operation"})

            def _answer(self, code, payload):
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_axis():
    fake = FakeAxis()
    yield fake
    fake.close()


@pytest.fixture
def axis_peer(db, fake_axis):
    return services.peer_save(
        actor=None,
        name="Trục liên thông văn bản quốc gia",
        code="vdxp",
        base_url=fake_axis.url,
        organ_ids=["*"],
        secret=SECRET,
        protocol="axis",
        system_id=SYSTEM_ID,
    )


def test_an_issued_document_goes_to_the_axis_signed_and_only_ok_marks_it_sent(
    office, axis_peer, fake_axis, monkeypatch
):
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    document = _issued_to_peer(office, axis_peer)
    message = OutboxMessage.objects.get()
    assert message.peer == axis_peer
    fake_axis.fail["sendEdoc"] = 1
    assert services.outbox_send(message_id=message.pk).startswith("failed")
    message.refresh_from_db()
    assert message.state == "pending" and "503" in message.last_error and not fake_axis.sent
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.outbox_retry() == {"sent": 1, "failed": 0}
    [(headers, body)] = fake_axis.sent
    assert headers["servicetype"] == "eDoc" and headers["from"] == office.agency.organ_id
    package = edxml.parse_envelope(body)
    assert package.document_id == exchange.exchange_document_id(document) and fake_axis.refusals == 0


def test_a_wrong_secret_is_refused_by_the_axis_and_the_message_stays(
    office, axis_peer, fake_axis, monkeypatch
):
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    axis_peer.secret = "wrong-" + "x" * 40
    axis_peer.save()
    _issued_to_peer(office, axis_peer)
    message = OutboxMessage.objects.get()
    services.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == "pending" and "401" in message.last_error and fake_axis.refusals == 1


@pytest.fixture
def receiver(office):
    office.agency.organ_id = "H98.01"
    office.agency.save()
    return office


def test_polling_receives_each_package_once_answers_through_the_axis_and_acknowledges(
    receiver, axis_peer, fake_axis
):
    fake_axis.held["d-1"] = sample("sdk_new.edxml")
    assert axis.poll(axis_peer) == {"packages": 1, "statuses": 0, "refused": 0, "failed": 0}
    document = Document.objects.get()
    assert document.code_notation == "BKHCN-CĐSQG" and document.exchange_peer == axis_peer
    assert fake_axis.acknowledged == {"d-1": "done"} and not fake_axis.held
    answer = OutboxMessage.objects.get(kind="status")
    assert edxml.parse_status(bytes(answer.payload)).status_code == "01" and answer.peer == axis_peer
    # The axis hands the same message out again (it lost our acknowledgement): nothing new happens.
    fake_axis.held["d-1"] = sample("sdk_new.edxml")
    axis.poll(axis_peer)
    assert Document.objects.count() == 1 and OutboxMessage.objects.filter(kind="status").count() == 1
    axis_peer.refresh_from_db()
    assert axis_peer.polled_at is not None


def test_a_message_that_could_not_be_fetched_is_not_acknowledged(receiver, axis_peer, fake_axis):
    fake_axis.held["d-2"] = sample("sdk_new.edxml")
    fake_axis.fail["getEdoc"] = 1
    assert axis.poll(axis_peer)["failed"] == 1
    assert fake_axis.acknowledged == {} and "d-2" in fake_axis.held and not Document.objects.exists()
    assert axis.poll(axis_peer)["packages"] == 1 and fake_axis.acknowledged == {"d-2": "done"}


def test_an_invalid_package_from_the_axis_is_refused_with_02_sent_back(receiver, axis_peer, fake_axis):
    fake_axis.held["d-3"] = b"<edXML><edXMLEnvelope/></edXML>"
    assert axis.poll(axis_peer)["refused"] == 1
    answer = OutboxMessage.objects.get(kind="status")
    assert edxml.parse_status(bytes(answer.payload)).status_code == "02"
    assert fake_axis.acknowledged == {"d-3": "done"} and not Document.objects.exists()


def test_statuses_from_the_axis_update_the_recipient(office, axis_peer, fake_axis, monkeypatch):
    monkeypatch.setattr(exchange, "_enqueue", lambda pk: None)
    document = _issued_to_peer(office, axis_peer)
    services.outbox_retry()
    organ, issued, code = exchange.exchange_document_id(document).split(",", 2)
    fake_axis.held["s-1"] = sample(
        "sdk_status_05.edxml",
        organ=organ,
        code=code,
        date=issued,
        document_id=exchange.exchange_document_id(document),
    )
    assert axis.poll(axis_peer)["statuses"] == 1
    assert document.recipients.get().status_code == "05"


def test_a_neighbours_own_peer_is_preferred_to_the_axis_that_serves_everyone(axis_peer):
    neighbour = services.peer_save(
        actor=None,
        name="Tỉnh Bên Cạnh",
        code="ben-canh",
        base_url="https://ben-canh.example",
        organ_ids=["H37.*"],
        secret="s" * 40,
    )
    assert exchange.peer_for("H37.01") == neighbour
    assert exchange.peer_for("000.00.00.G22") == axis_peer


def test_the_axis_needs_its_system_id(db):
    from congso.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="mã hệ thống"):
        services.peer_save(
            actor=None,
            name="Trục",
            code="t",
            base_url="https://t.example",
            organ_ids=["*"],
            secret="s" * 40,
            protocol="axis",
        )
