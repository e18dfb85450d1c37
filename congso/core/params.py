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
