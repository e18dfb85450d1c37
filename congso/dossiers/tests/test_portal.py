"""The national-portal adapter against a fake portal (a real HTTP server in a thread): records in the portal's
shape with mapped codes, written in the action's transaction, sent after commit, retried with back-off after a
failure, never sent twice, nothing at all when the portal is not configured."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from congso.dossiers import services
from congso.dossiers.models import PortalMapping, PortalSync
from congso.dossiers.services.portal import portal_retry, portal_send
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


class FakePortal:
    def __init__(self):
        self.received: list[dict] = []
        self.fail_next = 0
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if portal.fail_next:
                    portal.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                portal.received.append(
                    {"auth": self.headers["Authorization"], **json.loads(body.decode("utf-8"))}
                )
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"error_code": 0}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/dongbo"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def fake_portal(settings):
    portal = FakePortal()
    settings.CONGSO_PORTAL_URL = portal.url
    settings.CONGSO_PORTAL_TOKEN = "token-cua-tinh"
    yield portal
    portal.server.shutdown()


def receive(ward):
    return services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
    )


def send_all():
    for pk in PortalSync.objects.filter(state="pending").order_by("pk").values_list("pk", flat=True):
        portal_send(sync_id=pk)


def test_records_in_the_portals_shape(ward, fake_portal, clock):
    clock(2026, 3, 2, 9, 0)
    PortalMapping.objects.create(kind="procedure", local="1.001612", remote="1.001612.000.00.00.H29")
    dossier = receive(ward)
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    send_all()
    kinds = [r["LoaiBanGhi"] for r in fake_portal.received]
    assert kinds == ["dossier", "progress", "dossier", "progress"]
    first = fake_portal.received[0]["DuLieu"]
    assert first["MaHoSo"] == dossier.code and first["MaTTHC"] == "1.001612.000.00.00.H29"
    assert first["TrangThaiHoSo"] == "2" and first["NgayHenTra"] == "20260305170000"
    assert first["KenhThucHien"] == 1 and first["NgayTiepNhan"] == "20260302090000"
    progress = fake_portal.received[1]["DuLieu"]
    assert progress["NguoiXuLy"] == ward.officer.full_name and progress["ChucDanh"] == "Công chức Một cửa"
    assert fake_portal.received[2]["DuLieu"]["TrangThaiHoSo"] == "4"
    assert {r["auth"] for r in fake_portal.received} == {"Bearer token-cua-tinh"}
    send_all()
    assert len(fake_portal.received) == 4  # sent rows are never sent again


def test_failures_are_retried_then_given_up(ward, fake_portal, settings):
    settings.CONGSO_PORTAL_MAX_ATTEMPTS = 2
    receive(ward)
    fake_portal.fail_next = 1
    first = PortalSync.objects.order_by("pk").first()
    assert portal_send(sync_id=first.pk).startswith("failed")
    first.refresh_from_db()
    assert first.state == "pending" and first.attempts == 1 and first.next_attempt_at > first.created_at
    PortalSync.objects.update(next_attempt_at=first.created_at)
    assert portal_retry() == {"sent": 2, "failed": 0}
    fake_portal.fail_next = 5
    dossier = receive(ward)
    for _ in range(2):
        PortalSync.objects.filter(dossier=dossier).update(next_attempt_at=first.created_at)  # back-off over
        for pk in PortalSync.objects.filter(dossier=dossier, state="pending").values_list("pk", flat=True):
            portal_send(sync_id=pk)
    assert set(PortalSync.objects.filter(dossier=dossier).values_list("state", flat=True)) == {"failed"}
    fake_portal.fail_next = 0
    call_command("portal", "retry", "--failed")
    assert set(PortalSync.objects.values_list("state", flat=True)) == {"sent"}


def test_no_portal_no_records(ward, settings):
    settings.CONGSO_PORTAL_URL = ""
    receive(ward)
    assert not PortalSync.objects.exists()
