"""The 2025–2026 notices ship as data (congso/core/holiday_notices.py) with their numbers: the placeholder rows
that 0002 seeded for an administrator to check are removed where nobody touched them (an edited or checked row
stays, and still wins over the shipped notices)."""

from django.db import migrations

PLACEHOLDER = "Theo thông báo nghỉ lễ của Chính phủ – quản trị viên cần đối chiếu và ghi số hiệu"


def drop_placeholders(apps, schema_editor):
    apps.get_model("core", "HolidayOverride").objects.filter(notice=PLACEHOLDER, verified=False).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_notification_addresses")]

    operations = [migrations.RunPython(drop_placeholders, migrations.RunPython.noop)]
