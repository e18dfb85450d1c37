"""Dossiers searched by the applicant's name without diacritics ("dang thi huong" finds "Đặng Thị Hương"),
trigram-indexed on PostgreSQL."""


from django.db import migrations, models

from congso.core.search_index import backfill, trigram_index
from congso.core.text import fold



class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0011_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='applicant_folded',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        backfill("dossiers", "Dossier", "applicant_folded", lambda row: fold(row.applicant_name)[:200], batch=5000),
        trigram_index("dossiers_dossier", "applicant_folded", "dossier_applicant_folded_trgm"),
    ]
