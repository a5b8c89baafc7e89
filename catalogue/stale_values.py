"""Which values are stale now, and the editors' queue of claims to check again
(queries over the values; `catalogue.staleness` says what stale means)."""

from __future__ import annotations

from django.utils import timezone

from catalogue.models import Origin, TraitValue
from catalogue.staleness import is_stale, major


def stale_value_ids() -> list[int]:
    """Primary keys of every stale value (one query)."""
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
