# The unit's county on each notification, so that a county's inbox, its unread
# reminders on the home page and the badge are read in index order
# (region, created_on) instead of joining every unit's rows and sorting them
# (docs/scale.md).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_region(apps, schema_editor):  # noqa: ANN001, ANN201
    Notification = apps.get_model("registers", "Notification")
    Unit = apps.get_model("org", "Unit")
    Notification.objects.update(
        region_id=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("region_id")[:1]))


def region_field(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(editable=False, null=null, on_delete=django.db.models.deletion.CASCADE,
                             related_name='+', to='org.region', verbose_name='地区')


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_login_protection_and_password_history'),
        ('registers', '0017_case_open_and_closed_index'),
    ]

    operations = [
        migrations.AddField('notification', 'region', region_field(null=True)),
        migrations.RunPython(fill_region, migrations.RunPython.noop),
        migrations.AlterField('notification', 'region', region_field(null=False)),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['region', '-created_on', '-id'],
                               name='notification_region_created'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('read_at__isnull', True)),
                               fields=['region', '-created_on', '-id'],
                               name='notification_region_unread'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['unit', '-created_on', '-id'],
                               name='notification_unit_created'),
        ),
    ]
