"""The site search's FTS5 index of the detail tables' party and 文号 columns
(SQLite): the unmanaged model only. The table and its triggers follow the
models' columns and are put in place after every migrate
(fazhi.registers.party_search.ensure)."""

import fazhi.registers.case_search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registers', '0021_imported_cases'),
    ]

    operations = [
        migrations.CreateModel(
            name='PartyText',
            fields=[
                ('id', models.IntegerField(db_column='rowid', primary_key=True, serialize=False)),
                ('body', models.TextField(db_column='text')),
                ('text', fazhi.registers.case_search.FullText(db_column='registers_party_fts')),
            ],
            options={
                'db_table': 'registers_party_fts',
                'managed': False,
            },
        ),
    ]
