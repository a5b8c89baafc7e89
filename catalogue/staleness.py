"""When a verified value is stale: not checked for a long time, or checked
against an older major version than the framework's latest."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.utils import timezone

_MAJOR = re.compile(r"^\s*v?(\d+)")


def major(version: str) -> int | None:
    match = _MAJOR.match(version or "")
    return int(match.group(1)) if match else None


def is_stale(
    verified_on: datetime.date | None,
    version: str,
    latest_version: str,
    today: datetime.date | None = None,
) -> bool:
    if verified_on is None:
        return False  # unknown values have nothing to go stale
    today = today or timezone.localdate()
    if (today - verified_on).days > settings.STALE_AFTER_DAYS:
        return True
    checked, latest = major(version), major(latest_version)
    return checked is not None and latest is not None and latest > checked




