"""Issue 9: recompute the stored data the law corrections change, with an
event on each case affected (fazhi.registers.clocks.correct_stored_data):
the open clocks (holidays of 放假办法 art. 2 in years without a notice, the
real start event of shifted clocks, the roll-over's article), the 补正 and
consultation periods from the receipt, late 简易 conversions settled as
missed, and the appeal periods of recorded first-instance decisions.

It runs the current code on the current models, so it does nothing on an
empty database (a fresh install has no stored data to correct)."""

from django.db import migrations


def correct(apps, schema_editor):  # noqa: ANN001, ANN201, ARG001
    if not apps.get_model("registers", "Case").objects.exists():
        return
    from fazhi.registers.clocks import correct_stored_data

    correct_stored_data()


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0010_rectification"),
        ("workdays", "0001_initial"),
        ("procedures", "0002_legality_review"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
