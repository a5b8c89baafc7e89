"""What changed in the catalogue, and when: value changes in words, the latest
change to an object and the rows edited with it (for conflict checks), and the
catalogue as it was at a revision (for pinned links)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
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


def _rows_history(obj: Any, relation: str) -> QuerySet:
    """The history records of `obj`'s rows through the reverse foreign key
    `relation` (a scenario's "weights"), deleted rows included."""
    rel = obj._meta.get_field(relation)
    return rel.related_model.history.filter(**{rel.field.attname: obj.pk})


def last_change_at(obj: Any, related: Iterable[str] = ()) -> datetime.datetime | None:
    """When `obj`, or one of its rows through the reverse relations `related` (the
    rows edited on its admin page: a framework's values and aliases, a scenario's
    weights), was last saved. Changes to a tracked many-to-many field are saves
    of `obj`."""
    dates = [obj.history.aggregate(at=Max("history_date"))["at"]]
    for relation in related:
        dates.append(_rows_history(obj, relation).aggregate(at=Max("history_date"))["at"])
    return max((d for d in dates if d), default=None)


def changes_since(obj: Any, since: datetime.datetime, related: Iterable[str] = ()) -> list[str]:
    """Lines saying who changed what in `obj` and its rows through `related`
    after `since`, oldest first. Saves that changed nothing are left out."""
    lines: list[tuple[datetime.datetime, str]] = []
    for record in obj.history.filter(history_date__gt=since).select_related("history_user"):
        what = _what_changed(record)
        if what:
            lines.append((record.history_date, f"{_who(record)} {what}"))
    for relation in related:
        records = _rows_history(obj, relation).filter(history_date__gt=since)
        if records.model is HistoricalTraitValue:
            records = records.select_related("trait", "framework", "history_user")
            for change in value_changes(list(records.order_by("-history_date", "-history_id"))):
                lines.append(
                    (
                        change.at,
                        f"{change.user or 'someone'} changed {change.trait.name} from "
                        f"{change.old or 'nothing'} to {change.new or 'nothing'}",
                    )
                )
            continue
        for record in records.select_related("history_user"):
            what = _what_changed_in_row(record)
            if what:
                lines.append((record.history_date, f"{_who(record)} {what}"))
    lines.sort(key=lambda line: line[0])
    return [f"{text} at {at:%H:%M:%S}" for at, text in lines]


def _who(record: Any) -> str:
    return record.history_user.get_username() if record.history_user else "someone"


def _changed_fields(record: Any) -> list[Any] | None:
    """The changes in `record` against the record before it: [] for a save that
    changed nothing (auto-updated times are not compared), None when there is no
    record before it to compare with (a row loaded without history)."""
    prev = record.prev_record
    return record.diff_against(prev).changes if prev else None


def _what_changed(record: Any) -> str:
    if record.history_type == "+":
        return "created it"
    if record.history_type == "-":
        return "deleted it"
    changes = _changed_fields(record)
    if changes is None:
        return "changed it"
    opts = record.instance_type._meta
    words = []
    for change in changes:
        field = opts.get_field(change.field)
        name = str(field.verbose_name)
        if field.many_to_many:
            name += _m2m_difference(field, change.old, change.new)
        words.append(name)
    return f"changed {', '.join(words)}" if words else ""


def _m2m_difference(field: Any, old: list[dict], new: list[dict]) -> str:
    """ " (added A; removed B)" for a many-to-many change, by the related rows' names."""
    target = field.m2m_reverse_field_name()
    before = {row[target] for row in old}
    after = {row[target] for row in new}
    names = {o.pk: str(o) for o in field.related_model.objects.filter(pk__in=before ^ after)}
    parts = []
    for verb, pks in (("added", after - before), ("removed", before - after)):
        if pks:
            parts.append(f"{verb} " + ", ".join(sorted(names.get(pk, f"#{pk}") for pk in pks)))
    return f" ({'; '.join(parts)})" if parts else ""


def _row_label(record: Any) -> str:
    try:
        return f"{record.instance_type._meta.verbose_name} “{record.instance}”"
    except ObjectDoesNotExist:  # it names a row deleted since
        return str(record.instance_type._meta.verbose_name)


def _what_changed_in_row(record: Any) -> str:
    if record.history_type == "+":
        return f"added {_row_label(record)}"
    if record.history_type == "-":
        return f"removed {_row_label(record)}"
    changes = _changed_fields(record)
    if changes is None:
        return f"changed {_row_label(record)}"
    if not changes:
        return ""
    before = _row_label(record.prev_record)
    after = _row_label(record)
    if before != after:
        return f"changed {before} to “{record.instance}”"
    opts = record.instance_type._meta
    fields = ", ".join(str(opts.get_field(c.field).verbose_name) for c in changes)
    return f"changed {fields} of {after}"


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
