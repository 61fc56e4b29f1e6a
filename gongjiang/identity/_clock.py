"""Today's date in the project's time zone (Asia/Shanghai), for "not in the future" checks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def local_today() -> datetime.date:
    return timezone.localdate() if settings.USE_TZ else timezone.now().date()
