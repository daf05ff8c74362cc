# The notifications' inbox of a county and of a unit read in id order, and a
# county's unread reminders (home page, badge) by date, from indexes instead
# of a sort of every reminder (docs/scale.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registers', '0019_notification_region'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['region', 'id'], name='notification_region_id'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['unit', 'id'], name='notification_unit_id'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('read_at__isnull', True)),
                               fields=['region', '-created_on', '-id'],
                               name='notification_region_unread'),
        ),
    ]
