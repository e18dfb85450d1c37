"""The demo's software token: the leaders' keys with their certificates, found by the agent's own key lookup
(in a process of its own: SoftHSM2 reads its configuration once per process)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from congso.signatures import demo, pki

pytestmark = pytest.mark.skipif(shutil.which("softhsm2-util") is None, reason="softhsm2 is not installed")


def test_the_demo_token_holds_each_leaders_key_and_certificate(tmp_path, settings, test_pki):
    settings.DATA_DIR = tmp_path
    other = pki.issue(test_pki.root, "Lãnh đạo Sở Nội vụ", "Sở Nội vụ")
    conf = demo._softhsm([("ubnd.lanhdao", test_pki.leader), ("snv.lanhdao", other)])
    assert conf and demo.demo_token_conf() == conf
    probe = (
        "import sys; from congso.signatures.agent import open_token\n"
        "t = open_token(sys.argv[1], '1234', token_label='CongSoDemo', key_label='snv.lanhdao')\n"
        "print(t.fingerprint); t.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, pki.SOFTHSM_MODULE],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "SOFTHSM2_CONF": conf},
        check=True,
    ).stdout.strip()
    import hashlib

    assert out == hashlib.sha256(other.der).hexdigest()
    assert not list(tmp_path.glob("softhsm/*.pem"))  # no private key left on disk
