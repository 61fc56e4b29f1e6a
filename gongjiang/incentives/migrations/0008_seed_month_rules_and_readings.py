"""Issue 17: the shipped policies' new parameters — month rules (`month_rule`), the grade held in
the post's occupation (`grade_in_post_occupation`), the confirmation deadline
(`confirm_within_days`), the enterprise reward once per person (`once_per_person`) — added to
version 1 of each shipped policy that lacks them (a fresh install already has them from 0003)."""

import datetime

from django.db import migrations


def add(apps, schema_editor):
    from gongjiang.incentives.seeding import seed_parameters_add

    models = {name: apps.get_model("incentives", name) for name in ["Policy", "PolicyVersion", "ParameterValue"]}
    seed_parameters_add(models=models, decided_at=datetime.datetime.now(tz=datetime.UTC))


class Migration(migrations.Migration):
    dependencies = [("incentives", "0007_policy_no_predecessor")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop, elidable=False)]
