from datetime import date

import pytest

from congso.accounts.models import Membership, MembershipRole, User
from congso.core.roles import Role
from congso.core.scope import PUBLIC
from congso.demo.builder import build_demo
from congso.organizations.models import Agency

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_deterministic_and_idempotent():
    counts, logins = build_demo(documents=12, dossiers=0)
    assert 35 <= counts["agencies"] <= 45 and 150 <= counts["users"] <= 220
    assert set(MembershipRole.objects.values_list("role", flat=True).distinct()) == set(Role.values)
    names_before = sorted(User.objects.values_list("full_name", flat=True))
    counts_again, _ = build_demo(documents=12, dossiers=0)
    assert counts_again == counts
    assert sorted(User.objects.values_list("full_name", flat=True)) == names_before
    ward = Agency.objects.get(organ_id="H99.90")
    assert ward.valid_from == date(2025, 7, 1)
    former = Agency.objects.get(organ_id="H99.80")
    assert former.valid_to == date(2025, 6, 30) and former.name_on(date(2024, 1, 1)).endswith("xã An Phú")
    leader = User.objects.get(username="cu.ap.lanhdao")
    assert Membership.objects.active().get(user=leader).agency == ward
    assert Membership.objects.active().filter(user__username="snv.lanhdao").count() == 2
    assert any(login.username == "admin" for login in logins)
    # Three agencies sign with keys on the server; their passphrases are in the secrets folder, not the database.
    from congso.signatures.models import Certificate, SignatureImage, SigningKey

    assert counts["signing_keys"] == 3 and SigningKey.objects.filter(active=True).count() == 3
    assert SignatureImage.objects.filter(kind="seal").count() == 3
    assert Certificate.objects.filter(purpose="signing", user__username="ubnd.lanhdao").exists()
    assert all(key.secret_ref.startswith("file:") for key in SigningKey.objects.all())


def test_demo_documents_move_between_agencies_over_the_year():
    from congso.documents.models import Document, ExchangeStatus

    counts, _ = build_demo(documents=25, dossiers=0)
    outgoing = Document.objects.filter(direction="outgoing")
    assert outgoing.count() == 25 and counts["documents"] > 40
    assert outgoing.order_by("issued_date").first().issued_date.month == 1
    assert Document.objects.filter(direction="incoming", status="done").exists()
    assert ExchangeStatus.objects.filter(code="06").exists()
    assert {d.code_number for d in outgoing} >= {"01"}


def test_demo_documents_build_across_midnight(monkeypatch):
    """A build that starts before midnight in Asia/Ho_Chi_Minh and directs documents after it: the
    deadlines given must be checked against the day the direction is made, not the day the build began."""
    from datetime import timedelta

    from django.utils import timezone

    from congso.documents import demo
    from congso.documents.models import DocumentAssignment

    build_demo(documents=0, dossiers=0)
    real_localdate = timezone.localdate
    yesterday = real_localdate() - timedelta(days=1)
    monkeypatch.setattr(demo.timezone, "localdate", lambda *a: yesterday)
    builder = demo.DocumentsDemo(outgoing=25)
    monkeypatch.setattr(demo.timezone, "localdate", real_localdate)
    builder.build()
    assert DocumentAssignment.objects.exists()


def test_demo_dossiers_span_a_year_with_every_outcome():
    from django.db.models import Count

    from congso.dossiers.models import Dossier, DossierStep, Payment, Rating
    from congso.dossiers.selectors import my_queue

    counts, logins = build_demo(documents=0, dossiers=400)
    statuses = dict(Dossier.objects.values_list("status").annotate(n=Count("pk")))
    assert counts["dossiers"] >= 400 and statuses["10"] > 300
    assert {"1", "3", "4", "5", "9", "10"} <= set(statuses)
    assert set(Dossier.objects.values_list("channel", flat=True)) == {"direct", "online", "postal"}
    assert Dossier.objects.filter(original_appointment_at__isnull=False).exists()  # apologies
    assert Dossier.objects.filter(status__in=["9", "10"], finished_at__gt=models_f("appointment_at")).exists()
    assert Payment.objects.filter(method="online").exists() and Rating.objects.exists()
    from datetime import date as day

    from congso.dossiers.selectors.statistics import indicators

    shares = indicators(user=PUBLIC, start=day(2000, 1, 1), end=day(2100, 1, 1))
    assert (
        shares["digitised_dossiers"] > 50 and shares["digitised_results"] > 50
    )  # the board is not all zeros
    first, last = (
        Dossier.objects.order_by("received_at").first(),
        Dossier.objects.order_by("received_at").last(),
    )
    assert (last.received_at - first.received_at).days > 330  # a year, so Tết is inside
    assert not DossierStep.objects.filter(dossier__status="10").exclude(status="done").exists()
    officer = User.objects.get(username="xa01.motcua")
    assert my_queue(user=officer) and any(login.username == "congdan" for login in logins)
    again, _ = build_demo(documents=0, dossiers=400)
    assert again["dossiers"] == counts["dossiers"]


def models_f(name):
    from django.db.models import F

    return F(name)
