# The 建议提案 register (issue 16): only its own models; it also joins the two
# leaves 0007 and 0008.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_login_protection_and_password_history'),
        ('registers', '0007_normative_document'),
        ('registers', '0008_enforcement_case'),
    ]

    operations = [
        migrations.CreateModel(
            name='SuggestionDetail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('npc', '人大代表建议'), ('cppcc', '政协委员提案')], max_length=10, verbose_name='来源')),
                ('proposers', models.CharField(help_text='代表（委员）姓名，多人联名的用顿号分隔', max_length=300, verbose_name='提出人')),
                ('session', models.CharField(blank=True, help_text='如：县十九届人大三次会议', max_length=100, verbose_name='届次会议')),
                ('assigned_by', models.CharField(blank=True, help_text='如：县人大常委会代表工作室、县政协提案委员会', max_length=100, verbose_name='交办机关')),
                ('wide_ranging', models.BooleanField(default=False, help_text='代表法第五十一条第二款：自交办之日起六个月内答复', verbose_name='涉及面广、处理难度大（六个月内答复）')),
                ('extension_reason', models.CharField(blank=True, max_length=300, verbose_name='按六个月办理的理由')),
                ('contacted', models.BooleanField(default=False, help_text='代表法第五十一条第二款：与代表联系沟通，充分听取意见', verbose_name='已与代表（委员）联系沟通')),
                ('contact_way', models.CharField(blank=True, choices=[('in_person', '当面沟通（面商）'), ('phone', '电话沟通'), ('written', '书面沟通')], max_length=20, verbose_name='沟通方式')),
                ('reply_class', models.CharField(blank=True, choices=[('A', 'A类（所提问题已经解决或基本解决）'), ('B', 'B类（所提问题正在解决或已列入计划逐步解决）'), ('C', 'C类（因条件限制或其他原因暂时不能解决）')], max_length=2, verbose_name='答复类别')),
                ('reply_number', models.CharField(blank=True, max_length=100, verbose_name='答复文号')),
                ('reply_summary', models.TextField(blank=True, help_text='C类答复应当说明暂不能解决的原因', verbose_name='答复内容摘要')),
                ('replied_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='答复日期')),
                ('feedback', models.CharField(blank=True, choices=[('satisfied', '满意'), ('basically', '基本满意'), ('dissatisfied', '不满意')], max_length=20, verbose_name='代表（委员）反馈意见')),
                ('feedback_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='反馈日期')),
                ('dissatisfied_on', models.DateField(blank=True, null=True, verbose_name='反馈不满意日期')),
                ('dissatisfied_reason', models.TextField(blank=True, verbose_name='不满意的理由')),
                ('rehandled', models.BooleanField(default=False, verbose_name='经重新办理')),
                ('rereplied_on', models.DateField(blank=True, null=True, verbose_name='重新答复日期')),
                ('return_reason', models.CharField(blank=True, max_length=300, verbose_name='退回理由')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='suggestion', to='registers.case')),
            ],
            options={
                'verbose_name': '建议提案',
                'verbose_name_plural': '建议提案',
                'indexes': [models.Index(fields=['source', 'feedback'], name='registers_s_source_46fb18_idx')],
            },
        ),
        migrations.CreateModel(
            name='SuggestionCoUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opinion_on', models.DateField(blank=True, null=True, verbose_name='送达协办意见日期')),
                ('opinion', models.TextField(blank=True, verbose_name='协办意见')),
                ('detail', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_rows', to='registers.suggestiondetail')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='协办单位')),
            ],
            options={
                'verbose_name': '协办单位',
                'verbose_name_plural': '协办单位',
                'constraints': [models.UniqueConstraint(fields=('detail', 'unit'), name='suggestion_co_unit_once')],
            },
        ),
        migrations.AddField(
            model_name='suggestiondetail',
            name='co_units',
            field=models.ManyToManyField(blank=True, related_name='co_handled_suggestions', through='registers.SuggestionCoUnit', to='org.unit', verbose_name='协办单位'),
        ),
    ]
