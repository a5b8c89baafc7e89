"""Bidirectional control characters never reach a page or an export: they can
make a name or a link read differently from what it is ("Trojan Source"), so
every text field of every model loses them on save."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
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
