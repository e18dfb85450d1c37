"""Signed exchange packages: the sending agency's enveloped XML-DSig in edXMLHeader (RSA-SHA256), checked on
arrival against the trust store; SHA-1 of older systems verified and reported weak; refusals with status 02."""

from __future__ import annotations

import pytest

from congso.documents import edxml
from congso.documents.models import Document
from congso.documents.services import exchange
from congso.documents.tests.test_exchange import envelope
from congso.signatures import pki
from congso.signatures.models import Certificate
from congso.signatures.services.xml import certificate_trust, xml_sign

pytestmark = pytest.mark.django_db


def foreign_signed(data: bytes, issued: pki.Issued, algorithm: str = "rsa-sha256") -> bytes:
    """A package as another system signs it: enveloped XML-DSig in edXMLHeader with its own key."""
    from lxml import etree
    from signxml import XMLSigner
    from signxml.algorithms import DigestAlgorithm, SignatureMethod

    if algorithm == "rsa-sha1":
        return sha1_signed(data, issued)
    root = etree.fromstring(data)
    header = next(n for n in root.iter() if etree.QName(n).localname == "edXMLHeader")
    etree.SubElement(header, "{http://www.w3.org/2000/09/xmldsig#}Signature", Id="placeholder")
    signer = XMLSigner(
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    )
    signed = signer.sign(root, key=issued.key_pem(), cert=issued.pem.decode())
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def sha1_signed(data: bytes, issued: pki.Issued) -> bytes:
    """RSA-SHA1 as older systems write it — by hand from the XML-DSig text (signxml no longer signs SHA-1):
    the enveloped-signature and C14N transforms, a SHA-1 digest of the document, SignedInfo canonicalised in
    place and signed with PKCS#1 v1.5."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from lxml import etree

    ds = "http://www.w3.org/2000/09/xmldsig#"
    c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    root = etree.fromstring(data)
    digest = base64.b64encode(hashlib.sha1(etree.tostring(root, method="c14n")).digest()).decode()  # noqa: S324
    header = next(n for n in root.iter() if etree.QName(n).localname == "edXMLHeader")
    signature = etree.SubElement(header, f"{{{ds}}}Signature", nsmap={"ds": ds})
    info = etree.SubElement(signature, f"{{{ds}}}SignedInfo")
    etree.SubElement(info, f"{{{ds}}}CanonicalizationMethod", Algorithm=c14n)
    etree.SubElement(info, f"{{{ds}}}SignatureMethod", Algorithm=f"{ds}rsa-sha1")
    reference = etree.SubElement(info, f"{{{ds}}}Reference", URI="")
    transforms = etree.SubElement(reference, f"{{{ds}}}Transforms")
    etree.SubElement(transforms, f"{{{ds}}}Transform", Algorithm=f"{ds}enveloped-signature")
    etree.SubElement(transforms, f"{{{ds}}}Transform", Algorithm=c14n)
    etree.SubElement(reference, f"{{{ds}}}DigestMethod", Algorithm=f"{ds}sha1")
    etree.SubElement(reference, f"{{{ds}}}DigestValue").text = digest
    value = issued.key.sign(etree.tostring(info, method="c14n"), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    etree.SubElement(signature, f"{{{ds}}}SignatureValue").text = base64.b64encode(value).decode()
    key_info = etree.SubElement(signature, f"{{{ds}}}KeyInfo")
    x509_data = etree.SubElement(key_info, f"{{{ds}}}X509Data")
    body = "".join(issued.pem.decode().strip().splitlines()[1:-1])
    etree.SubElement(x509_data, f"{{{ds}}}X509Certificate").text = body
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def peer(db):
    from congso.documents import services

    return services.peer_save(
        actor=None,
        name="Tỉnh Bên Cạnh",
        code="ben-canh",
        base_url="https://ben-canh.example",
        organ_ids=["000.00.00.G12"],
        secret="s" * 40,
    )


def receive(peer, body: bytes, message_id: str = "m-1") -> tuple[bool, str, str]:
    accepted, answer = exchange.inbound_package(peer=peer, message_id=message_id, body=body)
    status = edxml.parse_status(answer)
    return accepted, status.status_code, status.description


def test_our_packages_are_signed_in_the_header_and_trusted_by_a_receiver(signing_setup):
    office = signing_setup
    signed = xml_sign(agency_id=office.agency.pk, data=edxml.build_envelope(envelope()))
    assert b"edXMLHeader" in signed and b"rsa-sha256" in signed
    parsed = edxml.parse_envelope(signed)
    assert parsed.signature.status == "valid" and "UBND phường Một" in parsed.signature.signer
    assert not parsed.signature.weak
    assert certificate_trust(parsed.signature.certificate) == {"trusted": True, "problem": ""}
    Certificate.objects.filter(purpose="root").update(active=False)
    assert certificate_trust(parsed.signature.certificate)["trusted"] is False


def test_inbound_signed_package_with_the_trust_verdict(signing_setup, peer, test_pki, settings):
    office = signing_setup
    office.agency.organ_id = "H98.01"
    office.agency.save()
    body = foreign_signed(edxml.build_envelope(envelope()), test_pki.agency)
    assert receive(peer, body)[:2] == (True, "01")
    copy = Document.objects.get(source="exchange")
    assert copy.signature_result["package"]["status"] == "valid"
    assert copy.signature_result["package"]["trusted"] is True
    # A signer outside the trust store: received with the warning, or refused when the setting asks.
    stranger = foreign_signed(edxml.build_envelope(envelope(code_number="16")), test_pki.stranger)
    assert receive(peer, stranger, "m-2")[:2] == (True, "01")
    assert Document.objects.get(code_number="16").signature_result["package"]["trusted"] is False
    settings.CONGSO_EXCHANGE_REQUIRE_TRUSTED_SIGNATURE = True
    refused = foreign_signed(edxml.build_envelope(envelope(code_number="17")), test_pki.stranger)
    accepted, code, reason = receive(peer, refused, "m-3")
    assert (accepted, code) == (False, "02") and "tin cậy" in reason
    # Altered after signing: always refused with the reason.
    tampered = body.replace("triển khai".encode(), "hủy bỏ".encode())
    accepted, code, _reason = receive(peer, tampered.replace(b"15</", b"18</"), "m-4")
    assert (accepted, code) == (False, "02")


def test_sha1_signatures_of_older_systems_are_verified_and_reported_weak(signing_setup, peer, test_pki):
    office = signing_setup
    office.agency.organ_id = "H98.01"
    office.agency.save()
    body = foreign_signed(edxml.build_envelope(envelope()), test_pki.agency, "rsa-sha1")
    parsed = edxml.parse_envelope(body)
    assert parsed.signature.status == "valid" and parsed.signature.weak
    assert receive(peer, body)[:2] == (True, "01")
    assert Document.objects.get().signature_result["package"]["weak"] is True


def test_unsigned_packages_are_accepted_unless_the_setting_requires_a_signature(db, peer, settings):
    from congso.documents.tests.factories import make_office

    office = make_office()
    office.agency.organ_id = "H98.01"
    office.agency.save()
    assert receive(peer, edxml.build_envelope(envelope()))[:2] == (True, "01")
    settings.CONGSO_EXCHANGE_REQUIRE_SIGNATURE = True
    accepted, code, reason = receive(peer, edxml.build_envelope(envelope(code_number="20")), "m-9")
    assert (accepted, code) == (False, "02") and "chữ ký số" in reason
