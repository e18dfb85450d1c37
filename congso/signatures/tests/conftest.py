"""A test PKI (made once per run), an agency with its administrator, leader and clerk, keys and images."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from congso.signatures import pki


@dataclass
class Pki:
    root: pki.Issued
    agency: pki.Issued
    leader: pki.Issued
    expired: pki.Issued
    encryption_only: pki.Issued
    stranger_root: pki.Issued
    stranger: pki.Issued


@pytest.fixture(scope="session")
def test_pki() -> Pki:
    root = pki.root()
    stranger_root = pki.root("Unknown CA")
    return Pki(
        root=root,
        agency=pki.issue(root, "UBND phường Một", "UBND phường Một"),
        leader=pki.issue(root, "Nguyễn Văn Ánh", "UBND phường Một"),
        expired=pki.issue(root, "Lê Văn Cũ", "UBND phường Một", days=-1, start_days_ago=400),
        encryption_only=pki.issue(root, "Mã hóa", "UBND phường Một", signing=False),
        stranger_root=stranger_root,
        stranger=pki.issue(stranger_root, "Người lạ", "Không rõ"),
    )


@pytest.fixture
def office(db):
    from congso.accounts.tests.factories import UserFactory, make_member
    from congso.documents.tests.factories import fresh, make_office

    office = make_office()
    admin = UserFactory(full_name="Quản trị Phường Một")
    make_member(user=admin, agency=office.agency, roles=["agency_admin"], title="Quản trị")
    office.admin = fresh(admin)  # type: ignore[attr-defined]
    return office


@pytest.fixture
def system_admin(db):
    from congso.accounts.tests.factories import UserFactory, make_member
    from congso.documents.tests.factories import fresh
    from congso.organizations.tests.factories import AgencyFactory

    user = UserFactory(full_name="Quản trị hệ thống")
    make_member(user=user, agency=AgencyFactory(short_name="STTTT"), roles=["system_admin"], title="Quản trị")
    return fresh(user)


@pytest.fixture
def signing_setup(office, system_admin, test_pki, monkeypatch, settings) -> Any:
    """The root in the trust store, the agency's PKCS#12 key with its passphrase in the environment, its seal,
    the leader's personal certificate and signature image."""
    from congso.signatures import services

    monkeypatch.setenv("CONGSO_SIGN_UBND", "mật-khẩu")
    services.certificate_add(actor=system_admin, data=test_pki.root.pem, purpose="root")
    services.signing_key_add_pkcs12(
        actor=office.admin,
        agency_id=office.agency.pk,
        data=test_pki.agency.pkcs12("mật-khẩu", [test_pki.root.certificate]),
        secret_ref="env:CONGSO_SIGN_UBND",
    )
    services.image_add(
        actor=office.admin, png=pki.png((200, 0, 0), "seal"), kind="seal", agency_id=office.agency.pk
    )
    services.certificate_add(
        actor=office.leader, data=test_pki.leader.der, purpose="signing", user=office.leader
    )
    services.image_add(actor=office.leader, png=pki.png((0, 0, 190)), kind="signature", user=office.leader)
    return office


def agent_sign(issued: pki.Issued, attributes: bytes, mechanism: str = "rsassa_pkcs1v15") -> bytes:
    """What the agent's token does: RSA over SHA-256 of the signed attributes."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    chosen = (
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        if mechanism == "rsassa_pss"
        else padding.PKCS1v15()
    )
    return issued.key.sign(attributes, chosen, hashes.SHA256())


def draft_pdf(signer: str = "Nguyễn Văn Ánh", pages: int = 1) -> bytes:
    """A draft as a drafter would make it: national motto, "Số: /QĐ-UBND", the date line with blanks, body text
    and the signer block at the end."""
    from congso.core.pdf import font_face_css, html_to_pdf

    body = "".join(f"<p>Điều {i}. Nội dung văn bản thử nghiệm có dấu tiếng Việt.</p>" for i in range(1, 12))
    breaks = "".join(f"<div style='page-break-before:always'>{body}</div>" for _ in range(pages - 1))
    html = (
        f"<html><head><style>{font_face_css()}</style></head><body style=\"font-family:'CongSo Serif';font-size:13pt\">"
        "<table style='width:100%'><tr><td style='width:40%;text-align:center'>UBND PHƯỜNG MỘT<br>"
        "Số: &nbsp;&nbsp;&nbsp;&nbsp;/QĐ-UBND</td><td style='text-align:center'><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>"
        "<br><i>Phường Một, ngày &nbsp;&nbsp; tháng &nbsp;&nbsp; năm 2026</i></td></tr></table>"
        f"<h3 style='text-align:center'>QUYẾT ĐỊNH</h3>{body}{breaks}"
        "<div style='margin-left:55%;text-align:center'><b>CHỦ TỊCH</b><br><br><br><br><br>"
        f"<b>{signer}</b></div></body></html>"
    )
    return html_to_pdf(html)
