"""The whole personal-signing round trip with SoftHSM2 standing in for the official's USB token: the leader asks
to sign, congso-sign-agent (its real code, over the real API) signs with the token, the clerk numbers and the
agency signs, and the receiving agency's copy is validated on arrival."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from django.test import Client

from congso.documents import services as documents
from congso.documents.models import Document
from congso.documents.tests.factories import draft_data
from congso.signatures import agent
from congso.signatures.models import IssuedSignature, SigningRequest

from .conftest import draft_pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("softhsm2-util") is None, reason="softhsm2 is not installed"),
]
MODULE = "/usr/lib/softhsm/libsofthsm2.so"


class ClientServer(agent.Server):
    """The agent's HTTP calls, through Django's test client instead of a socket."""

    def __init__(self, api_token: str) -> None:
        super().__init__("http://testserver", api_token)
        self.client = Client()

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        url = "/api/v1/signatures" + path
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.api_token}"}
        if method == "GET":
            response = self.client.get(url, **headers)
        else:
            response = self.client.post(
                url, data=json.dumps(body), content_type="application/json", **headers
            )
        return response.status_code, response.json()


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory, test_pki):
    """A token "LanhDao" with PIN 1234 holding the leader's key and certificate under id 01 — one for the run:
    SoftHSM2 reads its configuration once per process."""
    import os

    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, ObjectClass

    if shutil.which("softhsm2-util") is None:
        pytest.skip("softhsm2 is not installed")
    tmp_path = tmp_path_factory.mktemp("softhsm")
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = lambda *args: subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)  # noqa: E731
    run("--init-token", "--free", "--label", "LanhDao", "--pin", "1234", "--so-pin", "5678")
    key_file = tmp_path / "leader.pem"
    key_file.write_bytes(test_pki.leader.key_pem())
    run("--import", str(key_file), "--token", "LanhDao", "--label", "leader", "--id", "01", "--pin", "1234")
    library = pkcs11.lib(MODULE)
    with library.get_token(token_label="LanhDao").open(rw=True, user_pin="1234") as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: b"\x01",
                Attribute.LABEL: "leader",
                Attribute.SUBJECT: test_pki.leader.certificate.subject.public_bytes(),
                Attribute.VALUE: test_pki.leader.certificate.public_bytes(serialization.Encoding.DER),
            }
        )
    return MODULE


def api_token(user) -> str:
    from congso.accounts.services import token_create

    return token_create(user=user, name="agent")[1]


def approved_pdf(office) -> Document:
    from congso.documents.services import Upload

    draft = documents.outgoing_draft_create(
        actor=office.specialist,
        agency_id=office.agency.pk,
        data=draft_data(document_type="QD", subject="Quyết định phê duyệt kế hoạch"),
        main_file=Upload("du-thao.pdf", draft_pdf()),
        attachments=[Upload("phu-luc.pdf", draft_pdf("Phụ lục"))],
    )
    documents.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
    return documents.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")


def test_round_trip_leader_agent_clerk_agency(signing_setup, softhsm, django_capture_on_commit_callbacks):
    office = signing_setup
    document = approved_pdf(office)
    client = Client()
    client.force_login(office.leader)
    response = client.post(f"/api/v1/documents/{document.pk}/sign", content_type="application/json")
    assert response.status_code == 201, response.content
    token = agent.open_token(softhsm, "1234", token_label="LanhDao", key_id="01")
    try:
        said: list[str] = []
        assert agent.run_once(ClientServer(api_token(office.leader)), token, say=said.append) == 1
    finally:
        token.close()
    assert any("Quyết định phê duyệt" in line for line in said)
    document.refresh_from_db()
    assert document.signature_result["personal"]["signer"] == "Nguyễn Văn Ánh"
    assert SigningRequest.objects.get().status == SigningRequest.Status.DONE
    issued = documents.outgoing_document_issue(actor=office.clerk, document=document)
    assert issued.signed_file is not None and issued.status == Document.Status.ISSUED
    files = documents.current_files(issued)
    assert [f.version for f in files] == [3, 2]  # draft → leader's → agency's; the attachment signed once
    from congso.signatures.services import validate_pdf

    with issued.signed_file.file.open("rb") as handle:
        report = validate_pdf(handle.read())
    assert report["status"] == "valid"
    assert [c["signer"] for c in report["signatures"]] == ["Nguyễn Văn Ánh", "UBND phường Một"]
    with files[1].file.open("rb") as handle:
        assert validate_pdf(handle.read())["signatures"][0]["signer"] == "UBND phường Một"
    kinds = list(IssuedSignature.objects.values_list("kind", "code", "reference"))
    assert {k for k, _c, _r in kinds} == {"personal", "agency"} and len({c for _k, c, _r in kinds}) == 1
    assert {r for _k, _c, r in kinds} == {issued.code}
    from congso.core.models import AuditEntry

    entry = AuditEntry.objects.filter(action="signatures.signed", changes__kind="agency").first()
    assert entry is not None and entry.changes["digest"] and entry.changes["certificate"]


def test_token_absent_wrong_pin_and_missing_key_are_told_clearly(softhsm):
    with pytest.raises(agent.AgentError, match="Không thấy token"):
        agent.open_token(softhsm, "1234", token_label="KhongCo")
    with pytest.raises(agent.AgentError, match="PIN không đúng"):
        agent.open_token(softhsm, "0000", token_label="LanhDao")
    with pytest.raises(agent.AgentError, match="không có khóa"):
        agent.open_token(softhsm, "1234", token_label="LanhDao", key_id="02")
    with pytest.raises(agent.AgentError, match="PKCS#11"):
        agent.open_token("/nonexistent/libtoken.so", "1234")


def test_agency_key_on_a_pkcs11_module(office, softhsm, settings, monkeypatch, test_pki):
    """The agency's key on an HSM (SoftHSM2 here): allowed modules only, the PIN named, signing works."""
    from congso.core.errors import ValidationFailed
    from congso.signatures import services

    monkeypatch.setenv("CONGSO_SIGN_HSM", "1234")
    with pytest.raises(ValidationFailed):
        services.signing_key_add_pkcs11(
            actor=office.admin,
            agency_id=office.agency.pk,
            module=softhsm,
            token="LanhDao",
            secret_ref="env:CONGSO_SIGN_HSM",
            key_id="01",
        )
    settings.CONGSO_PKCS11_MODULES = [softhsm]
    key = services.signing_key_add_pkcs11(
        actor=office.admin,
        agency_id=office.agency.pk,
        module=softhsm,
        token="LanhDao",
        secret_ref="env:CONGSO_SIGN_HSM",
        key_id="01",
    )
    assert key.certificate.common_name == "Nguyễn Văn Ánh"
    signed, _record = services.agency_sign(
        actor=office.clerk,
        agency_id=office.agency.pk,
        agency_name="UBND",
        pdf=draft_pdf(),
        mode="attachment",
        target="t:1",
        subject="Phụ lục",
        reference="1/QĐ-UBND",
    )
    assert services.validate_pdf(signed)["signatures"][0]["intact"]
    monkeypatch.setenv("CONGSO_SIGN_HSM", "9999")
    with pytest.raises(ValidationFailed, match="PIN"):
        services.agency_sign(
            actor=office.clerk,
            agency_id=office.agency.pk,
            agency_name="UBND",
            pdf=draft_pdf(),
            mode="attachment",
            target="t:1",
            subject="Phụ lục",
        )
