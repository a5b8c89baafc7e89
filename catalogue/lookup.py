"""Finding a framework from what someone typed: its slug, an alias, or the closest names."""

from __future__ import annotations

import difflib

from django.urls import reverse

from catalogue.models import (
    Framework,
    FrameworkAlias,
)


def resolve_framework(slug: str) -> tuple[Framework | None, str | None]:
    """The published framework for `slug`, or the canonical slug to redirect to."""
    framework = Framework.objects.published().filter(slug=slug).first()
    if framework:
        return framework, None
    lowered = slug.lower()
    if Framework.objects.published().filter(slug=lowered).exists():
        return None, lowered
    alias = (
        FrameworkAlias.objects.filter(slug=lowered, framework__status="published")
        .values_list("framework__slug", flat=True)
        .first()
    )
    return None, alias


def suggestions(text: str, limit: int = 3) -> list[dict[str, str]]:
    """Published frameworks whose slug, name or alias is close to `text`."""
    names = dict(Framework.objects.published().values_list("slug", "name"))
    keys = {slug: slug for slug in names}
    keys.update({name.lower(): slug for slug, name in names.items()})
    keys.update(
        dict(
            FrameworkAlias.objects.filter(framework__slug__in=names).values_list(
                "slug", "framework__slug"
            )
        )
    )
    found: list[str] = []
    for match in difflib.get_close_matches(text.lower(), keys, n=limit * 2, cutoff=0.6):
        if keys[match] not in found:
            found.append(keys[match])
    return [
        {"name": names[s], "url": reverse("catalogue:framework", args=[s])} for s in found[:limit]
    ]
