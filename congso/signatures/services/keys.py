"""The keys the server signs with: an agency's PKCS#12 file (encrypted at rest with a key derived from
CONGSO_SIGNING_KEY_SECRET, its passphrase never stored) or a key on a PKCS#11 module the operator allows
(CONGSO_PKCS11_MODULES: loading a library is running its code, so an administrator cannot name any file).

Secrets are named, never stored: `env:CONGSO_SIGN_…` (an environment variable of that prefix) or `file:NAME` (a
file in CONGSO_SECRETS_DIR, such as a Docker or systemd credential)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.services import audit_log
from congso.core.text import clean_text

from .. import permissions
from ..models import Certificate, SigningKey
from .certificates import facts, is_ca, require_can_sign, to_asn1

SECRET_REF = re.compile(r"^(env:CONGSO_SIGN_[A-Z0-9_]{1,60}|file:[A-Za-z0-9_.-]{1,100})$")
MAX_PKCS12_BYTES = 256 * 1024


def _fernet() -> Any:
    from cryptography.fernet import Fernet

    secret = settings.CONGSO_SIGNING_KEY_SECRET or settings.SECRET_KEY
    key = hashlib.sha256(b"congso.signatures.pkcs12:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def read_secret(reference: str) -> str:
    """The passphrase or PIN a reference names; a clear error when it is missing."""
    if not SECRET_REF.match(reference or ""):
        raise ValidationFailed(
            _("Name the passphrase as env:CONGSO_SIGN_… or file:NAME (a file in the secrets folder)."),
            details={"secret_ref": [_("Name the passphrase as env:CONGSO_SIGN_… or file:NAME.")]},
        )
    kind, name = reference.split(":", 1)
    if kind == "env":
        value = os.environ.get(name)
    else:
        path = Path(settings.CONGSO_SECRETS_DIR) / name
        value = path.read_text(encoding="utf-8").rstrip("\r\n") if path.is_file() else None
    if value is None:
        raise ValidationFailed(
            _("The passphrase %(ref)s is not set on the server.") % {"ref": reference}, code="secret_missing"
        )
    return value


def _load_pkcs12(data: bytes, passphrase: str) -> tuple[Any, Any, list[Any]]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, passphrase.encode())
    except ValueError as exc:
        raise ValidationFailed(
            _("The PKCS#12 file cannot be opened: wrong passphrase or damaged file."), code="pkcs12_locked"
        ) from exc
    if key is None or certificate is None:
        raise ValidationFailed(_("The PKCS#12 file holds no key with its certificate."), code="pkcs12_empty")
    return key, certificate, list(others or [])


def _certificate_for(agency_id: int, certificate: Any, actor: Any) -> Certificate:
    found = facts(certificate)
    record = Certificate.objects.filter(
        purpose=Certificate.Purpose.SIGNING, agency_id=agency_id, fingerprint=found["fingerprint"]
    ).first()
    if record is None:
        if is_ca(certificate):
            raise ValidationFailed(
                _("The key's certificate is a CA's, not an agency's."), code="ca_as_signer"
            )
        record = Certificate.objects.create(
            purpose=Certificate.Purpose.SIGNING, agency_id=agency_id, uploaded_by=actor, **found
        )
    return record


@transaction.atomic
def signing_key_add_pkcs12(
    *, actor: Any, agency_id: int, data: bytes, secret_ref: str, label: str = ""
) -> SigningKey:
    """The agency's certificate and key from a .p12/.pfx file, opened with the named passphrase to check it."""
    if not permissions.can_manage_agency(actor, agency_id):
        raise PermissionDenied(_("Only the agency's administrator manages its signing keys."))
    if len(data) > MAX_PKCS12_BYTES:
        raise ValidationFailed(_("A PKCS#12 file is at most 256 KB."), code="pkcs12_too_large")
    _key, certificate, _others = _load_pkcs12(data, read_secret(secret_ref))
    record = _certificate_for(agency_id, certificate, actor)
    require_can_sign(record)
    key = SigningKey.objects.create(
        agency_id=agency_id,
        certificate=record,
        source=SigningKey.Source.PKCS12,
        label=clean_text(label)[:120] or record.common_name[:120],
        pkcs12_encrypted=_fernet().encrypt(data),
        secret_ref=secret_ref,
    )
    _put_in_use(key, actor, {"source": "pkcs12", "certificate": record.fingerprint, "secret_ref": secret_ref})
    return key


@transaction.atomic
def signing_key_add_pkcs11(
    *,
    actor: Any,
    agency_id: int,
    module: str,
    token: str,
    secret_ref: str,
    key_label: str = "",
    key_id: str = "",
    label: str = "",
) -> SigningKey:
    """A key on an HSM or a token attached to the server: the session is opened once to read the certificate."""
    if not permissions.can_manage_agency(actor, agency_id):
        raise PermissionDenied(_("Only the agency's administrator manages its signing keys."))
    if module not in settings.CONGSO_PKCS11_MODULES:
        raise ValidationFailed(
            _("This PKCS#11 module is not allowed on the server (CONGSO_PKCS11_MODULES)."),
            details={"module": [_("Choose a module the operator allowed.")]},
        )
    if not (key_label or key_id) or (key_id and not re.fullmatch(r"[0-9a-fA-F]{2,128}", key_id)):
        raise ValidationFailed(
            _("Give the key's label or its id (hexadecimal)."),
            details={"key_label": [_("Give the key's label or id.")]},
        )
    key = SigningKey(
        agency_id=agency_id,
        source=SigningKey.Source.PKCS11,
        pkcs11_module=module,
        pkcs11_token=clean_text(token)[:64],
        pkcs11_key_label=clean_text(key_label)[:64],
        pkcs11_key_id=key_id.lower(),
        secret_ref=secret_ref,
    )
    signer = _pkcs11_signer(key)
    try:
        from cryptography import x509

        certificate = x509.load_der_x509_certificate(signer.signing_cert.dump())
    finally:
        signer.pkcs11_session.close()
    record = _certificate_for(agency_id, certificate, actor)
    require_can_sign(record)
    key.certificate = record
    key.label = clean_text(label)[:120] or record.common_name[:120]
    key.save()
    _put_in_use(
        key, actor, {"source": "pkcs11", "module": module, "token": token, "certificate": record.fingerprint}
    )
    return key


def _put_in_use(key: SigningKey, actor: Any, changes: dict[str, Any]) -> None:
    """The new key is the agency's key in use; the one before it stays listed, unused. Audited."""
    SigningKey.objects.filter(agency_id=key.agency_id, active=True).exclude(pk=key.pk).update(active=False)
    audit_log(actor=actor, action="signatures.key_added", obj=key, agency_id=key.agency_id, changes=changes)


def _pkcs11_signer(key: SigningKey) -> Any:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as hanko_pkcs11

    pin = read_secret(key.secret_ref)
    try:
        session = hanko_pkcs11.open_pkcs11_session(
            key.pkcs11_module, token_criteria=TokenCriteria(label=key.pkcs11_token or None), user_pin=pin
        )
    except Exception as exc:  # noqa: BLE001 - python-pkcs11 raises many kinds; each means "cannot open"
        name = type(exc).__name__
        if "PinIncorrect" in name or "PinLocked" in name:
            message = _("The token refused the PIN (wrong or locked).")
        elif "NoSuchToken" in name or "TokenNotPresent" in name or "not found" in str(exc).lower():
            message = _("The token %(token)s is not present.") % {"token": key.pkcs11_token}
        else:
            message = _("The PKCS#11 module could not be opened: %(reason)s") % {
                "reason": str(exc)[:150] or name
            }
        raise ValidationFailed(message, code="pkcs11_unavailable") from exc
    key_id = bytes.fromhex(key.pkcs11_key_id) if key.pkcs11_key_id else None
    try:
        return hanko_pkcs11.PKCS11Signer(
            session,
            key_label=key.pkcs11_key_label or None,
            key_id=key_id,
            prefer_pss=settings.CONGSO_SIGNATURE_PSS,
        )
    except Exception as exc:  # noqa: BLE001
        session.close()
        raise ValidationFailed(
            _("No key or certificate with that label or id on the token."), code="pkcs11_no_key"
        ) from exc


def agency_signer(agency_id: int) -> tuple[SigningKey, Any]:
    """The agency's key in use, ready to sign: (the key record, a pyHanko signer). A clear error when the agency
    has none, or its certificate cannot sign now (expired, revoked, not for signing)."""
    key = (
        SigningKey.objects.filter(agency_id=agency_id, active=True)
        .select_related("certificate")
        .order_by("-pk")
        .first()
    )
    if key is None:
        raise ValidationFailed(_("The agency has no signing key on the server."), code="no_agency_key")
    require_can_sign(key.certificate)
    if key.source == SigningKey.Source.PKCS11:
        return key, _pkcs11_signer(key)
    return key, opened_pkcs12(key)[1]


# Opened PKCS#12 keys, per process, for CONGSO_SIGNING_KEY_CACHE_SECONDS: opening one (PBKDF2, RSA key checks)
# costs more than the signature. A changed key (new updated_at) or setting is a new entry; 0 turns it off.
_SIGNERS: dict[tuple[Any, ...], tuple[float, tuple[Any, Any, list[Any]], Any]] = {}


def opened_pkcs12(key: SigningKey) -> tuple[tuple[Any, Any, list[Any]], Any]:
    """((private key, certificate, chain), pyHanko signer) of a PKCS#12 agency key, opened once and kept: the
    PDF signatures use the signer, the exchange packages' XML signatures the key itself."""
    cache_key = (key.pk, key.updated_at.isoformat(), settings.CONGSO_SIGNATURE_PSS)
    cached = _SIGNERS.get(cache_key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1], cached[2]
    material = pkcs12_material(key)
    signer = _pkcs12_signer(material)
    if settings.CONGSO_SIGNING_KEY_CACHE_SECONDS > 0:
        if len(_SIGNERS) >= 16:
            _SIGNERS.pop(next(iter(_SIGNERS)))
        _SIGNERS[cache_key] = (time.monotonic() + settings.CONGSO_SIGNING_KEY_CACHE_SECONDS, material, signer)
    return material, signer


def _pkcs12_signer(material: tuple[Any, Any, list[Any]]) -> Any:
    private_key, certificate, others = material
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return _kept_key_signer_class()(
        private_key=private_key,
        signing_cert=to_asn1(certificate.public_bytes(serialization.Encoding.DER)),
        signing_key=load_private_key_from_pemder_data(pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(
            [to_asn1(other.public_bytes(serialization.Encoding.DER)) for other in others]
        ),
        prefer_pss=settings.CONGSO_SIGNATURE_PSS,
    )


@lru_cache(maxsize=1)
def _kept_key_signer_class() -> type:
    """pyHanko's SimpleSigner, keeping the opened RSA key: pyHanko parses the key again for every signature and
    for its size estimate (two RSA key checks, about 30 ms each); an estimate needs only the key's length."""
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

    class KeptKeySigner(signers.SimpleSigner):
        def __init__(self, *, private_key: Any, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._opened = private_key

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if dry_run and isinstance(self._opened, RSAPrivateKey):
                return bytes(self._opened.key_size // 8)
            return self.sign_raw(data, digest_algorithm)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            if not isinstance(self._opened, RSAPrivateKey):
                return super().sign_raw(data, digest_algorithm)
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism["algorithm"].native == "rsassa_pss":
                padding, hash_algorithm = process_pss_params(mechanism["parameters"])
                return self._opened.sign(data, padding, hash_algorithm)
            return self._opened.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    return KeptKeySigner


def pkcs12_material(key: SigningKey) -> tuple[Any, Any, list[Any]]:
    """The private key, the certificate and the chain of a PKCS#12 agency key, decrypted for one use."""
    data = _fernet().decrypt(bytes(key.pkcs12_encrypted))
    return _load_pkcs12(data, read_secret(key.secret_ref))


def close(signer: Any) -> None:
    session = getattr(signer, "pkcs11_session", None)
    if session is not None:
        session.close()
