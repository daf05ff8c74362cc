"""The catalogue as data: load catalogue.yaml and catalogue_local.yaml into
IndicatorDefinition. A later catalogue change is a new migration like this one."""

from django.db import migrations


def load(apps, schema_editor):  # noqa: ANN001, ANN201
    from fazhi.indicators.catalogue_sync import sync

    sync(apps.get_model("indicators", "IndicatorDefinition"),
         apps.get_model("indicators", "IndicatorValue"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_computed_figures")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
