"""Ratings (TT 01/2018 Điều 13–15): only after the result is returned, once, scores 0–2, indices 1–2 computed from
the times, by the applicant's account or through the lookup, and the aggregates with their grades."""

import pytest

from congso.core.errors import PermissionDenied, ValidationFailed
from congso.core.scope import PUBLIC
from congso.core.uploads import Upload
from congso.dossiers import services
from congso.dossiers.models import Rating
from congso.dossiers.selectors.ratings import agency_grade, rating_summary, staff_grade
from congso.procedures.models import Procedure

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF"
GOOD = {str(i): 2 for i in range(3, 10)}


def returned(ward, clock, *, late=False, apology=False):
    clock(2026, 3, 2, 9, 0)
    dossier = services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
    )
    services.dossier_forward(actor=ward.officer, dossier=dossier)
    if apology:
        clock(2026, 3, 3, 9, 0)
        from datetime import date

        services.dossier_extend(
            actor=ward.leader, dossier=dossier, new_date=date(2026, 3, 10), reason="Xác minh"
        )
    clock(2026, 3, 9 if late or apology else 3, 9, 0)
    services.dossier_forward(actor=ward.specialist, dossier=dossier)
    services.dossier_approve(
        actor=ward.leader,
        dossier=dossier,
        result_summary="Cấp giấy",
        result_file=Upload(name="kq.pdf", content=PDF),
    )
    return services.dossier_return_result(actor=ward.officer, dossier=dossier, method="desk")


def test_rating_through_the_lookup_with_computed_time_indices(ward, clock):
    dossier = returned(ward, clock)
    with pytest.raises(ValidationFailed) as caught:
        services.dossier_rate(actor=None, dossier=dossier, scores={**GOOD, "7": 5}, via_lookup=True)
    assert "i7" in caught.value.details and not Rating.objects.exists()
    with pytest.raises(PermissionDenied):
        services.dossier_rate(actor=ward.officer, dossier=dossier, scores=GOOD)
    rating = services.dossier_rate(actor=None, dossier=dossier, scores=GOOD, via_lookup=True)
    assert rating.scores["i1"] == 2 and rating.scores["i2"] == 2 and rating.total == 18
    with pytest.raises(ValidationFailed):
        services.dossier_rate(actor=None, dossier=dossier, scores=GOOD, via_lookup=True)


def test_late_and_apologised_dossiers_score_less(ward, clock):
    late = returned(ward, clock, late=True)
    assert services.computed_scores(late) == {"i1": 0, "i2": 0}
    Rating.objects.all().delete()
    apologised = returned(ward, clock, apology=True)
    assert services.computed_scores(apologised)["i1"] == 1


def test_an_open_dossier_cannot_be_rated(ward, clock):
    clock(2026, 3, 2, 9, 0)
    dossier = services.dossier_receive(
        actor=ward.officer,
        receiving_agency=ward.agency,
        procedure=Procedure.objects.get(code="1.001612"),
        channel="direct",
        applicant=APPLICANT,
        handling_agency=ward.agency,
    )
    with pytest.raises(ValidationFailed):
        services.dossier_rate(actor=None, dossier=dossier, scores=GOOD, via_lookup=True)


def test_summary_and_grades(ward, clock):
    first = returned(ward, clock)
    services.dossier_rate(actor=None, dossier=first, scores=GOOD, via_lookup=True)
    second = returned(ward, clock, late=True)
    services.dossier_rate(
        actor=None, dossier=second, scores={str(i): 1 for i in range(3, 10)}, via_lookup=True
    )
    (row,) = rating_summary(group="agency", agency_ids=PUBLIC)
    assert row.count == 2 and row.indices[1] == 1.0 and row.indices[3] == 1.5
    assert row.total == 12.5 and row.grade == "Tốt"
    (officer,) = rating_summary(group="officer", agency_ids=PUBLIC)
    assert officer.name == ward.officer.full_name and officer.staff_total == 1.0 + 1.0 + 1.5 + 1.5 + 1.5
    assert (
        agency_grade(15) == "Xuất sắc"
        and agency_grade(5.9) == "Yếu"
        and staff_grade(3.4).startswith("Dưới 70")
    )


def test_rating_pages(ward, clock, client):
    dossier = returned(ward, clock)
    page = client.get("/tra-cuu/", {"code": dossier.code, "check": "5678"}).content.decode()
    assert "rating-form" in page
    data = {"code": dossier.code, "check": "5678", **{f"i{k}": v for k, v in GOOD.items()}}
    assert client.post("/tra-cuu/danh-gia/", {**data, "check": "0000"}).status_code == 404
    assert client.post("/tra-cuu/danh-gia/", data).status_code == 302
    assert Rating.objects.get().total == 18
    assert (
        "rating-form" not in client.get("/tra-cuu/", {"code": dossier.code, "check": "5678"}).content.decode()
    )
