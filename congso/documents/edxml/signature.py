"""The XML-DSig signature a package carries in edXMLHeader (regulations §2: enveloped, older systems RSA-SHA1).

It is checked against the certificate the package carries: that proves the package was not altered after signing
and names the signer. Whether that certificate chains to a trusted CA (the national root, a ministry's CA) is
decided by the receiver against the trust store (signatures.services.certificate_trust)."""

from __future__ import annotations

from typing import Any

from .model import DSIG_NS, SignatureCheck


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _pem(certificate_base64: str) -> str:
    body = "".join(certificate_base64.split())
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def check_signature(data: bytes, signature_node: Any) -> SignatureCheck | None:
    """None without a signature; otherwise what it is worth. `signature_node` is the Signature element found in
    edXMLHeader by the reader (a defusedxml tree of the same `data`)."""
    if signature_node is None:
        return None
    if _namespace(signature_node.tag) != DSIG_NS:
        return SignatureCheck(
            "unverifiable", "Phần chữ ký không theo chuẩn XML-DSig (không thuộc không gian tên xmldsig)."
        )
    certificate = next(
        (node.text or "" for node in signature_node.iter() if _local(node.tag) == "X509Certificate"), ""
    ).strip()
    method = next(
        (
            node.get("Algorithm", "")
            for node in signature_node.iter()
            if _local(node.tag) == "SignatureMethod"
        ),
        "",
    )
    if not certificate:
        return SignatureCheck("unverifiable", "Chữ ký không kèm chứng thư số.", algorithm=method)
    try:
        from cryptography import x509
        from signxml import SignatureConfiguration, XMLVerifier
        from signxml.algorithms import DigestAlgorithm, SignatureMethod
        from signxml.exceptions import InvalidInput, InvalidSignature

        pem = _pem(certificate)
        signer = x509.load_pem_x509_certificate(pem.encode()).subject.rfc4514_string()
        config = SignatureConfiguration(
            require_x509=True,
            location=".//",
            signature_methods=frozenset(
                m for m in SignatureMethod if m.name.startswith(("RSA", "ECDSA")) or "RSA_MGF1" in m.name
            ),
            digest_algorithms=frozenset(DigestAlgorithm),
        )
        XMLVerifier().verify(data, x509_cert=pem, expect_config=config)
    except (InvalidSignature, InvalidInput, ValueError) as exc:
        return SignatureCheck(
            "invalid", f"Chữ ký số không khớp với nội dung gói tin: {exc}"[:500], algorithm=method
        )
    return SignatureCheck(
        "valid",
        "Chữ ký khớp nội dung gói tin.",
        signer=signer,
        algorithm=method,
        certificate=pem,
    )
