"""Digital signatures of the demo province: a throwaway CA (signatures.pki) in the trust store, a PKCS#12 key and
a seal for the People's Committee, Sở Nội vụ and the first commune, whose passphrases are written to the secrets
folder (CONGSO_SECRETS_DIR, var/secrets in the embedded setup) — never to the database —, and for each of their
leaders a personal certificate and a signature image. Where SoftHSM2 is installed, the leaders' keys are also put
on a software token (var/softhsm, PIN 1234), so the signing agent can be tried as an official would use it
(docs/signing.md). Idempotent: nothing is done once the demo CA is in the trust store."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings

from . import pki
from .models import Certificate

logger = logging.getLogger("congso.signatures")

ROOT_NAME = "Công Sở Demo Root CA"
AGENCIES = [("Ủy ban nhân dân tỉnh Sông Hồng", "ubnd"), ("Sở Nội vụ", "snv"), (None, "xa01")]
DEMO_PIN = "1234"


def _secret(name: str) -> str:
    folder = Path(settings.CONGSO_SECRETS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    value = secrets.token_urlsafe(18)
    path.write_text(value, encoding="utf-8")
    os.chmod(path, 0o600)
    return value


def _token_folder() -> Path:
    return Path(settings.DATA_DIR) / "softhsm"


def _softhsm(leaders: list[tuple[str, pki.Issued]]) -> str:
    """Put the leaders' keys on a SoftHSM2 token "CongSoDemo"; "" when SoftHSM2 is not installed."""
    if shutil.which("softhsm2-util") is None or not Path(pki.SOFTHSM_MODULE).exists():
        return ""
    folder = _token_folder()
    if folder.exists():
        shutil.rmtree(folder)
    keys = [(username, f"{index:02x}", issued) for index, (username, issued) in enumerate(leaders, start=1)]
    return pki.softhsm_token(folder, "CongSoDemo", DEMO_PIN, keys)["SOFTHSM2_CONF"]


def build_demo_signatures() -> dict[str, Any]:
    from congso.accounts.models import User
    from congso.organizations.models import Agency

    from . import services
    from .models import SigningKey

    if Certificate.objects.filter(purpose=Certificate.Purpose.ROOT, common_name=ROOT_NAME).exists():
        return {"signing_keys": SigningKey.objects.filter(active=True).count()}
    admin = User.objects.filter(username="admin").first()
    root = pki.root(ROOT_NAME)
    services.certificate_add(actor=admin, data=root.pem, purpose="root")
    leaders: list[tuple[str, pki.Issued]] = []
    for name, prefix in AGENCIES:
        leader = User.objects.filter(username=f"{prefix}.lanhdao").first()
        manager = User.objects.filter(username=f"{prefix}.quantri").first()
        agency = (
            Agency.objects.filter(name=name).first()
            if name
            else (leader.active_memberships()[0].agency if leader else None)
        )
        if agency is None or leader is None or manager is None:
            continue
        issued = pki.issue(root, agency.name, agency.name, days=730)
        reference = f"file:demo-{prefix}"
        try:
            passphrase = _secret(f"demo-{prefix}")
        except OSError:  # a secrets folder this process may not write (a production one): no demo keys
            logger.warning("demo signing keys skipped: %s is not writable", settings.CONGSO_SECRETS_DIR)
            break
        services.signing_key_add_pkcs12(
            actor=manager,
            agency_id=agency.pk,
            data=issued.pkcs12(passphrase, [root.certificate]),
            secret_ref=reference,
        )
        services.image_add(
            actor=manager, png=pki.png((200, 16, 46), "seal"), kind="seal", agency_id=agency.pk
        )
        personal = pki.issue(root, leader.full_name, agency.name, days=365)
        services.certificate_add(actor=leader, data=personal.der, purpose="signing", user=leader)
        services.image_add(actor=leader, png=pki.png((20, 40, 170)), kind="signature", user=leader)
        leaders.append((leader.username, personal))
    if settings.CONGSO_DEMO_SOFTHSM:
        _softhsm(leaders)
    return {"signing_keys": SigningKey.objects.filter(active=True).count()}


def demo_token_conf() -> str:
    """The SoftHSM2 configuration of the demo token, when the demo made one (the demo command prints it)."""
    conf = _token_folder() / "softhsm2.conf"
    return str(conf) if conf.exists() else ""
