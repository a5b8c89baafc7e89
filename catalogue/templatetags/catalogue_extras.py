"""Showing typed values: CSS classes by value, a small scale bar, dates people read."""

from __future__ import annotations

import datetime
import re

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalogue.markdown import md_text, md_url
from catalogue.models import TraitType, TraitValue

register = template.Library()


@register.filter
def value_class(value: TraitValue | None) -> str:
    if value is None or not value.is_known:
        return "unknown"
    if value.trait.type == TraitType.SUPPORT:
        return f"level-{value.support_value}"
    if value.trait.type == TraitType.BOOLEAN:
        return "yes" if value.bool_value else "no"
    return "plain"


@register.simple_tag
def scale_bar(value: int) -> str:
    cells = format_html_join(
        "", '<span class="{}"></span>', (("on" if i <= value else "",) for i in range(1, 6))
    )
    return format_html('<span class="scale" aria-hidden="true">{}</span>', cells)


@register.filter
def age(day: datetime.date | None) -> str:
    """“today”, “3 days ago”, “5 months ago”, “2 years ago”."""
    if day is None:
        return ""
    days = (timezone.localdate() - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 31:
        return f"{days} days ago"
    months = days // 30
    if months < 12:
        return f"{months} month{'s' if months > 1 else ''} ago"
    years = days // 365
    return f"{years} year{'s' if years > 1 else ''} ago"


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.filter
def points(value: float | None) -> str:
    """A 0..1 score as points out of 100, to one decimal (ties are half a point)."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}"


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, key)


@register.filter
def md(text: object) -> str:
    """Editor text made literal inside Markdown (and table cells): no raw HTML,
    no links or emphasis it did not mean."""
    return md_text(str(text))


_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "/")


@register.filter
def md_block(text: str) -> str:
    """Markdown an editor wrote, kept as Markdown, with raw HTML neutralised and
    links other than http(s), mailto or relative ones reduced to their text."""

    def link(match: re.Match) -> str:
        target = match.group(2).strip("<>").lower()
        return match.group(0) if target.startswith(_SAFE_SCHEMES) else match.group(1)

    return _MD_LINK.sub(link, str(text)).replace("<", "&lt;").replace(">", "&gt;")


@register.filter
def duration_words(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    return f"{hours} hour{'s' if hours != 1 else ''}"


@register.filter
def md_link(url: str) -> str:
    """A URL for an <autolink> in Markdown (see catalogue.markdown.md_url)."""
    return md_url(str(url))


@register.simple_tag
def ranking_row(line: object) -> str:
    """One framework's row of a ranking (rank, name, score, the bar of what each
    criterion adds, range and evidence). Built here, not by an included template:
    a decision and a scenario page show 25 of them, and the template engine took
    a third of their render."""
    from django.urls import reverse
    from django.utils.html import escape

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
