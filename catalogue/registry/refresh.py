"""Writing the package index's facts into the catalogue.

For each published framework with a package name: ask the index (all questions
first), derive the facts, then write them in one transaction through the models,
so every change has its history and shows in the public changelog. A package whose
answers cannot be had, or are malformed, changes nothing and its outcome says why.
A value is never deleted, and a known value is never replaced by an unknown one.

A value whose fact is unchanged is not saved again: only its fetch date (in the
verified date and the note) moves on, without a history record, since nothing a
reader would call a change happened. The catalogue revision is bumped once per run.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

import httpx
from django.db import transaction
from django.utils import timezone

from catalogue.models import (
    Framework,
    Origin,
    RegistryOutcome,
    RegistryRefresh,
    Trait,
    TraitType,
    TraitValue,
)
from catalogue.registry import facts, index
from catalogue.revision import changes as revision
from catalogue.stale_values import reverification_queue
from catalogue.staleness import major

logger = logging.getLogger(__name__)

# The traits whose values the refresh owns.
REGISTRY_TRAITS = (
    "release-recency",
    "releases-12m",
    "maintenance-status",
    "python-support",
    "python-versions",
    "licence",
    "runtime-dependencies",
    "package-size",
    "typed-package",
    "vulnerabilities-latest",
    "vulnerabilities-12m",
)
_NOTE_PREFIX = re.compile(r"^Fetched from the package index on \d{4}-\d{2}-\d{2}: ")
_COLUMNS = ("bool_value", "support_value", "scale_value", "number_value", "text_value")


class UnknownFrameworks(ValueError):
    pass


@dataclass
class Written:
    changed: int = 0  # saved with history (facts that changed)
    confirmed: int = 0  # only the fetch date moved on


def source_url(package: str, version: str) -> str:
    return f"https://pypi.org/project/{package}/{version}/"


def note_for(day: datetime.date, detail: str) -> str:
    return f"Fetched from the package index on {day:%Y-%m-%d}: {detail}"


def refresh(
    slugs: list[str] | None = None,
    *,
    client: httpx.Client | None = None,
    today: datetime.date | None = None,
    trigger: str = "command",
) -> RegistryRefresh:
    today = today or timezone.localdate()
    frameworks = Framework.objects.published().exclude(package_name="").order_by("slug")
    if slugs:
        frameworks = frameworks.filter(slug__in=slugs)
        missing = set(slugs) - {f.slug for f in frameworks}
        if missing:
            raise UnknownFrameworks(
                "No published framework with a package: " + ", ".join(sorted(missing))
            )
    traits = {t.slug: t for t in Trait.objects.filter(slug__in=REGISTRY_TRAITS)}
    run = RegistryRefresh.objects.create(trigger=trigger)
    own_client = client is None
    client = client or index.make_client()
    try:
        with revision.batch():
            for framework in frameworks:
                run.changed += _refresh_one(run, framework, client, traits, today)
    finally:
        if own_client:
            client.close()
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at", "changed"])
    return run


def _refresh_one(
    run: RegistryRefresh,
    framework: Framework,
    client: httpx.Client,
    traits: dict[str, Trait],
    today: datetime.date,
) -> int:
    package = framework.package_name
    try:
        answers = index.fetch(package, client, today)
        found = facts.derive(
            package,
            answers.project,
            today,
            baseline=answers.baseline,
            baseline_missing=answers.baseline_missing,
            wheel_names=answers.wheel_names,
            wheel_missing=answers.wheel_missing,
        )
    except (index.IndexUnavailable, index.MalformedAnswer, facts.Malformed) as exc:
        kind = "malformed answer" if not isinstance(exc, index.IndexUnavailable) else "unreachable"
        message = f"Nothing changed ({kind}): {exc}"
        logger.warning("refresh_registry %s: %s", package, message)
        RegistryOutcome.objects.create(
            refresh=run, framework=framework, package=package, ok=False, message=message
        )
        return 0

    old_major = major(framework.latest_version)
    with transaction.atomic():
        written = _write(framework, found, traits, today)
    lines = [
        f"{found.version} released {found.released:%Y-%m-%d}; {written.changed} change(s), "
        f"{written.confirmed} value(s) confirmed."
    ]
    new_major = major(found.version)
    if old_major is not None and new_major is not None and new_major > old_major:
        queued = len(reverification_queue([framework.pk]))
        lines.append(
            f"New major version {old_major} → {new_major}: {queued} curated value(s) verified "
            "against the older major are queued for re-verification."
        )
    lines += [f"Not established: {why}." for why in found.not_established]
    RegistryOutcome.objects.create(
        refresh=run,
        framework=framework,
        package=package,
        ok=True,
        changed=written.changed,
        message=" ".join(lines),
    )
    return written.changed


def _write(
    framework: Framework, found: facts.PackageFacts, traits: dict[str, Trait], today: datetime.date
) -> Written:
    written = Written()
    released = found.released.isoformat()
    if (framework.latest_version, framework.latest_release) != (found.version, released):
        framework.latest_version = found.version
        framework.latest_release = released
        framework.save()
        written.changed += 1

    source = source_url(framework.package_name, found.version)
    existing = {
        v.trait.slug: v
        for v in TraitValue.objects.filter(framework=framework, trait__in=traits.values())
        .select_related("trait")
        .select_for_update()
    }
    for slug, fact in found.facts.items():
        trait = traits.get(slug)
        if trait is None:
            continue
        row = existing.get(slug) or TraitValue(framework=framework, trait=trait)
        if fact.value is None and row.pk and row.is_known:
            continue  # never replace a known value by an unknown one
        before = _content(row)
        value = fact.value
        if value is not None and trait.type == TraitType.NUMBER:
            value = float(value)
        row.set_value(value)
        row.source_url = source
        row.applies_to_version = found.version
        row.origin = Origin.FETCHED
        detail = fact.detail
        if _content(row) == before and _NOTE_PREFIX.sub("", row.note) == detail:
            if row.verified_on != today:
                TraitValue.objects.filter(pk=row.pk).update(
                    verified_on=today, note=note_for(today, detail)
                )
                revision.note_change()
                written.confirmed += 1
            continue
        row.note = note_for(today, detail)
        row.verified_on = today
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()
        written.changed += 1
    return written


def _content(row: TraitValue) -> tuple:
    return (
        *(getattr(row, c) for c in _COLUMNS),
        row.source_url,
        row.applies_to_version,
        row.origin,
        bool(row.pk),
    )
