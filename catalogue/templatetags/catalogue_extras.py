"""Showing typed values: CSS classes by value, a small scale bar, dates people read."""

from __future__ import annotations

import datetime
import re

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

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
