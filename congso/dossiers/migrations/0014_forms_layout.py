"""The forms of TT 01/2018 laid out again (issue 11): the agency's name in the header on lines that never split a
place name, Mẫu 01's QR code in its own box beside the dossier code, the papers' counts without "0 bản sao". The
seeds of 0003 and 0005 hold the current text and update the rows in place."""

from importlib import import_module

from django.db import migrations


def relayout(apps, schema_editor):
    import_module("congso.dossiers.migrations.0003_form_01").seed(apps, schema_editor)
    import_module("congso.dossiers.migrations.0005_forms_02_05").seed(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0013_applicant_id_index")]
    operations = [migrations.RunPython(relayout, migrations.RunPython.noop)]
