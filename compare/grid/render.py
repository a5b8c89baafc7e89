"""The compact grid rows, built in Python: the comparison's axis sections and a
framework page's are the same markup from the same functions.

This is the hottest markup in the product (up to 6 × 100 cells, each with its
evidence); written with string building it renders about ten times faster than
the same markup in the template language, which keeps a cold comparison close
to the cost of a health check. Everything interpolated is escaped.

A row is one line on a wide screen: a cell shows its value's text label on the
background of its level (colour is never the only carrier: the label is always
there). On a framework page a cell also has a ✓ on the best value and a
footnote marker: a <details>, so it opens without JavaScript, with the source,
the version, the verified date and the note. In a comparison a cell links to
that row on the framework's page instead (the source one step away, not shipped
in every cell: a six-way grid was 350 KB) and carries at most one symbol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html import escape
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from catalogue import levels
from compare.grid.table import AxisGroup, Cell, Comparison, Row

# Short labels: they fit a one-line cell on a phone; the legend says what each means.
LEVELS = {level.slug: (level.css, level.short) for level in levels.LEVELS}
_VERSUS = {
    "better": ("▲", "better than the baseline"),
    "worse": ("▼", "worse than the baseline"),
    "same": ("=", "same as the baseline"),
}
_ORIGIN = {"fetched": "fetched from the package index", "measured": "measured by the lab"}


def level(trait_type: str, value: object) -> tuple[str, str]:
    """The CSS class and the short text label of a typed value."""
    if value is None:
        return "unknown", "Unknown"
    if trait_type == "boolean":
        return ("yes", "Yes") if value else ("no", "No")
    if trait_type == "support":
        return LEVELS.get(str(value), ("plain", str(value)))
    if trait_type == "scale":
        return f"scale-{int(value)}", f"{int(value)}/5"  # type: ignore[call-overload]
    return "plain", ""


@dataclass
class Notes:
    """Footnote numbers: one per distinct note text, in the order the grid shows them."""

    numbers: dict[str, int] = field(default_factory=dict)
    cells: dict[int, list[str]] = field(default_factory=dict)  # number -> "Django · ORM"…

    def number(self, note: str, where: str) -> int:
        n = self.numbers.setdefault(note, len(self.numbers) + 1)
        self.cells.setdefault(n, []).append(where)
        return n


def _short_url(url: str) -> str:
    parts = urlsplit(url)
    shown = (parts.netloc + parts.path).removeprefix("www.") if parts.netloc else url
    return shown if len(shown) <= 44 else shown[:43] + "…"


@cache
def _report_prefix() -> str:
    return reverse("reports:report", args=["-", "-"]).removesuffix("-/-/")


def _report_url(framework: str, trait: str) -> str:
    """The report form's URL (built once per process: this runs for every cell)."""
    return escape(f"{_report_prefix()}{framework}/{trait}/")


def _footnote(cell: Cell, row: Row, name: str, notes: Notes | None) -> str:
    e = cell.evidence
    if not (e.source or e.note):
        return ""
    number = notes.number(e.note, f"{name} · {row.trait.name}") if notes and e.note else 0
    label = str(number) if number else ("?" if not cell.known else "i")
    stale = " stale" if e.stale else ""
    parts = [
        f'<details class="fn{stale}"><summary><span class="visually-hidden">'
        f"{'Why unknown' if not cell.known else 'Source'}, {escape(name)}"
        f"{', may be out of date' if e.stale else ''}: </span>"
        f'{"⚠" if e.stale else ""}{label}</summary><div class="fn-body">'
        f"<p><strong>{escape(name)}</strong> · {escape(row.trait.name)}: {escape(cell.display)}"
        f"{f' (from {escape(e.inherited)})' if e.inherited and cell.known else ''}</p>"
    ]
    if e.note:
        parts.append(f"<p>{escape(e.note)}</p>")
    if e.source:
        source = escape(e.source)
        parts.append(
            f'<p><a href="{source}" rel="noopener nofollow" data-hx-boost="false">'
            f"{escape(_short_url(e.source))}</a>"
        )
        if e.version:
            parts.append(f" · for {escape(e.version)}")
        if e.verified:
            parts.append(
                f" · {_ORIGIN.get(e.origin, 'verified')} "
                f'<time datetime="{e.verified.isoformat()}">'
                f"{e.verified.day} {e.verified:%b %Y}</time>"
            )
        parts.append("</p>")
    if e.stale:
        parts.append(
            '<p class="stale">May be out of date: not verified recently, or verified '
            "against an older major version.</p>"
        )
    if number:
        parts.append(f'<p><a href="#note-{number}" data-hx-boost="false">Note {number}</a></p>')
    # One small control per value: the form opens in place with htmx, as a page without.
    report = _report_url(cell.framework, row.trait.slug)
    parts.append(
        f'<div><a class="report-link" href="{report}" rel="nofollow" data-hx-get="{report}" '
        f'data-hx-target="this" data-hx-swap="outerHTML" data-hx-push-url="false">'
        f'Report a problem<span class="visually-hidden"> with {escape(name)} · '
        f"{escape(row.trait.name)}</span></a></div>"
    )
    parts.append("</div></details>")
    return "".join(parts)


def _cell(
    cell: Cell,
    row: Row,
    name: str,
    base: str | None,
    notes: Notes | None,
    markers: bool,
) -> str:
    css, label = level(row.trait.type, cell.value)
    classes = ["c", css]
    if cell.framework == base:
        classes.append("baseline")
    if cell.best:
        classes.append("best")
    if cell.versus_base:
        classes.append(f"vs-{cell.versus_base}")
    text = label or cell.display
    title = cell.display
    host = cell.evidence.inherited
    if host and cell.known:
        # A toolkit's value that is its host's: never shown as its own level.
        classes.append("inherited")
        text, title = f"From {host}", f"{cell.display} in {host}, which {name} builds on"
    parts = [
        f'<td class="{" ".join(classes)}"><div class="cv">'
        f'<span class="v" title="{escape(title)}">{escape(text)}</span>'
    ]
    if cell.best:
        title, word = ("Best, tied", "tie") if cell.tie else ("Best in this row", "best")
        parts.append(
            f'<span class="mark" title="{title}">✓'
            f'<span class="visually-hidden"> {word}</span></span>'
        )
    if cell.versus_base:
        glyph, words = _VERSUS[cell.versus_base]
        parts.append(
            f'<span class="versus">{glyph}<span class="visually-hidden"> {words}</span></span>'
        )
    if markers:
        parts.append(_footnote(cell, row, name, notes))
    parts.append("</div></td>")
    return "".join(parts)


# Levels whose note says something the label cannot: which add-on, what is
# missing. A note on "Built-in" or "None" restates the label (it is one step
# away, on the framework's page, with the source).
NOTED_LEVELS = {"first-party", "third-party", "limited"}


def note_worth_reading(row: Row, cell: Cell) -> bool:
    """Whether a comparison cell gets a note marker: why a value is unknown, or
    which add-on and what is missing for a level between built-in and none."""
    if not cell.evidence.note:
        return False
    if not cell.known:
        return True
    return row.trait.type == "support" and str(cell.value) in NOTED_LEVELS


def _first_sentence(note: str, limit: int = 64) -> str:
    sentence = note.strip().split("\n")[0].split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def _linked_cell(cell: Cell, row: Row, url: str, base: str | None, name: str) -> str:
    """A comparison cell: the value's label on its level's colour, linking to the
    row on the framework's page (its source, version, date and whole note), and at
    most one symbol: the baseline's ▲/▼/=, else a note marker where the note is
    worth reading, else ⚠ for a value that may be stale. The best value in a row
    is bold and outlined (said in words to screen readers)."""
    css, label = level(row.trait.type, cell.value)
    classes = ["c", css]
    if cell.framework == base:
        classes.append("baseline")
    if cell.best:
        classes.append("best")
    if cell.versus_base:
        classes.append(f"vs-{cell.versus_base}")
    text = escape(label or cell.display)
    # With a baseline the symbol is ▲/▼/=, and the notes wait on the frameworks' pages.
    note = not cell.versus_base and note_worth_reading(row, cell)
    title = escape(_first_sentence(cell.evidence.note)) if note else ""
    longer = label and cell.display.replace(" ", "") != label.replace(" ", "")  # not "4 / 5"
    if not title and (longer or len(cell.display) > 24):
        title = escape(cell.display)  # a short label, or a sentence cut to fit the cell
    host = cell.evidence.inherited
    if host and cell.known:
        # A toolkit's value that is its host's: never shown as its own level (issue 26).
        classes.append("inherited")
        text = escape(f"From {host}")
        inherited = f"{cell.display} in {host}, which {name} builds on"
        title = escape(inherited) + (f": {title}" if note else "")
    symbol = ""
    said = ("best, tied" if cell.tie else "best") if cell.best else ""
    if cell.versus_base:
        # ▲/▼/= comes from the style sheet (td.vs-…), hidden from screen readers,
        # which read the word with the label instead: "Built-in (best, better)"
        # ("same" goes without saying: the label is the baseline's).
        if cell.versus_base != "same":
            said = f"{said}, {cell.versus_base}" if said else cell.versus_base
    elif note:
        # The note is the link's title, which screen readers read as its description.
        # The * comes from the style sheet (td.nm), hidden from screen readers
        # (a comparison cell is its heaviest markup: 73 markers in a three-way).
        classes.append("nm")
    elif cell.evidence.stale:
        symbol = '<span class="sym" role="img" aria-label="may be out of date">⚠</span>'
    # A short class: 240 cells in a three-way grid (kept under 60 KB).
    hidden = f"<span class=vh> ({said})</span>" if said else ""
    title_attr = f' title="{title}"' if title else ""
    return (
        f'<td class="{" ".join(classes)}"><a href="{url}#trait-{escape(row.trait.slug)}"'
        f"{title_attr}>{text}{hidden}</a>{symbol}</td>"
    )


def compact_row(
    row: Row,
    names: dict[str, str],
    base: str | None = None,
    notes: Notes | None = None,
    anchor: bool = True,
    markers: bool = True,
    note_column: bool = False,
    links: dict[str, str] | None = None,
) -> str:
    """One trait as one table row: the shared partial of the grid and the framework page.
    `anchor`: the row carries id="trait-<slug>" (not the summary's copy of it).
    `links`: framework slug -> its page; then each cell links to its row there
    (a comparison) instead of carrying its footnote (a framework page)."""
    slug = escape(row.trait.slug)
    if links is not None:
        cells = "".join(
            _linked_cell(c, row, links[c.framework], base, names[c.framework]) for c in row.cells
        )
    else:
        cells = "".join(
            _cell(cell, row, names[cell.framework], base, notes, markers) for cell in row.cells
        )
    if note_column and row.trait.type == "text":
        # A framework page's text value (a sentence) gets the note's column too;
        # its note is one click away, behind the marker.
        cells = cells.replace('<td class="c ', '<td colspan="2" class="c wide ', 1)
    elif note_column:
        note = row.cells[0].evidence.note if row.cells else ""
        cells += f'<td class="note-cell">{escape(note)}</td>'
    row_id = f' id="trait-{slug}"' if anchor else ""
    # A comparison leaves the trait's description to the frameworks' pages (a
    # six-way grid is kept under 120 KB).
    head = f' class="trait-col" title="{escape(row.description)}"' if links is None else ""
    return f'<tr{row_id}><th scope="row"{head}>{escape(row.trait.name)}</th>{cells}</tr>\n'


def _head(comparison: Comparison, base: str | None, note_column: bool, links: bool) -> str:
    cols = ['<col class="trait-col">'] + ['<col class="fw-col">' for _ in comparison.frameworks]
    heads = []
    for slug, name in comparison.frameworks.items():
        css = ' class="baseline"' if slug == base else ""
        text = escape(name)
        if links:
            url = reverse("catalogue:framework", args=[slug])
            text = f'<a href="{url}" data-hx-boost="false">{text}</a>'
        heads.append(f'<th scope="col"{css}>{text}</th>')
    if note_column:
        cols.append('<col class="note-col">')
        heads.append('<th scope="col" class="note-head">Note</th>')
    return (
        f"<colgroup>{''.join(cols)}</colgroup>"
        f'<thead><tr><th scope="col" class="trait-col">Trait</th>{"".join(heads)}</tr></thead>'
    )


def _summary_columns(comparison: Comparison, base: str | None, note_column: bool) -> str:
    """The framework names again, inside the axis's <summary>, lined up with the
    grid's columns: on a wide screen the summary is the (sticky) header row, so
    each axis costs one line, not two. Screen readers get the table's own header."""
    names = "".join(
        f"<span{' class=baseline' if slug == base else ''}>{escape(name)}</span>"
        for slug, name in comparison.frameworks.items()
    )
    if note_column:
        names += "<span>Note</span>"
    return f'<span class="axis-cols" aria-hidden="true">{names}</span>'


def framework_links(comparison: Comparison) -> dict[str, str]:
    return {slug: reverse("catalogue:framework", args=[slug]) for slug in comparison.frameworks}


def axis_sections(
    comparison: Comparison,
    groups: list[tuple[AxisGroup, list[Row]]],
    base: str | None = None,
    notes: Notes | None = None,
    note_column: bool = False,
    linked: bool = False,
) -> SafeString:
    """One collapsible section per axis (open by default): its name and how many of
    its rows differ, then its grid. `groups`: each axis with the rows to show.
    `linked`: cells link to their rows on the frameworks' pages (a comparison)."""
    names = comparison.frameworks
    links = framework_links(comparison) if linked else None
    head = _head(comparison, base, note_column, links=False)
    columns = _summary_columns(comparison, base, note_column)
    single = len(names) == 1
    out = []
    for group, rows in groups:
        slug = escape(group.slug)
        if single:
            known = sum(1 for r in group.rows if r.cells and r.cells[0].known)
            count = f"{known}/{len(group.rows)} known"
        else:
            differing = sum(1 for r in group.rows if r.differs)
            count = f"{differing}/{len(group.rows)} differ"
        body = "".join(
            compact_row(r, names, base, notes, note_column=note_column, links=links) for r in rows
        )
        if not rows:
            body = (
                f'<tr><td colspan="{len(names) + 1}" class="muted small">'
                "No differences on this axis.</td></tr>"
            )
        out.append(
            f'<details class="axis cols-{len(names)}{" with-note" if note_column else ""}"'
            f' id="axis-{slug}" open><summary>'
            f'<h2 id="axis-{slug}-name">{escape(group.name)}'
            f' <span class="axis-count">{count}</span></h2>{columns}</summary>'
            f'<div class="grid-scroll"><table class="compare-table cols-{len(names)}'
            f'{" single" if single else ""}">'
            f'<caption class="visually-hidden">{escape(group.name)}: '
            f"{escape(' vs '.join(names.values()))}</caption>"
            f"{head}<tbody>{body}</tbody></table></div></details>\n"
        )
    return mark_safe("".join(out))


def differ_table(comparison: Comparison, rows: list[Row], base: str | None) -> SafeString:
    """The summary's "where they differ most": the same compact rows, linking to
    their place in the grid, without footnotes (the grid has them)."""
    if not rows:
        return mark_safe('<p class="muted">They do not differ on any scored trait.</p>')
    names = comparison.frameworks
    links = framework_links(comparison)
    body = "".join(compact_row(r, names, base, anchor=False, links=links) for r in rows)
    return mark_safe(
        f'<div class="grid-scroll"><table class="compare-table mini cols-{len(names)}">'
        '<caption class="visually-hidden">The traits that separate them most</caption>'
        f"{_head(comparison, base, False, links=True)}<tbody>{body}</tbody></table></div>"
    )


def score_bar(score: float | None) -> SafeString:
    """A small server-rendered bar (0..100) with its number; widths are SVG attributes."""
    if score is None:
        return mark_safe('<span class="muted">—</span>')
    points = round(score * 100)
    return mark_safe(
        # The track is the SVG's background (the style sheet's): one rect per bar.
        # Its size is the style sheet's (.sbar): a six-way summary has 24 of them.
        '<svg class="sbar" viewBox="0 0 100 10" aria-hidden="true" preserveAspectRatio="none">'
        f'<rect class="fill" width="{points}" height="10" rx="2"/></svg>'
        f' <span class="num">{points}</span>'
    )


def datalist_options(choices) -> SafeString:  # type: ignore[no-untyped-def]
    """<option>s for the "add a framework" autocomplete (up to the whole catalogue)."""
    return mark_safe(
        "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in choices)
    )
