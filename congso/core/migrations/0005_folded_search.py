"""The audit log's search ignores diacritics: folded columns, filled for the entries already written, and
trigram indexes on PostgreSQL."""


from django.db import migrations, models
from importlib import import_module

from congso.core.search_index import trigram_index
from congso.core.text import fold

APPEND_ONLY = import_module("congso.core.migrations.0002_audit_append_only_and_overrides")


def backfill(apps, schema_editor):
    """Fold the entries already written: the append-only trigger is lifted for this one statement batch and put
    back at once (in the migration's transaction on PostgreSQL)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_no_change")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
    AuditEntry = apps.get_model("core", "AuditEntry")
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk")[:2000])
        if not rows:
            break
        for row in rows:
            row.actor_folded = fold(row.actor_repr)[:255]
            row.search_folded = fold(f"{row.object_repr} {row.message}")
        AuditEntry.objects.bulk_update(rows, ["actor_folded", "search_folded"])
        last = rows[-1].pk
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_no_change")
    elif vendor == "sqlite":
        for statement in APPEND_ONLY.SQLITE:
            schema_editor.execute(statement)



class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_holiday_notices_shipped'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='actor_folded',
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='search_folded',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        trigram_index("core_auditentry", "search_folded", "audit_search_folded_trgm"),
        trigram_index("core_auditentry", "actor_folded", "audit_actor_folded_trgm"),
    ]
