"""Folded search columns (core.text.fold: lower case, no marks, đ → d) and their indexes, for every list with a
search box. A `LIKE '%…%'` on a folded column is served on PostgreSQL by a trigram GIN index (pg_trgm, a trusted
extension the database owner may create); SQLite, the single-server default, scans (docs/performance.md).

Migrations use `trigram_index` to create the index on PostgreSQL only, and `backfill` to fill a new column from the
rows already there, in batches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """The index that serves Django's `column__contains` (`"column"::text LIKE %…%`) on PostgreSQL."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (("{column}"::text) gin_trgm_ops)'
        )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)


def backfill(
    app: str, model: str, column: str, value: Callable[[Any], str], *, batch: int = 2000
) -> migrations.RunPython:
    """Fill `column` of every existing row with `value(row)`."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        Model = apps.get_model(app, model)
        last = 0
        while True:
            rows = list(Model.objects.filter(pk__gt=last).order_by("pk")[:batch])
            if not rows:
                return
            for row in rows:
                setattr(row, column, value(row))
            Model.objects.bulk_update(rows, [column])
            last = rows[-1].pk

    return migrations.RunPython(forwards, migrations.RunPython.noop)
