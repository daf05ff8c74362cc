"""The register search's FTS5 trigram index over the cases' number and title,
on SQLite only (PostgreSQL has the pg_trgm indexes of 0016): the virtual
table, its three triggers, and the existing cases indexed ('rebuild').
The model is unmanaged: the ORM reads the index, the triggers write it
(fazhi.registers.case_search)."""

from django.db import migrations, models

import fazhi.registers.case_search


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    fazhi.registers.case_search.install(schema_editor.connection)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    fazhi.registers.case_search.remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('registers', '0017_case_open_and_closed_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseText',
            fields=[
                ('id', models.IntegerField(db_column='rowid', primary_key=True, serialize=False)),
                ('number', models.TextField()),
                ('title', models.TextField()),
                ('text', fazhi.registers.case_search.FullText(db_column='registers_case_fts')),
            ],
            options={
                'db_table': 'registers_case_fts',
                'managed': False,
            },
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
