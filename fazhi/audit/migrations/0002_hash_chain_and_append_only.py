"""Hash chain (prev_hash, hash) over every entry, the client address, and
triggers that refuse UPDATE and DELETE on the table (PostgreSQL and SQLite).
Existing entries are chained in id order before the triggers go in."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chain_existing(apps, schema_editor):  # noqa: ANN001, ANN201
    from fazhi.audit.models import GENESIS, AuditEntry as Current

    Entry = apps.get_model("audit", "AuditEntry")
    prev = GENESIS
    for row in Entry.objects.order_by("id").iterator(chunk_size=2000):
        # The current model's hash function over the historical row's values.
        entry = Current(**{f.attname: getattr(row, f.attname) for f in Entry._meta.concrete_fields})
        entry.prev_hash = prev
        entry.hash = entry.compute_hash()
        # The historical manager is Django's plain one (no append-only guard).
        Entry.objects.filter(pk=row.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash


def install_triggers(apps, schema_editor):  # noqa: ANN001, ANN201
    from fazhi.audit import triggers

    triggers.install(schema_editor)


def remove_triggers(apps, schema_editor):  # noqa: ANN001, ANN201
    from fazhi.audit import triggers

    triggers.remove(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="user",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="ip",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="来源地址"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="前一条哈希"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="哈希"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
