"""The legal working-day calendar that every deadline in the platform uses.

Rules (shared/docs/regulations.md §4):
- Public holidays of Bộ luật Lao động 2019 Điều 112 (1/1, Tết âm lịch, Giỗ Tổ 10/3 âm lịch, 30/4, 1/5, 2/9 and an
  adjacent day) with observed days, computed by the `holidays` package, and the swaps it records as data (the day
  off and the Saturday worked instead). Its labels follow the process's locale, so they are never parsed: the days
  come from its dates and its swap table, the names are asked for in Vietnamese.
- Then the government's published notices shipped with the platform (`holiday_notices.NOTICES`).
- On top, the administrator-editable `HolidayOverride` table: extra days off, worked Saturdays, added holidays,
  each with the government notice that set it; it wins over both.
- Office hours per agency (default Monday–Friday 07:30–11:30 and 13:30–17:00) and the 15:00 intake cut-off: a
  dossier or document received at or after the cut-off, or on a day off, counts from the next working day.
- Counting follows Bộ luật Dân sự 2015 Điều 147: a time limit in days starts on the day after the event, so a
  limit of N working days ends at the close of office on the N-th working day after the (effective) intake day.
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from django.conf import settings
from django.utils import timezone

# The years the platform reckons with (reports, periods, the calendar page): anything outside is a typing mistake,
# and dates near the ends of Python's range overflow once a time zone is applied.
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


@dataclass(frozen=True)
class OfficeHours:
    periods: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    intake_cutoff: time = time(15, 0)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset({0, 1, 2, 3, 4}))

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("Office hours need at least one period")
        previous_end = time(0, 0)
        for start, end in self.periods:
            if not (previous_end <= start < end):
                raise ValueError("Office periods must be increasing and must not overlap")
            previous_end = end

    @property
    def opening(self) -> time:
        return self.periods[0][0]

    @property
    def closing(self) -> time:
        return self.periods[-1][1]

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(end) - _minutes(start) for start, end in self.periods)


DEFAULT_HOURS = OfficeHours()


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class YearDays:
    days_off: frozenset[date]
    working_days: frozenset[date]
    names: dict[date, str]


_cache: dict[int, tuple[float, YearDays]] = {}


def clear_cache() -> None:
    """Forget cached years; called by the service that edits overrides (other processes refresh within
    CONGSO_CALENDAR_CACHE_SECONDS)."""
    _cache.clear()


def _package_swaps(year: int) -> set[date]:
    """Saturdays worked instead of a weekday off, from the swap table of the `holidays` package (entries
    `(month, day, from_month, from_day[, from_year])` filed under the year of the day off, which may be the next
    or the previous one)."""
    from holidays.countries import vietnam

    table = getattr(vietnam.VietnamStaticHolidays, "special_public_holidays", {})
    worked: set[date] = set()
    for filed_under in (year - 1, year, year + 1):
        entries = table.get(filed_under, ())
        if entries and isinstance(entries[0], int):
            entries = (entries,)
        for entry in entries:
            if len(entry) in (4, 5) and all(isinstance(part, int) for part in entry):
                from_year = entry[4] if len(entry) == 5 else filed_under
                day = date(from_year, entry[2], entry[3])
                if day.year == year:
                    worked.add(day)
    return worked


def _load_year(year: int) -> YearDays:
    from .holiday_notices import notices_for
    from .models import HolidayOverride

    days_off: set[date] = set()
    working: set[date] = _package_swaps(year)
    names: dict[date, str] = dict.fromkeys(working, "Làm bù")
    # The language is pinned: the package would otherwise follow LANG/LC_ALL for its labels.
    for day, name in holidays.country_holidays("VN", years=year, language="vi").items():
        days_off.add(day)
        names[day] = name
    for notice in notices_for(year):
        for day in notice.days_off:
            days_off.add(day)
            working.discard(day)
            names[day] = f"{notice.occasion} ({notice.source})"
        for day in notice.working_days:
            working.add(day)
            days_off.discard(day)
            names[day] = f"Làm bù – {notice.occasion} ({notice.source})"
    for override in HolidayOverride.objects.filter(date__year=year):
        if override.kind == HolidayOverride.Kind.MAKEUP_WORKING_DAY:
            working.add(override.date)
            days_off.discard(override.date)
        else:
            days_off.add(override.date)
            working.discard(override.date)
        names[override.date] = override.name
    days_off = {day for day in days_off if day.year == year}
    working = {day for day in working if day.year == year}
    return YearDays(frozenset(days_off), frozenset(working), names)


def year_days(year: int) -> YearDays:
    ttl = getattr(settings, "CONGSO_CALENDAR_CACHE_SECONDS", 60)
    cached = _cache.get(year)
    now = _time.monotonic()
    if cached and ttl and now - cached[0] < ttl:
        return cached[1]
    data = _load_year(year)
    if ttl:
        _cache[year] = (now, data)
    return data


class _Memo:
    """Per-call memo so that a long walk over dates loads each year once even with the cache disabled."""

    def __init__(self) -> None:
        self.years: dict[int, YearDays] = {}

    def get(self, year: int) -> YearDays:
        if year not in self.years:
            self.years[year] = year_days(year)
        return self.years[year]


def is_working_day(day: date, hours: OfficeHours = DEFAULT_HOURS, *, _memo: _Memo | None = None) -> bool:
    data = (_memo or _Memo()).get(day.year)
    if day in data.working_days:
        return True
    if day in data.days_off:
        return False
    return day.weekday() in hours.weekdays


def holiday_name(day: date) -> str | None:
    return year_days(day.year).names.get(day)


def next_working_day(day: date, hours: OfficeHours = DEFAULT_HOURS, *, _memo: _Memo | None = None) -> date:
    memo = _memo or _Memo()
    candidate = day + timedelta(days=1)
    for _ in range(400):
        if is_working_day(candidate, hours, _memo=memo):
            return candidate
        candidate += timedelta(days=1)
    raise ValueError("No working day within 400 days: check the office hours and overrides")


def nth_working_day_after(day: date, n: int, hours: OfficeHours = DEFAULT_HOURS) -> date:
    if n < 0:
        raise ValueError("n must not be negative")
    memo = _Memo()
    current = day
    for _ in range(n):
        current = next_working_day(current, hours, _memo=memo)
    return current


def _local(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return timezone.localtime(moment)


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def intake_day(moment: datetime, hours: OfficeHours = DEFAULT_HOURS) -> date:
    """The day an intake at `moment` counts from: that day if it is a working day and before the cut-off,
    else the next working day."""
    local = _local(moment)
    if is_working_day(local.date(), hours) and local.time() < hours.intake_cutoff:
        return local.date()
    return next_working_day(local.date(), hours)


def add_working_days(moment: datetime, n: int, hours: OfficeHours = DEFAULT_HOURS) -> datetime:
    """Deadline of a limit of `n` working days for something received at `moment`: close of office on the
    n-th working day after the effective intake day."""
    return _at(nth_working_day_after(intake_day(moment, hours), n, hours), hours.closing)


def _start_of_work(moment: datetime, hours: OfficeHours, cutoff: bool = True) -> datetime:
    """The first working instant at or after `moment` (to the minute), applying the intake cut-off unless told
    not to (a deadline moved by a pause continues where it stood)."""
    local = _local(moment).replace(second=0, microsecond=0)
    day = local.date()
    if not is_working_day(day, hours) or (cutoff and local.time() >= hours.intake_cutoff):
        return _at(next_working_day(day, hours), hours.opening)
    for start, end in hours.periods:
        if local.time() < start:
            return _at(day, start)
        if local.time() < end:
            return local
    return _at(next_working_day(day, hours), hours.opening)


def add_working_hours(
    moment: datetime,
    amount: float | Decimal | int,
    hours: OfficeHours = DEFAULT_HOURS,
    *,
    cutoff: bool = True,
) -> datetime:
    """Deadline of a limit of `amount` working hours for something received at `moment` (`cutoff=False`: from
    `moment` itself, for a deadline that is moved rather than a new intake)."""
    remaining = int(round(float(amount) * 60))
    if remaining < 0:
        raise ValueError("amount must not be negative")
    current = _start_of_work(moment, hours, cutoff)
    memo = _Memo()
    while True:
        day = current.date()
        for start, end in hours.periods:
            period_start, period_end = _at(day, start), _at(day, end)
            if current >= period_end:
                continue
            current = max(current, period_start)
            available = int((period_end - current).total_seconds() // 60)
            if remaining <= available:
                return current + timedelta(minutes=remaining)
            remaining -= available
            current = period_end
        current = _at(next_working_day(day, hours, _memo=memo), hours.opening)


def working_days_between(
    start: datetime | date, end: datetime | date, hours: OfficeHours = DEFAULT_HOURS
) -> int:
    """Number of working days d with start < d <= end (negative when end is before start)."""
    a = _local(start).date() if isinstance(start, datetime) else start
    b = _local(end).date() if isinstance(end, datetime) else end
    if b < a:
        return -working_days_between(b, a, hours)
    memo = _Memo()
    count = 0
    day = a + timedelta(days=1)
    while day <= b:
        if is_working_day(day, hours, _memo=memo):
            count += 1
        day += timedelta(days=1)
    return count


def working_hours_between(start: datetime, end: datetime, hours: OfficeHours = DEFAULT_HOURS) -> float:
    """Working hours inside office periods between two moments (negative when end is before start)."""
    a, b = _local(start), _local(end)
    if b < a:
        return -working_hours_between(b, a, hours)
    memo = _Memo()
    total = 0.0
    day = a.date()
    while day <= b.date():
        if is_working_day(day, hours, _memo=memo):
            for period_start, period_end in hours.periods:
                lo = max(a, _at(day, period_start))
                hi = min(b, _at(day, period_end))
                if hi > lo:
                    total += (hi - lo).total_seconds() / 3600
        day += timedelta(days=1)
    return round(total, 6)


def days_off_in_year(year: int, hours: OfficeHours = DEFAULT_HOURS) -> list[tuple[date, str]]:
    """Every weekday off and worked weekend day of a year, for the calendar page."""
    data = year_days(year)
    rows = [(day, data.names.get(day, "")) for day in sorted(data.days_off)]
    rows += [(day, data.names.get(day, "Làm bù")) for day in sorted(data.working_days)]
    return sorted(rows)


def deadline_badge(due: date | datetime | None, today: date | None = None) -> str:
    """overdue / due_soon (within 2 working days) / on_time / "" without a deadline (a date, or a moment: a
    moment passed today is overdue)."""
    if due is None:
        return ""
    if isinstance(due, datetime):
        if today is None and due < timezone.now():
            return "overdue"
        due = _local(due).date()
    today = today or timezone.localdate()
    if due < today:
        return "overdue"
    if working_days_between(today, due) <= 2:
        return "due_soon"
    return "on_time"
