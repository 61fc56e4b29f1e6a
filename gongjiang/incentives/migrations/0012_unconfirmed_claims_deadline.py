"""Issue 17 §5 (ADR 0017): claims found automatically before the counting rule have no confirmation
deadline, so they would count toward caps with no end. Give each the default deadline — 90 days
after the day it was found — one UPDATE per day found (few days: one per monthly run)."""

import datetime

from django.db import migrations

CONFIRM_WITHIN_DAYS = 90  # formulas.CONFIRM_WITHIN_DAYS when the migration was written


def forwards(apps, schema_editor):
    Claim = apps.get_model("incentives", "Claim")
    waiting = Claim.objects.filter(status="awaiting_confirmation", pay_deadline__isnull=True)
    for day in waiting.dates("created_at", "day"):
        waiting.filter(created_at__date=day).update(pay_deadline=day + datetime.timedelta(days=CONFIRM_WITHIN_DAYS))


class Migration(migrations.Migration):
    dependencies = [("incentives", "0011_constraint_messages")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
