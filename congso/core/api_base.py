"""Building blocks of the /api/v1/ interface shared by every app's api.py: NFC input schemas, pagination,
the error shape {code, message, details}, and authentication (session with CSRF, or a personal token)."""

from datetime import date
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import field_validator

from .calendar import FIRST_DAY, FIRST_YEAR, LAST_DAY, LAST_YEAR
from .text import input_text

# Query parameters of reports: a year or a day the platform reckons with (core.calendar); outside, a 422.
ReportYear = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
ReportDay = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]


class InputSchema(Schema):
    """Every text field of an API input is normalised to NFC before validation."""

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        return _walk_nfc(value)


def _walk_nfc(value: Any) -> Any:
    if isinstance(value, str):
        return input_text(value)
    if isinstance(value, dict):
        return {k: _walk_nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk_nfc(v) for v in value]
    return value


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)  # bounded: a huge page overflowed the database's OFFSET
        page_size: int = Field(50, ge=1, le=200)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    items_attribute = "items"

    def paginate_queryset(self, queryset, pagination: Input, **params):
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": list(queryset[offset : offset + pagination.page_size]),
            "count": queryset.count()
            if hasattr(queryset, "count") and callable(queryset.count)
            else len(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }
