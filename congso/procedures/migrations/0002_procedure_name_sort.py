from django.db import migrations, models


def fill(apps, schema_editor):
    from congso.core.text import collation_key

    Procedure = apps.get_model("procedures", "Procedure")
    for procedure in Procedure.objects.only("pk", "name").iterator():
        Procedure.objects.filter(pk=procedure.pk).update(name_sort=collation_key(procedure.name))


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="name_sort",
            field=models.CharField(blank=True, editable=False, max_length=2000),
        ),
        migrations.AlterModelOptions(
            name="procedure",
            options={
                "ordering": ["sector__name_sort", "name_sort"],
                "verbose_name": "procedure",
                "verbose_name_plural": "procedures",
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
