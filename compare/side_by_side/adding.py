"""What "Add a framework" means: a typed name ("Django Ninja"), an alias
("plotly-dash") or a slug, to one published framework; or, when nothing
matches, the closest names to offer instead. Plain functions of the text and
the catalogue's names, no request in sight."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from django.utils.text import slugify


def _key(text: str) -> str:
    return slugify(text.strip())


def lookup(names: Mapping[str, str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Every way of writing a framework, as a slugified key, to its slug.
    `names`: slug -> name; `aliases`: alias slug -> slug."""
    keys = {_key(alias): slug for alias, slug in aliases.items()}
    keys.update({_key(name): slug for slug, name in names.items()})
    keys.update({slug: slug for slug in names})
    # "fast api" and "FastAPI", "djangoninja" and "Django Ninja".
    keys.update({k.replace("-", ""): slug for k, slug in list(keys.items()) if "-" in k})
    return keys


def find(text: str, keys: Mapping[str, str]) -> str | None:
    """The slug `text` names ("Django Ninja", "django-ninja", "DJANGO_NINJA"), or None."""
    key = _key(text.replace("_", " "))
    return keys.get(key) or keys.get(key.replace("-", ""))


def closest(text: str, keys: Mapping[str, str], limit: int = 3) -> list[str]:
    """The slugs whose names are nearest to `text`, best first, each once."""
    key = _key(text)
    found: list[str] = []
    starts = [k for k in keys if key and (k.startswith(key) or key in k)]
    for match in [*starts, *difflib.get_close_matches(key, keys, n=limit * 3, cutoff=0.5)]:
        if keys[match] not in found:
            found.append(keys[match])
    return found[:limit]
