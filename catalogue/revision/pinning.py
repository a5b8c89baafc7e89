"""Links pinned to a catalogue revision (`?rev=N`): the values as they were then."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import HttpRequest

from catalogue import history
from catalogue.models import CatalogueRevision, Framework


@dataclass
class Pin:
    number: int
    at: datetime.datetime
    current: int
    changed_since: int = 0


def read_pin(request: HttpRequest) -> tuple[Pin | None, str | None]:
    """The pinned revision, or a problem naming the bad `rev`."""
    raw = request.GET.get("rev")
    if raw is None:
        return None, None
    current = CatalogueRevision.current()
    if not raw.isdigit():
        return None, f"rev=“{raw}”: a revision is a whole number (the current one is {current})."
    at = history.revision_time(int(raw))
    if at is None:
        return None, (
            f"rev=“{raw}”: there is no such catalogue revision (the current one is {current})."
        )
    return Pin(number=int(raw), at=at, current=current), None


def without_rev(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("rev", None)
    query = params.urlencode(safe=":,")
    return f"{request.path}?{query}" if query else request.path


def changed_since(at: datetime.datetime, slugs: list[str]) -> int:
    ids = list(Framework.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return history.changed_since(at, ids)
