"""Bidirectional control characters never reach a page or an export: they can
make a name or a link read differently from what it is ("Trojan Source"), so
every text field of every model loses them on save, and every model of ours on
the writes that do not go through save() as well (`update`, a triage's reason or
a registry refresh's note; `bulk_create`; `bulk_update`), through its queryset."""

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


class StrippingQuerySet(QuerySet):
    """The project's querysets: the writes that bypass save() strip as save() does.
    Django has no signal for them, so every model of ours uses this queryset (or one
    built on it) for its manager; Django's own and other apps' models are untouched."""

    def update(self, **kwargs: Any) -> int:
        return super().update(**_stripped_values(self.model, kwargs))

    update.alters_data = True  # type: ignore[attr-defined]  # as Django's own: never from a template

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list:
        objs = list(objs)
        for obj in objs:
            _strip_text_fields(type(obj), obj)
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        for obj in objs:
            _strip_text_fields(type(obj), obj)
        return super().bulk_update(objs, *args, **kwargs)

    bulk_update.alters_data = True  # type: ignore[attr-defined]


class StrippingModel(models.Model):
    """The base of our models that need no queryset of their own."""

    objects = StrippingQuerySet.as_manager()

    class Meta:
        abstract = True
