"""The government's published notices on days off and worked days for the public sector, shipped as data.

The `holidays` package computes the days of Bộ luật Lao động 2019 Điều 112 (and some swaps), but each year the
Government, the Ministry of Home Affairs (Bộ Nội vụ; until 2025 the Ministry of Labour) set the Tết days and swap
weekdays with Saturdays by a notice. A fresh install must count deadlines right without anyone typing these in, so
they ship here, each day with the notice that set it; the administrator's `HolidayOverride` table still wins over
both (a notice published after this release, a local decision).

`confirmed=False` marks a day announced as a policy whose legal text had not been seen when this list was written
(24/11, Ngày Văn hóa Việt Nam): it counts as a day off, and the calendar page says where it comes from.

Add a notice: one `Notice(...)` below with its number, date and days; the calendar tests pin each listed day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Notice:
    number: str
    issued: date | None
    occasion: str
    days_off: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()
    confirmed: bool = True

    @property
    def source(self) -> str:
        return f"{self.number} ngày {self.issued:%d/%m/%Y}" if self.issued else self.number


NOTICES: tuple[Notice, ...] = (
    Notice(
        "Thông báo 6150/TB-BLĐTBXH",
        date(2024, 11, 8),
        "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)",
        days_off=(
            date(2025, 1, 27),
            date(2025, 1, 28),
            date(2025, 1, 29),
            date(2025, 1, 30),
            date(2025, 1, 31),
        ),
    ),
    Notice(
        "Thông báo 6150/TB-BLĐTBXH",
        date(2024, 11, 8),
        "Nghỉ 30/4–01/5/2025: hoán đổi thứ Sáu 02/5 với thứ Bảy 26/4/2025",
        days_off=(date(2025, 5, 2),),
        working_days=(date(2025, 4, 26),),
    ),
    Notice(
        "Thông báo 6150/TB-BLĐTBXH",
        date(2024, 11, 8),
        "Nghỉ Quốc khánh 2025 (30/8–02/9/2025)",
        days_off=(date(2025, 9, 1), date(2025, 9, 2)),
    ),
    Notice(
        "Văn bản 12729/VPCP-KGVX",
        date(2025, 12, 25),
        "Nghỉ Tết Dương lịch 2026 (01/01–04/01/2026): hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026",
        days_off=(date(2026, 1, 1), date(2026, 1, 2)),
        working_days=(date(2026, 1, 10),),
    ),
    Notice(
        "Thông báo 9441/TB-BNV",
        date(2025, 10, 16),
        "Nghỉ Tết Nguyên đán Bính Ngọ 2026 (14/02–22/02/2026)",
        days_off=(
            date(2026, 2, 16),
            date(2026, 2, 17),
            date(2026, 2, 18),
            date(2026, 2, 19),
            date(2026, 2, 20),
        ),
    ),
    Notice(
        "Thông báo 9441/TB-BNV",
        date(2025, 10, 16),
        "Nghỉ Quốc khánh 2026 (29/8–02/9/2026): hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026",
        days_off=(date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)),
        working_days=(date(2026, 8, 22),),
    ),
    Notice(
        "Nghị quyết 80-NQ/TW của Bộ Chính trị (01/2026)",
        None,
        "Ngày Văn hóa Việt Nam (nghỉ hưởng nguyên lương, chủ trương từ năm 2026)",
        days_off=(date(2026, 11, 24),),
        confirmed=False,
    ),
)


def notices_for(year: int) -> list[Notice]:
    return [
        notice
        for notice in NOTICES
        if any(day.year == year for day in (*notice.days_off, *notice.working_days))
    ]
