"""The comparison table's rows as HTML, built in Python.

This is the hottest template in the product (up to 6 × 100 cells, each with its
evidence); written with `format_html` it renders about ten times faster than
the same markup in the template language, which keeps a cold comparison close
to the cost of a health check. Everything interpolated is escaped.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from compare.table import Cell, Comparison, Row

_VERSUS = {"better": "▲ better", "worse": "▼ worse", "same": "= same"}


def _cell(cell: Cell, label: str, base: str | None) -> str:
    classes = []
    if cell.framework == base:
        classes.append("baseline")
    if cell.best:
        classes.append("best")
    if cell.versus_base:
        classes.append(f"vs-{cell.versus_base}")
    parts = [
        f'<td data-label="{escape(label)}" class="{" ".join(classes)}">',
        f'<span class="value{"" if cell.known else " unknown"}">{escape(cell.display)}</span>',
    ]
    if cell.best:
        title, text = ("Best, tied", "✓ tie") if cell.tie else ("Best in this row", "✓ best")
        parts.append(f' <span class="mark" title="{title}">{text}</span>')
    if cell.versus_base:
        parts.append(f'<span class="versus">{_VERSUS[cell.versus_base]}</span>')
    e = cell.evidence
    if e.stale:
        parts.append(
            '<span class="stale small" title="Not verified recently, or verified against an '
            'older major version">may be out of date</span>'
        )
    if cell.known:
        source = escape(e.source)
        shown = escape(e.source if len(e.source) <= 48 else e.source[:47] + "…")
        parts.append(
            f'<details class="evidence"><summary>Source</summary>'
            f'<a href="{source}" rel="noopener nofollow" data-hx-boost="false">{shown}</a><br>'
        )
        if e.version:
            parts.append(f"For {escape(e.version)} · ")
        if e.verified:
            parts.append(
                f'verified <time datetime="{e.verified.isoformat()}">'
                f"{e.verified.day} {e.verified:%b %Y}</time>"
            )
        if e.note:
            parts.append(f"<br>{escape(e.note)}")
        parts.append("</details>")
    elif e.note:
        parts.append(
            f'<details class="evidence"><summary>Why unknown</summary>{escape(e.note)}</details>'
        )
    parts.append("</td>")
    return "".join(parts)


def _row(row: Row, names: dict[str, str], base: str | None) -> str:
    slug = escape(row.trait.slug)
    cells = "".join(_cell(cell, names[cell.framework], base) for cell in row.cells)
    return (
        f'<tr id="trait-{slug}"><th scope="row" class="trait-col">'
        f'<a href="#trait-{slug}" data-hx-boost="false" title="{escape(row.description)}">'
        f"{escape(row.trait.name)}</a></th>{cells}</tr>\n"
    )


def table_bodies(comparison: Comparison, groups: list[dict], base: str | None) -> SafeString:
    """One <tbody> per axis: its heading row, then its (possibly filtered) rows."""
    names = comparison.frameworks
    span = len(names) + 1
    out = []
    for item in groups:
        group, rows = item["group"], item["rows"]
        empty = "" if rows else ' <span class="muted small">(no differences)</span>'
        out.append(
            f'<tbody><tr class="axis-row"><th scope="colgroup" colspan="{span}">'
            f"{escape(group.name)}{empty}</th></tr>\n"
        )
        out.extend(_row(row, names, base) for row in rows)
        out.append("</tbody>\n")
    return mark_safe("".join(out))


def datalist_options(choices) -> SafeString:  # type: ignore[no-untyped-def]
    """<option>s for the "add a framework" autocomplete (up to the whole catalogue)."""
    return mark_safe(
        "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in choices)
    )
