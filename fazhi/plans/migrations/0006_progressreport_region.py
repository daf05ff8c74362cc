# The county on each progress report, so that 进展审核 is ordered and scoped by
# an index (region, updated_at) instead of three joins and a sort (docs/scale.md).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_region(apps, schema_editor):  # noqa: ANN001, ANN201
    ProgressReport = apps.get_model("plans", "ProgressReport")
    Assignment = apps.get_model("plans", "Assignment")
    county = Assignment.objects.filter(pk=OuterRef("assignment_id")).values("task__plan__region_id")[:1]
    ProgressReport.objects.filter(region__isnull=True).update(region_id=Subquery(county))


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_login_protection_and_password_history'),
        ('plans', '0005_progress_report_list_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='progressreport',
            name='region',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='org.region', verbose_name='地区'),
        ),
        migrations.RunPython(fill_region, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='progressreport',
            name='region',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='org.region', verbose_name='地区'),
        ),
        migrations.AddIndex(
            model_name='progressreport',
            index=models.Index(fields=['region', 'updated_at'], name='report_region_updated'),
        ),
        migrations.AddIndex(
            model_name='progressreport',
            index=models.Index(fields=['region', 'state', 'updated_at'], name='report_region_state_updated'),
        ),
    ]
