"""The decision's template tags (`{% load decide %}`, registered in settings'
TEMPLATES): a ranking's row, built from the explanation's objects."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from catalogue.templatetags.catalogue_extras import percent, points

register = template.Library()


@register.simple_tag
def ranking_row(line: object) -> str:
    """One framework's row of a ranking (rank, name, score, the bar of what each
    criterion adds, range and evidence). Built here, not by an included template:
    a decision and a scenario page show 25 of them, and the template engine took
    a third of their render."""
    name = escape(line.name)
    score = points(line.score)
    described = ", ".join(f"{escape(s.name)} {s.shown or points(s.points)}" for s in line.segments)
    rects = "".join(
        f'<rect class="seg {s.colour}" x="{s.x}" width="{s.width}" height="22">'
        f"<title>{escape(s.name)}: {s.shown or points(s.points)}</title></rect>"
        for s in line.segments
    )
    labels = "".join(
        f'<text class="seg-label on-{s.colour}{" narrow" if s.narrow else ""}" x="{s.middle}" '
        f'y="15.5" text-anchor="middle" aria-hidden="true">{s.shown or points(s.points)}</text>'
        for s in line.segments
        if s.labelled
    )
    meta = f"Range {points(line.low)}–{points(line.high)} · " if line.has_range else ""
    meta += f"Evidence {percent(line.coverage)}"
    if line.wins_share >= 0.005:
        meta += f" · first in {percent(line.wins_share)} of nearby weightings"
    if line.uncertain:
        meta += ' · <span class="badge unknown">uncertain</span>'
    if getattr(line, "folded_names", None):
        # A host and its toolkits are one entry (`catalogue.scoring.stacks`), never rivals.
        meta += f" · one stack with {escape(', '.join(line.folded_names))}"
    if line.dominated_by:
        meta += (
            f" · cannot win: {escape(line.dominated_by.name)} is higher on every weighted criterion"
        )
    href = escape(reverse("catalogue:framework", args=[line.slug]))
    # Every piece of text above is escaped.
    return mark_safe(
        f'<span class="rank">#{line.rank}</span>\n'
        f'<a class="rank-name" href="{href}">{name}</a>\n'
        f'<span class="score">{score}<span class="visually-hidden"> out of 100</span></span>\n'
        f'<svg class="bar" width="100%" height="22" role="img" aria-label="{name}: {score} of '
        f'100: {described}"><rect class="track" width="100%" height="22"></rect>{rects}'
        f"{labels}</svg>\n"
        f'<p class="rank-meta">{meta}</p>\n'
    )
