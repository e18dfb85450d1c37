"""A throwaway certification authority for the demo and the tests: a root, an agency certificate and personal
certificates, generated on the spot (nothing of it is committed). Never used in production: real certificates
come from a licensed CA (the government's specialised CA, or a public one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass
class Issued:
    key: Any
    certificate: Any

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, passphrase: str, chain: list[Any] | None = None) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"key",
            self.key,
            self.certificate,
            chain or None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def root(common_name: str = "Công Sở Demo Root CA", days: int = 3650) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, "Công Sở (thử nghiệm)"))
        .issuer_name(_name(common_name, "Công Sở (thử nghiệm)"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, certificate)


def issue(
    ca: Issued,
    common_name: str,
    organization: str,
    *,
    days: int = 365,
    start_days_ago: int = 1,
    signing: bool = True,
    timestamping: bool = False,
) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    usage = (
        x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        if signing
        else x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=start_days_ago))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def png(color: tuple[int, int, int], kind: str = "signature", dpi: int = 300) -> bytes:
    """A transparent PNG: a blue scribble (signature) or a red ring with a star (seal)."""
    import io

    from PIL import Image, ImageDraw

    if kind == "seal":
        side = round(36 / 25.4 * dpi)
        image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        draw.ellipse([4, 4, side - 4, side - 4], outline=(*color, 255), width=max(side // 30, 3))
        draw.ellipse(
            [side // 8, side // 8, side - side // 8, side - side // 8], outline=(*color, 255), width=3
        )
        c = side / 2
        draw.regular_polygon((c, c, side / 8), 5, fill=(*color, 255))
    else:
        width, height = round(40 / 25.4 * dpi), round(18 / 25.4 * dpi)
        image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        points = [(width * x / 20, height * (0.5 + 0.35 * ((-1) ** x) * (x % 3) / 3)) for x in range(1, 20)]
        draw.line(points, fill=(*color, 255), width=max(height // 25, 3), joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
_WRITE_CERTIFICATE = (
    "import sys, pkcs11\n"
    "from pkcs11 import Attribute as A, CertificateType as T, ObjectClass as O\n"
    "module, token, pin, label, key_id, cert, subject = sys.argv[1:]\n"
    "with pkcs11.lib(module).get_token(token_label=token).open(rw=True, user_pin=pin) as s:\n"
    "    s.create_object({A.CLASS: O.CERTIFICATE, A.CERTIFICATE_TYPE: T.X_509, A.TOKEN: True,\n"
    "        A.ID: bytes.fromhex(key_id), A.LABEL: label, A.VALUE: open(cert, 'rb').read(),\n"
    "        A.SUBJECT: open(subject, 'rb').read()})\n"
)


def softhsm_token(folder: Any, label: str, pin: str, keys: list[tuple[str, str, Issued]]) -> dict[str, str]:
    """A SoftHSM2 token in `folder` holding each (label, hex id, issued) key with its certificate, as a CA's USB
    token holds them: the environment (SOFTHSM2_CONF) a program uses it with. softhsm2-util imports the keys;
    the certificates are written by python-pkcs11 in a process of their own (SoftHSM2 reads its configuration
    once per process, so this one stays free to use another)."""
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    folder = Path(folder)
    (folder / "tokens").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n", encoding="utf-8"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def util(*args: str) -> None:
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, env=env)

    util("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", secrets.token_hex(8))
    for key_label, key_id, issued in keys:
        key_file, cert_file, subject_file = (
            folder / f"{key_label}.{ext}" for ext in ("pem", "der", "subject")
        )
        key_file.write_bytes(issued.key_pem())
        os.chmod(key_file, 0o600)
        try:
            util(
                "--import",
                str(key_file),
                "--token",
                label,
                "--label",
                key_label,
                "--id",
                key_id,
                "--pin",
                pin,
            )
        finally:
            key_file.unlink()
        cert_file.write_bytes(issued.der)
        subject_file.write_bytes(issued.certificate.subject.public_bytes())
        subprocess.run(
            [
                sys.executable,
                "-c",
                _WRITE_CERTIFICATE,
                SOFTHSM_MODULE,
                label,
                pin,
                key_label,
                key_id,
                str(cert_file),
                str(subject_file),
            ],
            check=True,
            capture_output=True,
            env=env,
        )
    return env
