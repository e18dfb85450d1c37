"""Keeps SQLite's FTS5 triggers in place. SQLite alters a table by rebuilding it, which drops its triggers: after
every migrate, the triggers of migration 0004 are created again if missing and the index is rebuilt if it no
longer matches the documents (docs/documents.md, "Search")."""

from __future__ import annotations

from importlib import import_module

from django.db import connection


def ensure_sqlite_fts(**_: object) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'documents_fts'")
        if cursor.fetchone() is None:
            return  # migration 0004 has not run yet
        migration = import_module("congso.documents.migrations.0004_full_text_search")
        for statement in migration.SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(
            "SELECT (SELECT count(*) FROM documents_fts) = (SELECT count(*) FROM documents_document)"
        )
        if not cursor.fetchone()[0]:
            cursor.execute("DELETE FROM documents_fts")
            cursor.execute(
                "INSERT INTO documents_fts(rowid, search_text) SELECT id, search_text FROM documents_document"
            )
