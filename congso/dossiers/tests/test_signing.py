"""One-stop papers signed with the agency's certificate by the worker: the receipt, the forms and the electronic
result; once each; left valid and unsigned when the agency has no key or its certificate cannot sign."""

import io

import pytest

from congso.accounts.tests.factories import make_member
from congso.core.uploads import Upload
from congso.dossiers import services, tasks
from congso.dossiers.models import Dossier
from congso.signatures import pki
from congso.signatures import services as signatures
from congso.signatures.models import Certificate, IssuedSignature

from .conftest import fresh
from .test_processing import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def keyed(ward, monkeypatch):
    root = pki.root()
    issued = pki.issue(root, "UBND phường Hồng Hà", "UBND phường Hồng Hà")
    admin = fresh(make_member(agency=ward.agency, roles=["agency_admin"], title="Quản trị").user)
    monkeypatch.setenv("CONGSO_SIGN_WARD", "pw")
    signatures.signing_key_add_pkcs12(
        actor=admin, agency_id=ward.agency.pk, data=issued.pkcs12("pw"), secret_ref="env:CONGSO_SIGN_WARD"
    )
    Certificate.objects.create(
        purpose="root", **signatures.certificates.facts(signatures.certificates.load_certificate(root.pem))
    )
    return ward


def signatures_of(field) -> dict:
    with field.open("rb") as handle:
        return signatures.validate_pdf(handle.read())


def test_receipt_forms_and_result_are_signed_by_the_worker(
    keyed, django_capture_on_commit_callbacks, monkeypatch
):
    ward = keyed
    ran: list[tuple[str, int]] = []
    monkeypatch.setattr(
        "congso.dossiers.services.signing.queue", lambda job, object_id: ran.append((job, object_id))
    )
    dossier = receive(ward)
    tasks.make_receipt.call(dossier.pk)
    dossier = Dossier.objects.get(pk=dossier.pk)
    report = signatures_of(dossier.receipt)
    assert report["status"] == "valid" and report["signatures"][0]["signer"] == "UBND phường Hồng Hà"
    assert tasks.make_receipt.call(dossier.pk) == "ok"  # twice: signed once
    assert IssuedSignature.objects.filter(target=f"dossiers.dossier:{dossier.pk}:receipt").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_forward(actor=ward.officer, dossier=dossier)
        services.dossier_forward(actor=ward.specialist, dossier=dossier)
        from congso.core.pdf import html_to_pdf

        services.dossier_approve(
            actor=ward.leader,
            dossier=dossier,
            result_summary="Cấp giấy",
            result_file=Upload(name="ket-qua.pdf", content=html_to_pdf("<p>Giấy chứng nhận</p>")),
        )
    assert ("sign_result", dossier.pk) in ran
    assert tasks.sign_result.call(dossier.pk) == "signed"
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert signatures_of(dossier.result_signed_file)["status"] == "valid"
    assert dossier.result_signature["code"] and tasks.sign_result.call(dossier.pk) == "unchanged"


def test_no_key_or_an_expired_certificate_leaves_papers_unsigned_and_valid(keyed):
    ward = keyed
    Certificate.objects.filter(agency=ward.agency).update(not_after="2020-01-01T00:00:00Z")
    dossier = receive(ward)
    assert tasks.make_receipt.call(dossier.pk) == "ok"
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert signatures_of(dossier.receipt)["status"] == "none"
    assert not IssuedSignature.objects.exists()
    from pypdf import PdfReader

    with dossier.receipt.open("rb") as handle:
        assert "GIẤY TIẾP NHẬN" in PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()


def test_a_signed_pdf_an_applicant_attaches_is_validated_by_the_worker(keyed, monkeypatch):
    from congso.dossiers.services.online import paper_attach

    ward = keyed
    queued: list[tuple[str, int]] = []
    monkeypatch.setattr(
        "congso.dossiers.services.signing.queue", lambda job, object_id: queued.append((job, object_id))
    )
    dossier = receive(ward)
    signed, _record = signatures.agency_sign(
        actor=None,
        agency_id=ward.agency.pk,
        agency_name=ward.agency.name,
        pdf=__import__("congso.core.pdf", fromlist=["html_to_pdf"]).html_to_pdf("<p>Giấy xác nhận</p>"),
        mode="attachment",
        target="t:1",
        subject="Giấy xác nhận",
    )
    paper = paper_attach(
        dossier=dossier, paper=None, upload=Upload(name="xac-nhan.pdf", content=signed), actor=ward.officer
    )
    assert ("check_paper_signatures", paper.pk) in queued
    assert tasks.check_paper_signatures.call(paper.pk) == "valid"
    from congso.dossiers.models import DossierPaper

    assert (
        DossierPaper.objects.get(pk=paper.pk).signature_check["signatures"][0]["signer"]
        == "UBND phường Hồng Hà"
    )
    altered = bytearray(signed)
    altered[len(signed) // 3] ^= 1
    other = paper_attach(
        dossier=dossier, paper=None, upload=Upload(name="sua.pdf", content=bytes(altered)), actor=ward.officer
    )
    assert tasks.check_paper_signatures.call(other.pk) == "invalid"
