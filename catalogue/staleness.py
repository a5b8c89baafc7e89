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


def stale_value_ids() -> list[int]:
    """Primary keys of every stale value (one query)."""
    from catalogue.models import TraitValue

    rows = (
        TraitValue.objects.exclude(verified_on=None)
        .exclude(trait__never_stale=True)
        .values_list("pk", "verified_on", "applies_to_version", "framework__latest_version")
    )
    today = timezone.localdate()
    return [pk for pk, day, version, latest in rows if is_stale(day, version, latest, today)]


def reverification_queue(framework_ids: list[int] | None = None) -> list:
    """Hand-curated values verified against an older major version than their
    framework's latest (as the package index reports it), oldest first: the
    editors' queue of claims to check again (one query)."""
    from catalogue.models import Origin, TraitValue

    rows = (
        TraitValue.objects.filter(origin=Origin.CURATED)
        .exclude(verified_on=None)
        .exclude(trait__never_stale=True)
        .exclude(applies_to_version="")
        .select_related("framework", "trait")
        .order_by("framework__name", "verified_on", "trait__name")
    )
    if framework_ids is not None:
        rows = rows.filter(framework_id__in=framework_ids)
    queue = []
    for row in rows:
        checked, latest = major(row.applies_to_version), major(row.framework.latest_version)
        if checked is not None and latest is not None and latest > checked:
            queue.append(row)
    return queue
