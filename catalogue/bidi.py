"""Bidirectional control characters never reach a page or an export: they can
make a name or a link read differently from what it is ("Trojan Source"), so
every text field of every model loses them on save, and on the writes that do
not go through save(): `QuerySet.update` (a triage's reason, a registry
refresh's note), `bulk_create` and `bulk_update`."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.query import QuerySet
from django.db.models.signals import pre_save

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM; the Arabic letter mark.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def _strip_text_fields(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                setattr(instance, field.attname, strip_bidi(value))


pre_save.connect(_strip_text_fields, dispatch_uid="strip-bidi-controls")


def _is_text(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # not a field name: Django decides
        return False
    return isinstance(field, models.CharField | models.TextField)


def _stripped_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """`update()`'s keyword values, each text field's without bidi controls
    (expressions such as F() or Concat() are left as they are)."""
    return {
        name: strip_bidi(value)
        if isinstance(value, str) and BIDI_CONTROLS.search(value) and _is_text(model, name)
        else value
        for name, value in values.items()
    }


_update = QuerySet.update
_bulk_create = QuerySet.bulk_create
_bulk_update = QuerySet.bulk_update


def _update_stripped(self: QuerySet, **kwargs: Any) -> int:
    return _update(self, **_stripped_values(self.model, kwargs))


def _bulk_create_stripped(self: QuerySet, objs: Any, *args: Any, **kwargs: Any) -> list:
    objs = list(objs)
    for obj in objs:
        _strip_text_fields(type(obj), obj)
    return _bulk_create(self, objs, *args, **kwargs)


def _bulk_update_stripped(self: QuerySet, objs: Any, *args: Any, **kwargs: Any) -> int:
    objs = list(objs)
    for obj in objs:
        _strip_text_fields(type(obj), obj)
    return _bulk_update(self, objs, *args, **kwargs)


# Django has no signal for these writes, so every queryset's (and so every
# manager's) own methods strip before writing; the rows and counts are Django's.
for _write in (_update_stripped, _bulk_create_stripped, _bulk_update_stripped):
    _write.alters_data = True  # type: ignore[attr-defined]  # as Django's own: never from a template
QuerySet.update = _update_stripped  # type: ignore[method-assign]
QuerySet.bulk_create = _bulk_create_stripped  # type: ignore[method-assign]
QuerySet.bulk_update = _bulk_update_stripped  # type: ignore[method-assign]
