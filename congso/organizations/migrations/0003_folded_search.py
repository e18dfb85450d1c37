"""Agency, unit and area names folded for searches that ignore diacritics ("dong da" finds "Phường Đống Đa")."""


from django.db import migrations, models

from congso.core.search_index import backfill, trigram_index
from congso.core.text import fold



class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0002_name_sort_mixin'),
    ]

    operations = [
        migrations.AddField(
            model_name='administrativearea',
            name='name_folded',
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name='agency',
            name='name_folded',
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name='unit',
            name='name_folded',
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        backfill("organizations", "AdministrativeArea", "name_folded", lambda row: fold(row.name)[:300]),
        backfill("organizations", "Agency", "name_folded", lambda row: fold(row.name)[:300]),
        backfill("organizations", "Unit", "name_folded", lambda row: fold(row.name)[:300]),
        trigram_index("organizations_agency", "name_folded", "agency_name_folded_trgm"),
        trigram_index("organizations_unit", "name_folded", "unit_name_folded_trgm"),
    ]
