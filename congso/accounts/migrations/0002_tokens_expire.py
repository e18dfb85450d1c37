"""Every personal access token expires (security finding 8): a token made without an expiry ends 90 days from
this upgrade (its owner makes a new one from a signed-in session)."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def expire(apps, schema_editor):
    apps.get_model("accounts", "PersonalAccessToken").objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(expire, migrations.RunPython.noop)]
