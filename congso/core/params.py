"""Numbers from a query string or a form, read without trusting them: an id or a page number that is not digits,
or too large for the database (a 64-bit key, an OFFSET), is no id or page at all instead of a server error."""

from __future__ import annotations

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000


def parse_id(value: object) -> int | None:
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def page_number(value: object) -> int:
    """A 1-based page number; anything else (missing, not a number, past MAX_PAGE) is page 1."""
    number = parse_id(value)
    return number if number is not None and number <= MAX_PAGE else 1


def counted_page(qs, number, *, per_page: int):
    """One query for a page and the total (COUNT(*) OVER ()): a search is evaluated once, not twice as Paginator's
    separate count would (docs/performance.md). For selective queries (a search); a plain list is better served by
    Paginator, whose count can be an index-only scan."""
    from django.core.paginator import Page, Paginator
    from django.db.models import Count, Window

    number = page_number(number)
    rows = list(qs.annotate(total_count=Window(Count("pk")))[(number - 1) * per_page : number * per_page])
    paginator = Paginator(qs, per_page)
    if rows:
        paginator.__dict__["count"] = rows[0].total_count
    elif number > 1:
        return counted_page(qs, 1, per_page=per_page)
    else:
        paginator.__dict__["count"] = 0
    return Page(rows, number, paginator)
