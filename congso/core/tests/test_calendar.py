"""The working-day calendar: table tests against the real 2025–2026 calendar, and its laws (hypothesis)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congso.core import calendar
from congso.core.calendar import OfficeHours
from congso.core.models import HolidayOverride
from congso.core.services import holiday_override_save

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


@pytest.mark.parametrize("day", [date(2025, 1, 25) + timedelta(days=i) for i in range(9)])
def test_tet_2025_is_off_from_25_01_to_02_02(day):
    assert not calendar.is_working_day(day)


def test_2025_swap_02_05_off_and_saturday_26_04_worked():
    assert not calendar.is_working_day(date(2025, 5, 2))
    assert calendar.is_working_day(date(2025, 4, 26))
    assert not calendar.is_working_day(date(2025, 4, 30))
    assert not calendar.is_working_day(date(2025, 5, 1))


@pytest.mark.parametrize("day", [date(2025, 8, 30), date(2025, 8, 31), date(2025, 9, 1), date(2025, 9, 2)])
def test_national_day_2025_is_off_30_08_to_02_09(day):
    assert not calendar.is_working_day(day)


def test_tet_2026_and_culture_day_24_11_2026():
    for offset in range(5):
        assert not calendar.is_working_day(date(2026, 2, 16) + timedelta(days=offset))
    assert calendar.is_working_day(date(2026, 2, 23))
    assert not calendar.is_working_day(date(2026, 11, 24))
    assert calendar.is_working_day(date(2026, 11, 23))


def test_new_year_2026_swap_from_notice_12729():
    """Văn bản 12729/VPCP-KGVX (25/12/2025): Friday 02/01/2026 off, Saturday 10/01/2026 worked."""
    assert not calendar.is_working_day(date(2026, 1, 1))
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    assert calendar.is_working_day(date(2026, 1, 5))
    assert "12729/VPCP-KGVX" in calendar.holiday_name(date(2026, 1, 2))


def test_national_day_2026_swap():
    assert [calendar.is_working_day(date(2026, 8, d)) for d in (21, 22, 24, 31)] == [True, True, True, False]
    assert not calendar.is_working_day(date(2026, 9, 1)) and not calendar.is_working_day(date(2026, 9, 2))
    assert calendar.is_working_day(date(2026, 9, 3))


def test_fresh_install_has_no_placeholder_overrides_and_every_notice_a_number():
    from congso.core.holiday_notices import NOTICES

    assert not HolidayOverride.objects.filter(verified=False, notice__startswith="Theo thông báo").exists()
    for notice in NOTICES:
        assert "/" in notice.number and notice.days_off
        for day in notice.days_off:
            assert not calendar.is_working_day(day), day
        for day in notice.working_days:
            assert calendar.is_working_day(day) and day.weekday() == 5, day


def test_an_override_wins_over_a_shipped_notice():
    holiday_override_save(actor=None, day=date(2026, 1, 10), kind="day_off", name="Quyết định của tỉnh")
    assert not calendar.is_working_day(date(2026, 1, 10))


LOCALES = ["C", "C.UTF-8", "en_US.UTF-8", "vi_VN.UTF-8", "th_TH.UTF-8", "fr_FR.UTF-8"]


def _year_signature(year):
    calendar.clear_cache()
    data = calendar._load_year(year)
    return sorted(data.days_off), sorted(data.working_days)


@pytest.mark.parametrize("year", [2015, 2019, 2024, 2025, 2026])
def test_the_calendar_is_the_same_under_every_locale(monkeypatch, year):
    signatures = set()
    for value in LOCALES:
        for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.setenv(variable, value)
        days_off, working = _year_signature(year)
        signatures.add((tuple(days_off), tuple(working)))
    assert len(signatures) == 1


def test_package_swaps_are_read_from_its_data_not_its_labels(monkeypatch):
    """2024 is not in the shipped notices: 29/04/2024 off, Saturday 04/05/2024 worked, from the `holidays` swap table,
    under a Vietnamese locale (the English label used to be parsed: a Vietnamese one lost the worked Saturday)."""
    for variable in ("LANGUAGE", "LC_ALL", "LANG"):
        monkeypatch.setenv(variable, "vi_VN.UTF-8")
    assert not calendar.is_working_day(date(2024, 4, 29))
    assert calendar.is_working_day(date(2024, 5, 4))
    # 2015: Friday 02/01/2015 off, filed under 2015, worked Saturday 27/12/2014 (the year before).
    assert calendar.is_working_day(date(2014, 12, 27))


def test_intake_after_cutoff_counts_from_next_working_day():
    assert calendar.intake_day(at(2025, 3, 3, 14, 59)) == date(2025, 3, 3)
    assert calendar.intake_day(at(2025, 3, 3, 15, 0)) == date(2025, 3, 4)
    assert calendar.intake_day(at(2025, 3, 8, 9, 0)) == date(2025, 3, 10)  # Saturday → Monday


def test_add_working_days_skips_tet_and_weekends():
    # Received Friday 24/01/2025 at 16:00: counts from Monday 03/02 (after Tết); 1 day → Tuesday 04/02 17:00.
    assert calendar.add_working_days(at(2025, 1, 24, 16), 1) == at(2025, 2, 4, 17, 0)
    # Received Monday morning, 3 working days → Thursday close of office.
    assert calendar.add_working_days(at(2025, 3, 3, 9), 3) == at(2025, 3, 6, 17, 0)
    # Across 30/4–02/05/2025 with Saturday 26/04 worked: Friday 25/04 + 2 → Saturday 26/04 (1), Monday 28/04 (2);
    # + 3 → Tuesday 29/04; + 4 → Monday 05/05 (30/04–02/05 off).
    assert calendar.add_working_days(at(2025, 4, 25, 9), 2) == at(2025, 4, 28, 17, 0)
    assert calendar.add_working_days(at(2025, 4, 25, 9), 4) == at(2025, 5, 5, 17, 0)


def test_add_working_hours_uses_office_periods():
    assert calendar.add_working_hours(at(2025, 3, 3, 10, 0), 2) == at(2025, 3, 3, 14, 0)
    assert calendar.add_working_hours(at(2025, 3, 3, 16, 0), 1) == at(2025, 3, 4, 8, 30)  # after cut-off
    assert calendar.add_working_hours(at(2025, 3, 3, 7, 0), 7.5) == at(
        2025, 3, 3, 17, 0
    )  # one full day = 7.5 h
    assert calendar.add_working_hours(at(2025, 3, 3, 7, 0), 8) == at(2025, 3, 4, 8, 0)


def test_counting_between_moments():
    assert calendar.working_days_between(date(2025, 1, 24), date(2025, 2, 4)) == 2
    assert calendar.working_days_between(date(2025, 2, 4), date(2025, 1, 24)) == -2
    assert calendar.working_hours_between(at(2025, 3, 3, 7, 30), at(2025, 3, 3, 17, 0)) == 7.5


def test_custom_office_hours_and_invalid_hours():
    hours = OfficeHours(
        periods=((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0))), intake_cutoff=time(16, 0)
    )
    assert calendar.add_working_hours(at(2025, 3, 3, 11, 0), 2, hours) == at(2025, 3, 3, 14, 0)
    with pytest.raises(ValueError):
        OfficeHours(periods=((time(13, 0), time(12, 0)),))


def test_override_edit_changes_the_calendar_and_is_audited():
    from congso.core.models import AuditEntry

    assert calendar.is_working_day(date(2027, 3, 8))
    holiday_override_save(
        actor=None, day=date(2027, 3, 8), kind="day_off", name="Nghỉ bổ sung", notice="01/TB-X"
    )
    assert not calendar.is_working_day(date(2027, 3, 8))
    assert AuditEntry.objects.filter(action="calendar.override_saved").exists()


def test_override_with_bad_kind_changes_nothing():
    from congso.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        holiday_override_save(actor=None, day=date(2027, 3, 9), kind="party", name="x")
    assert not HolidayOverride.objects.filter(date=date(2027, 3, 9)).exists()


moments = st.datetimes(min_value=datetime(2024, 6, 1), max_value=datetime(2027, 6, 1)).map(
    timezone.make_aware
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=moments, n=st.integers(min_value=0, max_value=40))
def test_law_deadline_is_a_working_day_n_days_after_intake(moment, n):
    deadline = calendar.add_working_days(moment, n)
    assert calendar.is_working_day(deadline.date())
    assert calendar.working_days_between(calendar.intake_day(moment), deadline) == n
    assert calendar.add_working_days(moment, n + 1) > deadline


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=moments, minutes=st.integers(min_value=1, max_value=60 * 40))
def test_law_working_hours_round_trip(moment, minutes):
    hours = minutes / 60
    deadline = calendar.add_working_hours(moment, hours)
    start = calendar._start_of_work(moment, calendar.DEFAULT_HOURS)
    assert abs(calendar.working_hours_between(start, deadline) - round(minutes) / 60) < 1e-6
    assert deadline > moment
