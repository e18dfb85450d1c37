"""Full-text search over the folded text of documents (issue 3 §5).

PostgreSQL: a text search configuration `congso_vi` (the simple dictionary behind unaccent, so that accents never
matter even in text that reaches the index unfolded) and a GIN index on the expression every query uses.
SQLite: an FTS5 table kept in step by triggers, with the same folding (remove_diacritics 2).
Other engines fall back to substring search (selectors.document_search)."""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'congso_vi') THEN
           CREATE TEXT SEARCH CONFIGURATION congso_vi (COPY = simple);
           ALTER TEXT SEARCH CONFIGURATION congso_vi ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
         END IF;
       END $$""",
    "CREATE INDEX IF NOT EXISTS documents_search_gin ON documents_document USING gin "
    "(to_tsvector('congso_vi'::regconfig, regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS documents_search_gin", "DROP TEXT SEARCH CONFIGURATION IF EXISTS congso_vi"]

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents_document BEGIN
         INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF search_text ON documents_document BEGIN
         UPDATE documents_fts SET search_text = new.search_text WHERE rowid = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents_document BEGIN
         DELETE FROM documents_fts WHERE rowid = old.id; END""",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(search_text, tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO documents_fts(rowid, search_text) SELECT id, search_text FROM documents_document",
    *SQLITE_TRIGGERS,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TABLE IF EXISTS documents_fts",
]


def forward(apps, schema_editor):
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_record_files")]
    operations = [migrations.RunPython(forward, backward)]
