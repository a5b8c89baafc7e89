"""One colour per criterion on every page: an axis always has the same colour
(its place among the axes), and the traits weighed on their own share the rest
of the palette in the catalogue's trait order, so a scenario's page and its
decision page (the same criteria) colour each criterion alike, whatever order
the weights were written in."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.scoring.engine import Matrix

PALETTE_SIZE = 8  # seg-0 … seg-7 in the stylesheet (Okabe–Ito)


def criterion_colours(matrix: Matrix, criteria: Iterable[str]) -> dict[str, str]:
    """Criterion slug (axis or trait) -> its class, seg-0 … seg-7."""
    wanted = set(criteria)
    axes = [a.slug for a in matrix.axes]
    traits = [t.slug for t in matrix.traits if t.slug in wanted and t.slug not in axes]
    free = PALETTE_SIZE - len(axes)
    colours = {}
    for slug in wanted:
        if slug in axes:
            colours[slug] = f"seg-{axes.index(slug) % PALETTE_SIZE}"
        elif slug in traits and free > 0:
            colours[slug] = f"seg-{len(axes) + traits.index(slug) % free}"
        else:
            colours[slug] = f"seg-{sorted(wanted).index(slug) % PALETTE_SIZE}"
    return colours
