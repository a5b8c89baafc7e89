"""The catalogue's filter form as HTML, built in Python rather than by a template.

A hundred traits with their counts and levels took the template engine about a
third of a new query's time. What depends only on the catalogue (the traits,
their families, labels and ids, the kinds and interfaces) is built once per
change to more than values (`FormParts`, kept by the view with the same scope as
the traits); what a request brings (the typed text, ticks, levels, counts, which
families are open, the sort, the totals) is filled in per request (`render`).
The markup is byte for byte what `catalogue/framework_list.html`'s `filters`
partial rendered, indentation included (`tests/catalogue/test_filters_form.py`
checks it against that template, kept there). Every piece of text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape

# The form's opening, up to the typed text; the action is the catalogue's URL.
_HEAD = (
    '<form class="filters" id="filters" method="get" action="{url}" autocomplete="off"\n'
    '        data-hx-get="{url}" data-hx-target="#results" data-hx-push-url="true"\n'
    '        data-hx-trigger="change, search from:#id_q, keyup changed delay:400ms from:#id_q"\n'
    '        data-hx-indicator="#results" role="search" aria-label="Filter frameworks">\n'
    '    <p class="search-field">\n'
    '      <label for="id_q">Search</label>\n'
    '      <input type="search" name="q" id="id_q" value="'
)
_AFTER_Q = '" placeholder="websockets orm, or any text">\n    </p>\n    '
# Results first on phones: the filters wait behind the panel's summary (no
# JavaScript needed); wide screens show them beside the results.
_PANEL = (
    "\n    \n"
    '    <details class="filter-panel" id="filter-panel">\n'
    '    <summary class="filter-toggle">Filters '
)
_BODY = '</summary>\n    <div class="filter-body">\n'
_HAS_LEGEND = (
    "    <fieldset>\n"
    "      <legend>Has</legend>\n"
    '      <p class="muted small">A ticked trait means built in or first-party; the level '
    "beside it asks for more or less.</p>\n      "
)
_FOOT = (
    '\n    <div class="filter-actions">\n      '
    "{show}\n"
    '      <button type="submit">Apply filters</button>\n'
    '      <a class="button secondary" href="{url}">Clear all</a>\n'
    "    </div>\n"
    "    </div>\n"
    "    </details>\n"
    "  </form>"
)


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _count(count: int) -> str:
    return f'{count}<span class="visually-hidden"> framework{_plural(count)}</span></span>'


@dataclass(frozen=True)
class Choice:
    """One checkbox's markup around its tick and its count."""

    value: str
    v: str  # the value, escaped
    label: str  # escaped
    before_tick: str
    before_count: str
    levels: dict | None = None


def _choice(name: str, value: str, label: str, indent: str, levels: dict | None = None) -> Choice:
    v = conditional_escape(value)
    label = conditional_escape(label)
    return Choice(
        value=value,
        v=v,
        label=label,
        before_tick=(
            f'\n{indent}<div class="choice">\n{indent}  '
            f'<input type="checkbox" name="{name}" value="{v}" id="{name}-{v}"'
        ),
        before_count=(
            f'>\n{indent}  <label for="{name}-{v}">{label}</label>\n{indent}  '
            + (
                f'\n<span class="level" id="level-{v}">'
                if name == "has"
                else f'<span class="count" id="count-{name}-{v}">'
            )
        ),
        levels=levels,
    )


@dataclass(frozen=True)
class Family:
    before_open: str
    before_ticked: str
    ticked_oob: str
    choices: list[Choice]


@dataclass(frozen=True)
class FormParts:
    """What the form holds for a given catalogue: every choice's markup but the
    request's values. Built from a facets structure (`catalogue.browse.facets`);
    the counts, ticks and levels in it are ignored."""

    url: str
    kind: list[Choice]
    interface: list[Choice]
    has: list[Family]

    @classmethod
    def build(cls, facets: dict, url: str) -> FormParts:
        families = []
        for group in facets["has"]:
            slug = conditional_escape(group["slug"])
            families.append(
                Family(
                    before_open=f'\n      <details class="family family-{slug}"',
                    before_ticked=(
                        f">\n        <summary>{conditional_escape(group['family'])} "
                        f'<span class="ticked" id="ticked-{slug}">'
                    ),
                    ticked_oob=f'<span class="ticked" id="ticked-{slug}" data-hx-swap-oob="true">',
                    choices=[
                        _choice("has", c["value"], c["label"], "        ", c["levels"])
                        for c in group["choices"]
                    ],
                )
            )
        return cls(
            url=conditional_escape(url),
            kind=[_choice("kind", c["value"], c["label"], "      ") for c in facets["kind"]],
            interface=[
                _choice("interface", c["value"], c["label"], "      ") for c in facets["interface"]
            ],
            has=families,
        )

    def render(
        self,
        facets: dict,
        *,
        q: str,
        view: str,
        filter_count: int,
        search: str,
        sort_select: str,
        total: int,
    ) -> str:
        """The form for one request: `facets` as `catalogue.browse.facets.facets`
        gives them (for this catalogue), the typed text, the view, how many filters
        are chosen, `search=` as read, the sort select (rendered), the result count."""
        out = [_HEAD.replace("{url}", self.url), conditional_escape(q), _AFTER_Q]
        out.append('<span id="view-field">')
        if view == "table":
            out.append('<input type="hidden" name="view" value="table">')
        out.append("</span>")
        out.append(_PANEL)
        out.append('<span id="filter-count">')
        if filter_count:
            out.append(f'({filter_count}<span class="visually-hidden"> chosen</span>)')
        out.append("</span>")
        out.append(_BODY)
        for legend, parts, shown in [
            ("Kind", self.kind, facets["kind"]),
            ("Server interface", self.interface, facets["interface"]),
        ]:
            out.append(f"    <fieldset>\n      <legend>{legend}</legend>\n      ")
            for part, c in zip(parts, shown, strict=True):
                _same(part, c)
                out.append(part.before_tick)
                if c["checked"]:
                    out.append(" checked")
                out.append(part.before_count)
                out.append(_count(c["count"]))
                out.append("\n      </div>\n      ")
            out.append("\n    </fieldset>\n")
        out.append(_HAS_LEGEND)
        for family, group in zip(self.has, facets["has"], strict=True):
            out.append(family.before_open)
            if group["open"]:
                out.append(" open")
            out.append(family.before_ticked)
            if group["ticked"]:
                out.append(f"({group['ticked']} ticked)")
            out.append("</span></summary>\n        ")
            for part, c in zip(family.choices, group["choices"], strict=True):
                _same(part, c)
                out.append(part.before_tick)
                if c["checked"]:
                    out.append(" checked")
                out.append(part.before_count)
                if c["checked"] and part.levels:
                    out.append(_level_select(part, c["level"]))
                out.append(
                    f'</span>\n\n          <span class="count" id="count-has-{part.v}">'
                    f"{_count(c['count'])}\n        </div>\n        "
                )
            out.append("\n      </details>\n      ")
        out.append("\n    </fieldset>\n    ")
        if search:
            out.append(f'<input type="hidden" name="search" value="{conditional_escape(search)}">')
        out.append(
            '\n    <p id="sort-field">\n      <label for="id_sort">Sort by</label><br>\n      '
        )
        out.append(sort_select)
        out.append("\n    </p>")
        show = (
            f'<a class="button show-results" id="show-results" href="#results">'
            f"Show {total} result{_plural(total)}</a>"
        )
        out.append(_FOOT.replace("{show}", show).replace("{url}", self.url))
        return "".join(out)

    def counts(self, facets: dict, *, search_triggered: bool) -> str:
        """What an HTMX request swaps into the form beside the results (out of band):
        every count, each family's ticks, each trait's level select and, after a
        search (which may tick the traits it names), each trait's box."""
        out = ["\n"]
        for name, parts, shown in [
            ("kind", self.kind, facets["kind"]),
            ("interface", self.interface, facets["interface"]),
        ]:
            for part, c in zip(parts, shown, strict=True):
                _same(part, c)
                out.append(
                    f'<span class="count" id="count-{name}-{part.v}" data-hx-swap-oob="true">'
                    f"{_count(c['count'])}"
                )
            out.append("\n")
        for family, group in zip(self.has, facets["has"], strict=True):
            for part, c in zip(family.choices, group["choices"], strict=True):
                _same(part, c)
                out.append(
                    f'<span class="count" id="count-has-{part.v}" data-hx-swap-oob="true">'
                    f"{_count(c['count'])}"
                )
        out.append("\n")
        for family, group in zip(self.has, facets["has"], strict=True):
            out.append(family.ticked_oob)
            if group["ticked"]:
                out.append(f"({group['ticked']} ticked)")
            out.append("</span>")
            for part, c in zip(family.choices, group["choices"], strict=True):
                out.append(f'\n<span class="level" id="level-{part.v}" data-hx-swap-oob="true">')
                if c["checked"] and part.levels:
                    out.append(_level_select(part, c["level"]))
                out.append("</span>\n")
                if search_triggered:
                    out.append(
                        f'<input type="checkbox" name="has" value="{part.v}" id="has-{part.v}"'
                        f'{" checked" if c["checked"] else ""} data-hx-swap-oob="true">'
                    )
        out.append("\n")
        return "".join(out)


def _same(part: Choice, choice: dict[str, Any]) -> None:
    if part.value != choice["value"]:
        raise ValueError(f"the form was built for another catalogue: {choice['value']!r}")


def _level_select(part: Choice, level: Any) -> str:
    v = part.v
    options = "".join(
        f'<option value="{conditional_escape(value)}"{" selected" if value == level else ""}>'
        f"{conditional_escape(label)}</option>"
        for value, label in part.levels.items()
    )
    return f'<select name="level_{v}" aria-label="{part.label}: level">{options}</select>'
