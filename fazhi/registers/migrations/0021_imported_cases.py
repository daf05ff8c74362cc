# Which background import wrote a case (fazhi.registers.import_batches).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_importjob_to_revert'),
        ('registers', '0020_notification_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportedCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registers.case', verbose_name='事项')),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.importjob', verbose_name='导入任务')),
            ],
            options={
                'verbose_name': '导入的事项',
                'verbose_name_plural': '导入的事项',
            },
        ),
    ]
