"""The decision's form (`<form id="decide-form">`: weights per axis and per trait,
must-haves with their levels, team knowledge, the shortlist), built in Python, not
by a template partial: a new weighting rendered it again, and the ~80 sliders and
number inputs, the must-haves and two checkboxes per framework took half the CPU
of a new decision.

In two steps. `form_parts(matrix)`: every piece of markup that depends on the
catalogue only (axes, traits, must-have traits, frameworks: their names, ids,
labels, escaped), built once per change to more than values (the caller memoizes
it). `decide_form(parts, …)`: the decision's own values put between those pieces
(weights, ticked boxes, chosen levels, `open`, counts, the scenario, the pin), per
request. The markup is the one the partial made, byte for byte
(tests/compare/test_decide_form.py renders the old partial beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue.scoring.engine import Matrix, split_must
from compare.decide.state import DEFAULT_KNOWLEDGE_WEIGHT, KNOWLEDGE, Decision

if TYPE_CHECKING:
    from catalogue.models import Scenario
    from catalogue.revision.pinning import Pin

# A support trait's level select: (value, label); "" is the default level.
LEVEL_OPTIONS = (
    ("", "built-in or first-party"),
    ("built-in", "built-in only"),
    ("third-party", "third-party or better"),
    ("limited", "limited or better"),
)
CHECKED = " checked"
SELECTED = " selected"


@dataclass(frozen=True)
class Axis:
    """A weight slider; its value goes twice: `before` value `between` value `after`."""

    slug: str
    before: str
    between: str
    after: str


@dataclass(frozen=True)
class Weighable:
    """A trait's number input: `before` value `after`; `zero`: the whole of it at 0."""

    slug: str
    before: str
    after: str
    zero: str


@dataclass(frozen=True)
class Group:
    """An axis's fieldset of trait inputs."""

    head: str
    traits: tuple[Weighable, ...]
    tail: str


@dataclass(frozen=True)
class Must:
    """A must-have's checkbox (and a support trait's level select, with `select`
    its label and opening tag), `unticked`: the whole of it, not ticked."""

    slug: str
    head: str  # up to where " checked" goes
    label: str
    select: str  # "" for a yes/no trait
    tail: str
    unticked: str


@dataclass(frozen=True)
class Box:
    """A framework's checkbox: `head` [checked] `tail`."""

    slug: str
    head: str
    tail: str


@dataclass(frozen=True)
class FormParts:
    """The form's catalogue-only markup (see the module's docstring)."""

    start: str  # the <form> tag, to where the pin goes
    axes: tuple[Axis, ...]
    groups: tuple[Group, ...]
    musts: tuple[Must, ...]
    know: tuple[Box, ...]
    know_unticked: str  # every `know` box, none ticked
    only: tuple[Box, ...]
    only_unticked: str


def form_parts(matrix: Matrix) -> FormParts:
    """The pieces of the form that depend on the catalogue only, escaped."""
    url = escape(reverse("compare:decide"))
    start = (
        f'<form id="decide-form" class="decide-form card" method="get" action="{url}" '
        'autocomplete="off"\n'
        f'        data-hx-get="{url}" data-hx-target="#ranking" data-hx-swap="outerHTML"\n'
        '        data-hx-trigger="change delay:400ms, input delay:400ms from:input[type=range]" '
        'data-hx-push-url="true">\n    '
    )
    axes = []
    for axis in matrix.axes:
        slug, name = escape(axis.slug), escape(axis.name)
        axes.append(
            Axis(
                axis.slug,
                f'\n      <div class="slider">\n        <label for="w_{slug}">{name}</label>\n'
                f'        <input type="range" min="0" max="10" step="1" id="w_{slug}" '
                f'name="w_{slug}" value="',
                f'" aria-describedby="w_{slug}-value">\n'
                f'        <output id="w_{slug}-value" for="w_{slug}">',
                "</output>\n      </div>\n      ",
            )
        )
    groups = []
    for axis in matrix.axes:
        traits = []
        for t in matrix.traits:
            if t.axis != axis.slug or not t.scored:
                continue
            slug, name = escape(t.slug), escape(t.name)
            before = (
                f'\n        <div class="trait-weight">\n          <label for="w_{slug}">{name}'
                f'</label>\n          <input type="number" min="0" max="10" step="1" '
                f'id="w_{slug}" name="w_{slug}" value="'
            )
            after = '">\n        </div>\n        '
            traits.append(Weighable(t.slug, before, after, f"{before}0{after}"))
        groups.append(
            Group(
                f"\n      <fieldset>\n        <legend>{escape(axis.name)}</legend>\n        ",
                tuple(traits),
                "\n      </fieldset>\n      ",
            )
        )
    musts = []
    for t in matrix.traits:
        if t.type not in ("boolean", "support"):
            continue
        slug, name = escape(t.slug), escape(t.name)
        head = (
            '\n      <div class="choice must-choice"><input type="checkbox" name="must" '
            f'value="{slug}" id="must-{slug}"'
        )
        label = f'><label for="must-{slug}">{name}</label>'
        select = ""
        if t.type == "support":
            select = (
                f'\n        <label class="visually-hidden" for="level-{slug}">Level needed for '
                f'{name}</label>\n        <select name="level_{slug}" id="level-{slug}">'
            )
        tail = "</div>\n      "
        # Not a must-have: the template's level was the trait's own slug.
        unticked = head + label + _select(select, t.slug, t.slug) + tail
        musts.append(Must(t.slug, head, label, select, tail, unticked))
    know = tuple(_box("know", slug, name) for slug, name in matrix.frameworks.items())
    only = tuple(_box("only", slug, name) for slug, name in matrix.frameworks.items())
    return FormParts(
        start=start,
        axes=tuple(axes),
        groups=tuple(groups),
        musts=tuple(musts),
        know=know,
        know_unticked="".join(b.head + b.tail for b in know),
        only=only,
        only_unticked="".join(b.head + b.tail for b in only),
    )


def _box(field: str, slug: str, name: str) -> Box:
    safe = escape(slug)
    return Box(
        slug,
        f'\n      <div class="choice"><input type="checkbox" name="{field}" value="{safe}" '
        f'id="{field}-{safe}"',
        f'><label for="{field}-{safe}">{escape(name)}</label></div>\n      ',
    )


def _select(select: str, slug: str, chosen: str) -> str:
    """A support trait's level select with `chosen` selected ("default": the default
    level; the trait's slug: not a must-have, so the default too)."""
    if not select:
        return ""
    options = []
    for value, label in LEVEL_OPTIONS:
        selected = chosen in ("default", slug) if value == "" else chosen == value
        options.append(
            f'\n          <option value="{value}"{SELECTED if selected else ""}>{label}</option>'
        )
    return f"{select}{''.join(options)}\n        </select>"


_ADVANCED = (
    '\n    </fieldset>\n    <details class="advanced">\n'
    "      <summary>Advanced: weigh single traits</summary>\n      "
)
_MUSTS_INTRO = (
    '<p class="small muted">A framework without it is eliminated. By default a must-have '
    "asks for yes, built-in or first-party; a support trait can ask for a lower level (that "
    "level or better).</p>\n      "
)
_KNOW_INTRO = (
    '<p class="small muted">Frameworks your team knows. They, and the frameworks that build '
    "on them or share their API, are credited as one criterion with its own weight.</p>\n"
    '      <div class="trait-weight">\n'
    '        <label for="w_team-knowledge">Weight of team knowledge</label>\n'
    '        <input type="number" min="0" max="10" step="1" id="w_team-knowledge" '
    'name="w_team-knowledge" value="'
)


def decide_form(
    parts: FormParts, decision: Decision, scenario: Scenario | None, pin: Pin | None
) -> SafeString:
    """The form showing `decision` (on `scenario`, pinned to `pin`'s revision)."""
    weights = decision.weights
    out = [parts.start]
    if pin:
        out.append(f'<input type="hidden" name="rev" value="{escape(pin.number)}">')
    out.append("\n    ")
    if decision.scenario:
        href = escape(scenario.get_absolute_url()) if scenario else ""
        name = escape(scenario.name) if scenario else ""
        out.append(
            f'<input type="hidden" name="scenario" value="{escape(decision.scenario)}">\n'
            f'    <p class="small">Scenario: <a href="{href}">{name}</a></p>'
        )
    out.append("\n    <fieldset>\n      <legend>Weights (0–10)</legend>\n      ")
    for axis in parts.axes:
        value = escape(weights.get(axis.slug, axis.slug))
        out += (axis.before, value, axis.between, value, axis.after)
    out.append(_ADVANCED)
    for group in parts.groups:
        out.append(group.head)
        for t in group.traits:
            if t.slug in weights:
                out += (t.before, escape(weights[t.slug]), t.after)
            else:
                out.append(t.zero)
        out.append(group.tail)
    out.append(
        '\n    </details>\n    <details class="musts">\n      <summary>Must-haves '
        f'<span class="muted">({len(decision.must)} selected)</span></summary>\n      '
        f"{_MUSTS_INTRO}"
    )
    levels = {split_must(m)[0]: split_must(m)[1] or "default" for m in decision.must}
    for must in parts.musts:
        if must.slug in levels:
            select = _select(must.select, must.slug, levels[must.slug])
            out += (must.head, CHECKED, must.label, select, must.tail)
        else:
            out.append(must.unticked)
    know, only = decision.know, decision.only
    knowledge_weight = weights.get(KNOWLEDGE, 0) if know else DEFAULT_KNOWLEDGE_WEIGHT
    out.append(
        f'\n    </details>\n    <details class="know"{" open" if know else ""}>\n'
        f"      <summary>Team knowledge{f' ({len(know)})' if know else ''}</summary>\n"
        f'      {_KNOW_INTRO}{escape(knowledge_weight)}">\n      </div>\n      '
    )
    out.append(_boxes(parts.know, parts.know_unticked, know))
    out.append(
        f'\n    </details>\n    <details class="only"{" open" if only else ""}>\n'
        f"      <summary>Shortlist{f' ({len(only)})' if only else ''}</summary>\n"
        '      <p class="small muted">Tick none to consider every framework.</p>\n      '
    )
    out.append(_boxes(parts.only, parts.only_unticked, only))
    out.append('\n    </details>\n    <button type="submit">Update ranking</button>\n  </form>')
    # Every piece of text above is escaped (the catalogue's in `form_parts`).
    return mark_safe("".join(out))


def _boxes(boxes: tuple[Box, ...], unticked: str, ticked: list[str]) -> str:
    if not ticked:
        return unticked
    chosen = set(ticked)
    return "".join(
        b.head + CHECKED + b.tail if b.slug in chosen else b.head + b.tail for b in boxes
    )
