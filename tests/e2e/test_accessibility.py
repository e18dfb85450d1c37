"""axe-core on every page type, signed in as each role and as a citizen and as an anonymous visitor, at desktop
(1366×800) and phone (390×844) widths: zero serious or critical violations (issue 11). axe-core comes from npm
(package-lock.json, installed by bin/test) and is given to the browser by this harness, not by the platform;
the context bypasses the Content-Security-Policy only so that the harness may inject it.

Every page is also checked for the phone layout (nothing wider than the screen) and photographed; the stories
docs/ui.md shows are copied from test-results/screens/ to docs/ui/ (scripts/ui_screenshots.sh)."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from congso.accounts.models import User
from congso.accounts.tests.factories import UserFactory, make_member
from congso.demo.procedures_data import PROCEDURES
from congso.organizations.tests.factories import AgencyFactory, UnitFactory
from congso.procedures.models import Procedure
from congso.procedures.services import procedures_import

from .conftest import ARTIFACTS, CHROMIUM
from .test_staff_stories import sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AXE = settings.CONGSO_NODE_MODULES / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
SCREENS = ARTIFACTS / "screens"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 200)),
  }));
}"""
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - width;
  if (over <= 2) { return null; }
  const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > width + 2)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? "." + e.className : ""));
  return over + " px wider than the screen: " + wide.join(", ");
}"""


def _scene():
    from congso.documents import services as documents
    from congso.documents.tests.factories import incoming_data
    from congso.dossiers import services as dossiers

    import_module("congso.documents.migrations.0002_document_types").seed(apps, None)
    for module in ("congso.dossiers.migrations.0003_form_01", "congso.dossiers.migrations.0005_forms_02_05"):
        import_module(module).seed(apps, None)
    procedures_import(actor=None, items=PROCEDURES)
    ward = AgencyFactory(
        organ_id="000.00.01.H29", kind="commune_committee", name="Ủy ban nhân dân phường Hồng Hà"
    )
    unit = UnitFactory(agency=ward, name="Phòng Văn hóa - Xã hội", short_name="VX")
    people = {
        "officer": make_member(agency=ward, roles=["one_stop_officer"], title="Công chức Một cửa").user,
        "specialist": make_member(
            agency=ward, roles=["specialist"], unit=unit, title="Công chức Tư pháp"
        ).user,
        "leader": make_member(agency=ward, roles=["leader"], title="Phó Chủ tịch").user,
        "clerk": make_member(agency=ward, roles=["clerk"], title="Văn thư").user,
        "admin": make_member(agency=ward, roles=["system_admin"], title="Quản trị hệ thống").user,
    }
    citizen = UserFactory(kind=User.Kind.CITIZEN, username="congdan.a11y", full_name="Phạm Thị Lan")
    procedure = Procedure.objects.get(code="1.001612")
    dossier = dossiers.dossier_receive(
        actor=people["officer"],
        receiving_agency=ward,
        procedure=procedure,
        channel="direct",
        applicant={"name": "Lê Thị Hoa", "id_number": "079123456789", "phone": "0912345678"},
        handling_agency=ward,
    )
    online = Procedure.objects.exclude(online_level="none").order_by("code").first()
    draft = dossiers.online_draft_save(
        actor=citizen, procedure=online, handling_agency=ward, applicant={"name": "Phạm Thị Lan"}
    )
    document = documents.incoming_document_register(
        actor=people["clerk"], agency_id=ward.pk, data=incoming_data(urgency="express")
    )
    documents.incoming_document_submit(actor=people["clerk"], document=document, leader=people["leader"])
    pages = {
        None: [
            ("public-home", "/"),
            ("procedures", "/thu-tuc/"),
            ("procedure", f"/thu-tuc/{procedure.code}/"),
            ("lookup", "/tra-cuu/"),
            ("board", "/tra-cuu/thong-ke/"),
            ("login", "/tai-khoan/dang-nhap/?next=/dich-vu-cong/"),
            ("verify", "/xac-thuc/"),
            ("verify-code", "/xac-thuc/ABCDEFGHJKMN/"),
            ("not-found", "/khong-co-trang-nay/"),
        ],
        citizen.username: [
            ("citizen-home", "/"),
            ("citizen-mine", "/dich-vu-cong/"),
            ("citizen-apply", f"/dich-vu-cong/nop/{online.code}/"),
            ("citizen-draft", f"/dich-vu-cong/{draft.pk}/"),
            ("citizen-apply-step", f"/dich-vu-cong/{draft.pk}/sua/?buoc=2"),
            ("citizen-apply-check", f"/dich-vu-cong/{draft.pk}/sua/?buoc=kiem-tra"),
            ("citizen-notifications", "/thong-bao/"),
            ("citizen-account", "/tai-khoan/"),
        ],
        people["officer"].username: [
            ("officer-home", "/"),
            ("queue", "/mot-cua/"),
            ("receive", "/mot-cua/tiep-nhan/"),
            ("dossier", f"/mot-cua/{dossier.pk}/"),
            ("statistics", "/mot-cua/thong-ke/"),
        ],
        people["clerk"].username: [
            ("clerk-home", "/"),
            ("incoming", "/van-ban/den/"),
            ("register-incoming", "/van-ban/den/moi/"),
            ("outgoing", "/van-ban/di/"),
            ("search", "/van-ban/tim-kiem/?q=ke+hoach"),
            ("registers", "/van-ban/so/"),
        ],
        people["leader"].username: [
            ("leader-home", "/"),
            ("document-direct", f"/van-ban/{document.pk}/"),
            ("my-signature", "/chu-ky-so/"),
        ],
        people["specialist"].username: [
            ("specialist-home", "/"),
            ("forbidden", "/mot-cua/tiep-nhan/"),
            ("organisations", "/to-chuc/"),
            ("calendar", "/lich-lam-viec/"),
            ("notification-settings", "/thong-bao/cai-dat/"),
        ],
        people["admin"].username: [
            ("audit-log", "/quan-tri/nhat-ky/"),
            ("design-system", "/ui/"),
            ("trust-store", "/chu-ky-so/tin-cay/"),
            ("agency-signature", f"/chu-ky-so/co-quan/{ward.pk}/"),
        ],
    }
    return pages


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_every_page_type_has_no_serious_accessibility_violation_at_both_widths(
    browser, live_server, settings
):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run bin/test (it installs the npm packages)")
    settings.CONGSO_OTP_REQUIRED_FOR_ADMINS = False
    pages = _scene()
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, object] = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)
        page = context.new_page()
        for username, targets in pages.items():
            if username:
                sign_in_as(page, live_server.url, username)
            else:
                page.context.clear_cookies()
            for name, path in targets:
                page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("networkidle")
                page.add_script_tag(path=str(AXE))
                found = page.evaluate(RUN_AXE)
                if found:
                    problems[f"{width} {name} {path}"] = found
                overflow = page.evaluate(OVERFLOW)
                if width == "phone" and overflow:
                    problems[f"{width} {name} {path} overflow"] = overflow
                page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
        context.close()
    Path(ARTIFACTS / "axe.json").write_text(
        json.dumps(problems, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
