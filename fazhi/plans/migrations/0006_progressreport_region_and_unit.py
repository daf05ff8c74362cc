# The county and the unit on each progress report, so that 进展审核 is ordered
# and scoped by an index — (region, updated_at) for the office, (unit, updated_at)
# for a unit's people — instead of joins and a sort (docs/scale.md).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_region_and_unit(apps, schema_editor):  # noqa: ANN001, ANN201
    ProgressReport = apps.get_model("plans", "ProgressReport")
    Assignment = apps.get_model("plans", "Assignment")
    assignment = Assignment.objects.filter(pk=OuterRef("assignment_id"))
    ProgressReport.objects.update(
        region_id=Subquery(assignment.values("task__plan__region_id")[:1]),
        unit_id=Subquery(assignment.values("unit_id")[:1]))


def report_field(model: str, label: str, *, null: bool) -> models.ForeignKey:
    return models.ForeignKey(editable=False, null=null, on_delete=django.db.models.deletion.PROTECT,
                             related_name='+', to=model, verbose_name=label)


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_login_protection_and_password_history'),
        ('plans', '0005_progress_report_list_indexes'),
    ]

    operations = [
        migrations.AddField('progressreport', 'region', report_field('org.region', '地区', null=True)),
        migrations.AddField('progressreport', 'unit', report_field('org.unit', '单位', null=True)),
        migrations.RunPython(fill_region_and_unit, migrations.RunPython.noop),
        migrations.AlterField('progressreport', 'region', report_field('org.region', '地区', null=False)),
        migrations.AlterField('progressreport', 'unit', report_field('org.unit', '单位', null=False)),
        migrations.AddIndex(
            model_name='progressreport',
            index=models.Index(fields=['region', 'updated_at'], name='report_region_updated'),
        ),
        migrations.AddIndex(
            model_name='progressreport',
            index=models.Index(fields=['region', 'state', 'updated_at'], name='report_region_state_updated'),
        ),
        migrations.AddIndex(
            model_name='progressreport',
            index=models.Index(fields=['unit', 'updated_at'], name='report_unit_updated'),
        ),
    ]
