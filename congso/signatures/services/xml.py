"""XML-DSig for exchange packages (regulations §2): the sending agency signs the edXML envelope with its
certificate — an enveloped signature placed in edXMLHeader, as the national SDK's packages carry it, RSA-SHA256
over the whole package — and a receiving installation checks the signer's certificate against the trust store.

The PKCS#12 key signs packages; a key on a PKCS#11 module signs PDFs only (signxml needs the key in memory), and
the packages of such an agency go unsigned, which the receiver sees as such."""

from __future__ import annotations

from typing import Any

from ..models import Certificate, SigningKey
from ..permissions import SIGNING_USAGES, signing_problem
from .certificates import key_usages, load_certificate, to_asn1

DSIG = "http://www.w3.org/2000/09/xmldsig#"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"


def xml_sign(*, agency_id: int, data: bytes) -> bytes:
    """The package signed by the agency, or unchanged when the agency has no PKCS#12 key that can sign now."""
    from cryptography.hazmat.primitives import serialization
    from lxml import etree
    from signxml import XMLSigner
    from signxml.algorithms import DigestAlgorithm, SignatureMethod

    from .keys import opened_pkcs12

    key = (
        SigningKey.objects.filter(agency_id=agency_id, active=True, source=SigningKey.Source.PKCS12)
        .select_related("certificate")
        .order_by("-pk")
        .first()
    )
    if key is None or signing_problem(key.certificate):
        return data
    (private_key, certificate, chain), _signer = opened_pkcs12(key)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(data, parser=parser)
    header = next((node for node in root.iter() if etree.QName(node).localname == "edXMLHeader"), None)
    if header is None:
        return data
    etree.SubElement(header, f"{{{DSIG}}}Signature", Id="placeholder")
    pem_chain = [c.public_bytes(serialization.Encoding.PEM).decode() for c in [certificate, *chain]]
    signed = XMLSigner(
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=C14N,
    ).sign(root, key=private_key, cert=pem_chain)
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def certificate_trust(pem: str) -> dict[str, Any]:
    """Whether the certificate a package carries chains to the trust store, may sign, and is not known revoked:
    {"trusted": bool, "problem": "" | untrusted | revoked | key_usage | expired}."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

    from .validation import validation_context

    certificate = load_certificate(pem.encode())
    usages = key_usages(certificate)
    if usages and not SIGNING_USAGES & set(usages):
        return {"trusted": False, "problem": "key_usage"}
    der = to_asn1(certificate.public_bytes(_der()))
    import hashlib

    fingerprint = hashlib.sha256(der.dump()).hexdigest()
    if Certificate.objects.filter(fingerprint=fingerprint, revoked_at__isnull=False).exists():
        return {"trusted": False, "problem": "revoked"}
    validator = CertificateValidator(der, validation_context=validation_context())
    try:
        from .pdf import run

        run(validator.async_validate_usage(set()))
    except (PathBuildingError, PathValidationError, ValidationError) as exc:
        problem = "expired" if "expired" in str(exc).lower() else "untrusted"
        return {"trusted": False, "problem": problem}
    return {"trusted": True, "problem": ""}


def _der() -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.DER
