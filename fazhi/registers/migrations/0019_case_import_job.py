# The background import that wrote a case, while it writes batch by batch
# (fazhi.registers.import_batches).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_importjob_to_revert'),
        ('registers', '0018_notification_region'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='import_job',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.importjob', verbose_name='导入批次'),
        ),
    ]
