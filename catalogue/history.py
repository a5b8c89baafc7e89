"""What changed in the catalogue, and when: value changes in words, the latest
change to a framework (for conflict checks), and the catalogue as it was at a
revision (for pinned links)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet

from catalogue.models import VALUE_FIELDS, Framework, RevisionLog, TraitValue

HistoricalTraitValue = TraitValue.history.model
HistoricalFramework = Framework.history.model


@dataclass
class ValueChange:
    framework: Framework
    trait: Any
    old: str | None  # None: the value was created
    new: str | None  # None: the value was deleted
    at: datetime.datetime
    user: str
    record_id: int  # the history record (revert to it)
    value_id: int  # the trait value it belongs to
    origin: str = "curated"  # who wrote it: an editor, the package index, the lab
    reason: str = ""  # why, when the save said (a visitor's report it accepted)


def display_of(record: Any, trait: Any) -> str:
    """How a historical value reads, as on the public pages."""
    row = TraitValue(trait=trait)
    for field in VALUE_FIELDS.values():
        setattr(row, field, getattr(record, field))
    return row.display


def value_changes(records: list[Any]) -> list[ValueChange]:
    """Each record with the value it replaced. `records` have `trait`, `framework`
    and `history_user` selected; the previous values come in one more query."""
    if not records:
        return []
    ids = {r.id for r in records}
    latest = max(r.history_date for r in records)
    earlier: dict[int, list[Any]] = {}
    for prev in HistoricalTraitValue.objects.filter(id__in=ids, history_date__lt=latest).order_by(
        "id", "-history_date", "-history_id"
    ):
        earlier.setdefault(prev.id, []).append(prev)
    changes = []
    for record in records:
        prev = next(
            (
                p
                for p in earlier.get(record.id, [])
                if (p.history_date, p.history_id) < (record.history_date, record.history_id)
            ),
            None,
        )
        changes.append(
            ValueChange(
                framework=record.framework,
                trait=record.trait,
                old=display_of(prev, record.trait) if prev and prev.history_type != "-" else None,
                new=None if record.history_type == "-" else display_of(record, record.trait),
                at=record.history_date,
                user=record.history_user.get_username() if record.history_user else "",
                record_id=record.history_id,
                value_id=record.id,
                origin=record.origin,
                reason=record.history_change_reason or "",
            )
        )
    return changes


def value_history(framework_ids: list[int] | None = None) -> QuerySet:
    """Historical value records, newest first, ready for `value_changes`."""
    records = HistoricalTraitValue.objects.select_related("trait", "framework", "history_user")
    if framework_ids is not None:
        records = records.filter(framework_id__in=framework_ids)
    return records.order_by("-history_date", "-history_id")


def last_change_at(framework: Framework) -> datetime.datetime | None:
    """When the framework or any of its values was last saved."""
    own = HistoricalFramework.objects.filter(id=framework.pk).aggregate(at=Max("history_date"))
    values = HistoricalTraitValue.objects.filter(framework_id=framework.pk).aggregate(
        at=Max("history_date")
    )
    dates = [d for d in (own["at"], values["at"]) if d]
    return max(dates) if dates else None


def changes_since(framework: Framework, since: datetime.datetime) -> list[str]:
    """Lines describing what was saved to the framework after `since`."""
    lines = []
    for record in HistoricalFramework.objects.filter(
        id=framework.pk, history_date__gt=since
    ).select_related("history_user"):
        who = record.history_user.get_username() if record.history_user else "someone"
        delta = record.diff_against(record.prev_record) if record.prev_record else None
        fields = ", ".join(c.field for c in delta.changes) if delta else "created it"
        lines.append(f"{who} changed {fields} at {record.history_date:%H:%M:%S}")
    records = list(value_history([framework.pk]).filter(history_date__gt=since))
    for change in value_changes(records):
        who = change.user or "someone"
        lines.append(
            f"{who} changed {change.trait.name} from {change.old or 'nothing'} to "
            f"{change.new or 'nothing'} at {change.at:%H:%M:%S}"
        )
    return lines


# --- The catalogue at a revision --------------------------------------------------


def revision_time(number: int) -> datetime.datetime | None:
    return RevisionLog.objects.filter(number=number).values_list("at", flat=True).first()


def values_as_of(at: datetime.datetime, framework_ids: list[int]) -> list[TraitValue]:
    return list(TraitValue.history.as_of(at).filter(framework_id__in=framework_ids))


def changed_since(at: datetime.datetime, framework_ids: list[int]) -> int:
    """How many values of these frameworks were saved after `at`."""
    return (
        HistoricalTraitValue.objects.filter(history_date__gt=at, framework_id__in=framework_ids)
        .values("id")
        .distinct()
        .count()
    )
