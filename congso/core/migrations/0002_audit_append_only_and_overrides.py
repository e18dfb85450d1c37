"""The audit log is append-only in the database itself, and the known 2025–2026 notices are seeded.

Seeded overrides carry `verified=False`: an administrator checks each against the government's notice and
fills in its number (the Python `holidays` package already computes most of these days; the rows make the
calendar independent of the package version)."""

from datetime import date

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    # No DELETE trigger on SQLite: Django's flush (tests, `congso restore`) empties tables with DELETE there.
    # Deletion is refused by the model; PostgreSQL refuses it in the database (its flush uses TRUNCATE).
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_auditentry_no_update;"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only();",
]

SEED = [
    (date(2025, 1, 25), "day_off", "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)"),
    (date(2025, 1, 27), "day_off", "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)"),
    (date(2025, 1, 28), "day_off", "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)"),
    (date(2025, 1, 29), "day_off", "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)"),
    (date(2025, 1, 30), "day_off", "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)"),
    (date(2025, 1, 31), "day_off", "Nghỉ Tết Nguyên đán Ất Tỵ 2025 (25/01–02/02/2025)"),
    (date(2025, 4, 26), "makeup_working_day", "Làm bù cho ngày nghỉ 02/5/2025"),
    (date(2025, 5, 2), "day_off", "Nghỉ hoán đổi dịp 30/4–01/5/2025 (làm bù thứ Bảy 26/4/2025)"),
    (date(2025, 9, 1), "day_off", "Nghỉ Quốc khánh 2025 (30/8–02/9/2025)"),
    (date(2025, 9, 2), "day_off", "Nghỉ Quốc khánh 2025 (30/8–02/9/2025)"),
    (date(2026, 2, 16), "day_off", "Nghỉ Tết Nguyên đán Bính Ngọ 2026"),
    (date(2026, 2, 17), "day_off", "Nghỉ Tết Nguyên đán Bính Ngọ 2026"),
    (date(2026, 2, 18), "day_off", "Nghỉ Tết Nguyên đán Bính Ngọ 2026"),
    (date(2026, 2, 19), "day_off", "Nghỉ Tết Nguyên đán Bính Ngọ 2026"),
    (date(2026, 2, 20), "day_off", "Nghỉ Tết Nguyên đán Bính Ngọ 2026"),
    (date(2026, 11, 24), "holiday", "Ngày Văn hóa Việt Nam (nghỉ hưởng lương từ năm 2026)"),
]
NOTICE = "Theo thông báo nghỉ lễ của Chính phủ – quản trị viên cần đối chiếu và ghi số hiệu"


def seed(apps, schema_editor):
    HolidayOverride = apps.get_model("core", "HolidayOverride")
    for day, kind, name in SEED:
        HolidayOverride.objects.get_or_create(date=day, defaults={"kind": kind, "name": name, "notice": NOTICE})


def unseed(apps, schema_editor):
    apps.get_model("core", "HolidayOverride").objects.filter(date__in=[row[0] for row in SEED], verified=False).delete()


def triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(triggers, drop_triggers),
        migrations.RunPython(seed, unseed),
    ]
