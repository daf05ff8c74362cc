# The unit on each progress report, so that a unit's people see 进展审核 in the
# order of an index (unit, updated_at) instead of a join and a sort (docs/scale.md).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_unit(apps, schema_editor):  # noqa: ANN001, ANN201
    ProgressReport = apps.get_model("plans", "ProgressReport")
    Assignment = apps.get_model("plans", "Assignment")
    unit = Assignment.objects.filter(pk=OuterRef("assignment_id")).values("unit_id")[:1]
    ProgressReport.objects.filter(unit__isnull=True).update(unit_id=Subquery(unit))


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_login_protection_and_password_history'),
        ('plans', '0006_progressreport_region'),
    ]

    operations = [
        migrations.AddField(
            model_name='progressreport',
            name='unit',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='org.unit', verbose_name='单位'),
        ),
        migrations.RunPython(fill_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='progressreport',
            name='unit',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='org.unit', verbose_name='单位'),
        ),
        migrations.AddIndex(
            model_name='progressreport',
            index=models.Index(fields=['unit', 'updated_at'], name='report_unit_updated'),
        ),
    ]
