# An import that committed batches and did not finish is to be reverted.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_job_heartbeats'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='to_revert',
            field=models.BooleanField(default=False, verbose_name='待撤销已写入部分'),
        ),
    ]
