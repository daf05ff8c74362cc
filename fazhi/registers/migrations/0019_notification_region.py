# The unit's county on each notification, so that the office's inbox is
# scoped and ordered by the (region, id) index instead of joining the units
# and sorting every reminder of the county (docs/scale.md).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_region(apps, schema_editor):  # noqa: ANN001, ANN201
    Notification = apps.get_model("registers", "Notification")
    Unit = apps.get_model("org", "Unit")
    Notification.objects.update(region_id=Subquery(
        Unit.objects.filter(pk=OuterRef("unit_id")).values("region_id")[:1]))


def region_field(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(editable=False, null=null, on_delete=django.db.models.deletion.PROTECT,
                             related_name='+', to='org.region', verbose_name='县（市、区）')


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_login_protection_and_password_history'),
        ('registers', '0018_case_search_index'),
    ]

    operations = [
        migrations.AddField('notification', 'region', region_field(null=True)),
        migrations.RunPython(fill_region, migrations.RunPython.noop),
        migrations.AlterField('notification', 'region', region_field(null=False)),
    ]
