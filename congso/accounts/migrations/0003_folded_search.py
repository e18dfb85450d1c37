"""People searched by name, login or e-mail without diacritics."""


from django.db import migrations, models

from congso.core.search_index import backfill, trigram_index
from congso.core.text import fold



class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_tokens_expire'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='search_folded',
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        backfill(
            "accounts", "User", "search_folded", lambda row: fold(f"{row.full_name} {row.username} {row.email}")[:600]
        ),
        trigram_index("accounts_user", "search_folded", "user_search_folded_trgm"),
    ]
