"""Hot, fixed read statements run as prepared statements on PostgreSQL.

Django turns psycopg's prepared statements off (for transaction-mode poolers), so every ORM query is parsed and
planned again on every request. For a handful of statements on the public hot paths (the dossier lookup) planning
costs more than running: `fetch_all` prepares such a statement once per database connection (psycopg keeps the
prepared statement with the connection and drops the least used beyond 100). It still goes through Django's cursor
wrapper, so errors, query logging and the test suite's query counts behave as for any query.

`CONGSO_DB_PREPARED_STATEMENTS=false` turns this off: needed only behind PgBouncer in transaction mode before
version 1.21 (docs/configuration.md). SQLite caches its compiled statements itself.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db import connections

NEVER_AUTOMATIC = 2**31 - 1


@functools.cache
def _prepared_cursor_class():
    import psycopg

    class PreparedCursor(psycopg.Cursor):
        """Server-side binding, and prepared from the first execution."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparedCursor


def fetch_all(sql: str, params: list[Any], *, using: str = "default") -> list[tuple]:
    """The rows of one read statement written with %s placeholders, prepared on PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.CONGSO_DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django sets None, which psycopg reads as "never, even when asked". A threshold no query reaches keeps
        # automatic preparing off (Django's cursors bind on the client and never prepare) and lets ours ask.
        raw.prepare_threshold = NEVER_AUTOMATIC
    with connection._prepare_cursor(_prepared_cursor_class()(raw)) as cursor:  # type: ignore[attr-defined]
        cursor.execute(sql, params)
        return cursor.fetchall()
