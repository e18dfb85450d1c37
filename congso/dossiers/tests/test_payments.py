"""Fees and payment: lines from the procedure, payment at the desk, online through the sandbox provider (redirect,
signed callback, paid), replayed and forged callbacks, never charged twice, obligations that pause and resume the
clock, refunds after a refusal or a stop."""

from urllib.parse import parse_qs, urlparse

import pytest

from congso.accounts.tests.factories import UserFactory
from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.uploads import Upload
from congso.dossiers import services
from congso.dossiers.models import Dossier, FeeLine, Payment, Refund
from congso.dossiers.payments import provider_get
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PERSON = {"name": "Phạm Thị Lan", "id_number": "036188001234", "phone": "0903123456"}
CODE = "1.009974"  # building permit: a 75,000 đ charge


@pytest.fixture
def citizen(db):
    return UserFactory(kind="citizen")


def online(ward, citizen):
    procedure = Procedure.objects.get(code=CODE)
    first = procedure.papers.first()
    dossier = services.online_draft_save(
        actor=citizen,
        procedure=procedure,
        handling_agency=ward.agency,
        applicant=PERSON,
        form_data={
            str(first.pk): {"ho_ten": "Lan", "so_dinh_danh": "036188001234", "dien_thoai": "0903123456"}
        },
        uploads={p.pk: Upload(name="a.pdf", content=PDF) for p in procedure.papers.filter(required=True)},
    )
    return services.online_submit(actor=citizen, dossier=dossier)


def pay(payment_url, success=True):
    """What the sandbox page does when the applicant clicks: the signed answer for the return address."""
    query = {k: v[0] for k, v in parse_qs(urlparse(payment_url).query).items()}
    provider = provider_get("sandbox")
    return provider.result_params(
        reference=query["ref"],
        amount=int(query["amount"]),
        transaction_id=f"T-{query['ref']}",
        success=success,
    )


def test_online_payment_through_the_sandbox(ward, citizen):
    dossier = online(ward, citizen)
    assert services.amount_due(dossier) == sum(f.amount for f in dossier.procedure.fees.all()) > 0
    payment, url = services.payment_start(
        actor=citizen, dossier=dossier, return_url="/thanh-toan/ket-qua/sandbox/"
    )
    again, url2 = services.payment_start(
        actor=citizen, dossier=dossier, return_url="/thanh-toan/ket-qua/sandbox/"
    )
    assert again.pk == payment.pk and url2 == url  # the same order: the provider charges it once
    answer = pay(url)
    paid = services.payment_callback(provider="sandbox", params=answer)
    assert paid.status == "paid" and services.amount_due(dossier) == 0
    replay = services.payment_callback(provider="sandbox", params=answer)
    assert replay.pk == paid.pk and Payment.objects.get(pk=paid.pk).callbacks == 1
    with pytest.raises(ValidationFailed, match="Không còn|Nothing is due"):
        services.payment_start(actor=citizen, dossier=dossier, return_url="/x/")
    assert not Refund.objects.exists()


def test_forged_and_altered_callbacks_change_nothing(ward, citizen):
    dossier = online(ward, citizen)
    payment, url = services.payment_start(actor=citizen, dossier=dossier, return_url="/r/")
    answer = pay(url)
    for forged in (
        {**answer, "sig": "0" * 64},
        {**answer, "amount": "1"},
        {**answer, "result": "00", "sig": ""},
    ):
        with pytest.raises(ValidationFailed):
            services.payment_callback(provider="sandbox", params=forged)
    assert Payment.objects.get(pk=payment.pk).status == "pending" and services.amount_due(dossier) > 0
    failed = services.payment_callback(provider="sandbox", params=pay(url, success=False))
    assert failed.status == "failed" and services.amount_due(dossier) > 0


def test_a_second_order_paid_after_the_first_records_a_refund(ward, citizen):
    dossier = online(ward, citizen)
    first, first_url = services.payment_start(actor=citizen, dossier=dossier, return_url="/r/")
    services.payment_callback(provider="sandbox", params=pay(first_url))
    # the same dossier cannot start another order, but an old order paid late on another tab is a double charge
    stale = Payment.objects.create(
        dossier=dossier, method="online", provider="sandbox", reference="CSOLDTAB", amount=first.amount
    )
    stale.status = "failed"
    stale.save()
    answer = provider_get("sandbox").result_params(
        reference="CSOLDTAB", amount=first.amount, transaction_id="T-OLD", success=True
    )
    services.payment_callback(provider="sandbox", params=answer)
    assert Refund.objects.get().amount == first.amount
    assert dossier.fee_lines.filter(status="paid").count() == dossier.fee_lines.count()


def test_payment_at_the_desk_and_who_may_take_it(ward):
    dossier = services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code=CODE),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
    )
    with pytest.raises(PermissionDenied):
        services.fee_pay_at_desk(actor=ward.stranger, dossier=dossier, receipt_number="BL-1")
    with pytest.raises(ValidationFailed):
        services.fee_pay_at_desk(actor=ward.officer, dossier=dossier, receipt_number=" ")
    payment = services.fee_pay_at_desk(actor=ward.officer, dossier=dossier, receipt_number="BL-0001234")
    assert payment.method == "desk" and services.amount_due(dossier) == 0
    with pytest.raises(ValidationFailed):
        services.fee_pay_at_desk(actor=ward.officer, dossier=dossier, receipt_number="BL-0001235")
    assert Payment.objects.count() == 1


def test_an_obligation_pauses_and_payment_resumes(ward, citizen, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = services.dossier_accept(actor=ward.officer, dossier=online(ward, citizen))
    services.fee_pay_at_desk(actor=ward.officer, dossier=dossier, receipt_number="BL-1")
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    with pytest.raises(ValidationFailed):
        services.dossier_request_payment(actor=ward.specialist, dossier=dossier, reason="Thuế", amount=0)
    services.dossier_request_payment(
        actor=ward.specialist, dossier=dossier, reason="Lệ phí trước bạ", amount=1_200_000
    )
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.PAYMENT
    clock(2026, 3, 4, 9, 0)
    _, url = services.payment_start(actor=citizen, dossier=dossier, return_url="/r/")
    services.payment_callback(provider="sandbox", params=pay(url))
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == Dossier.Status.PROCESSING and dossier.intervals.get().ended_at is not None
    assert dossier.events.filter(action="payment_received").exists()


def test_refusal_and_stop_record_refunds(ward, citizen):
    dossier = online(ward, citizen)
    _, url = services.payment_start(actor=citizen, dossier=dossier, return_url="/r/")
    services.payment_callback(provider="sandbox", params=pay(url))
    services.dossier_refuse(actor=ward.officer, dossier=dossier, reason="Sai thẩm quyền")
    refund = Refund.objects.get()
    assert refund.amount > 0 and set(dossier.fee_lines.values_list("status", flat=True)) == {
        FeeLine.Status.REFUND
    }


def test_the_sandbox_pages_and_the_return(ward, citizen, client):
    dossier = online(ward, citizen)
    client.force_login(citizen)
    page = client.get(f"/dich-vu-cong/{dossier.pk}/").content.decode()
    assert 'data-testid="pay-online"' in page and 'data-testid="fee-lines"' in page
    start = client.post(f"/dich-vu-cong/{dossier.pk}/thanh-toan/")
    assert start.status_code == 302 and start["Location"].startswith("/thanh-toan/sandbox/")
    page = client.get(start["Location"])
    assert page.status_code == 200 and "sandbox-amount" in page.content.decode()
    tampered = start["Location"].replace("amount=", "amount=1")
    assert client.get(tampered).status_code == 400
    back = client.post(start["Location"], {"decision": "pay"})
    assert back["Location"].startswith("/thanh-toan/ket-qua/sandbox/?")
    done = client.get(back["Location"])
    assert done.status_code == 302 and services.amount_due(dossier) == 0
    assert client.get(back["Location"]).status_code == 302  # the replay is harmless
    assert Payment.objects.filter(status="paid").count() == 1
    assert 'data-testid="pay-online"' not in client.get(f"/dich-vu-cong/{dossier.pk}/").content.decode()
    notified = client.post("/thanh-toan/ket-qua/sandbox/", {"ref": "x", "sig": "y", "amount": "1"})
    assert notified.status_code == 400


def test_the_sandbox_exists_only_where_a_setting_turns_it_on(ward, citizen, client, settings):
    """Security finding 2: the sandbox was always registered and the default, so a citizen confirmed their own
    fee on a production install."""
    dossier = online(ward, citizen)
    signed_order = services.payment_start(actor=citizen, dossier=dossier)[1]
    settings.CONGSO_PAYMENT_SANDBOX = False
    with pytest.raises(ValidationFailed) as refused:
        services.payment_start(actor=citizen, dossier=dossier)
    assert refused.value.code == "no_payment_provider"
    with pytest.raises(ValidationFailed) as unknown:
        services.payment_start(actor=citizen, dossier=dossier, provider="sandbox")
    assert unknown.value.code == "unknown_provider"
    client.force_login(citizen)
    assert 'data-testid="pay-online"' not in client.get(f"/dich-vu-cong/{dossier.pk}/").content.decode()
    assert client.get(signed_order).status_code == 404
    # A callback signed as the sandbox would sign it is refused and nothing is paid.
    settings.CONGSO_PAYMENT_SANDBOX = True
    answer = pay(signed_order)
    settings.CONGSO_PAYMENT_SANDBOX = False
    assert client.get("/thanh-toan/ket-qua/sandbox/", answer).status_code == 404
    assert not Payment.objects.filter(status="paid").exists() and services.amount_due(dossier) > 0


def test_check_deploy_fails_while_the_sandbox_is_on(settings):
    from congso.ops.management.commands.check_deploy import platform_checks

    settings.CONGSO_PAYMENT_SANDBOX = True
    assert any(level == "error" and "thử nghiệm" in what for level, what, _ in platform_checks())
    settings.CONGSO_PAYMENT_SANDBOX = False
    assert not any("thử nghiệm" in what for _, what, _ in platform_checks())
