# The working-day overrides move from notices to core, next to the calendar that reads them
# (core.domain.workdays). This creates the table; notices 0002 copies the rows over.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_unitbinding'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkdayOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='日期')),
                ('is_workday', models.BooleanField(help_text='否：法定节假日或休息日；是：调休上班日', verbose_name='工作日')),
                ('note', models.CharField(blank=True, help_text='如：国庆节、调休上班', max_length=80, verbose_name='说明')),
                ('set_at', models.DateTimeField(auto_now=True, verbose_name='设置时间')),
                ('set_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='设置人')),
            ],
            options={
                'verbose_name': '工作日调整',
                'verbose_name_plural': '工作日调整',
                'ordering': ['date'],
            },
        ),
    ]
