"""Catalogue data change: eleven figures published reports state often and no
design code covers (政务服务事项、行政许可事项、执法案件总数、许可与强制实施数、
复议审结、应诉审结与败诉、审计建议、宣传资料、法律咨询), added to
catalogue_local.yaml. Existing codes are unchanged; the sync refuses to drop any."""

from django.db import migrations


def load(apps, schema_editor):  # noqa: ANN001, ANN201
    from fazhi.indicators.catalogue_sync import sync

    sync(apps.get_model("indicators", "IndicatorDefinition"),
         apps.get_model("indicators", "IndicatorValue"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_indicator_report")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
