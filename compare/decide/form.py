"""The decision's form (`<form id="decide-form">`: weights per axis and per trait,
must-haves with their levels, team knowledge, the shortlist), built in Python, not
by a template partial: a new weighting rendered it again, and its ~80 sliders and
number inputs, the must-haves and two checkboxes per framework took half the CPU
of a new decision.

In two steps. `form_parts(matrix, scenarios)`: the markup that depends on the
catalogue only (axes, traits, must-have traits, frameworks, scenarios' links: names,
ids, labels, escaped), built once per change to more than values (the view memoizes
it, as plain strings and tuples, which the shared cache reads back fastest).
`decide_form(parts, …)`: the decision's own values put between those pieces per
request (weights, ticked boxes, chosen levels, `open`, counts, the scenario, the
pin). The markup is the one the partial made, byte for byte:
tests/compare/test_decide_form.py renders that partial (kept in tests/compare/data/)
beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

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

_AXIS_END = "</output>\n      </div>\n      "
_TRAIT_END = '">\n        </div>\n        '
_GROUP_END = "\n      </fieldset>\n      "
_MUST_END = "</div>\n      "


class FormParts(NamedTuple):
    """The form's catalogue-only markup, in the order it is shown."""

    start: str  # the <form> tag, up to where the pin goes
    # Per axis: slug, and the slider's markup before its value and between its two copies.
    axes: tuple[tuple[str, str, str], ...]
    # Per axis: its fieldset's start, and per scored trait: slug, its markup before its
    # value, and all of it at 0 (most traits are not weighed).
    groups: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]
    # Per yes/no or support trait: slug, type, the checkbox up to " checked", the rest
    # up to the level's options (a support trait's select), and all of it, not ticked.
    musts: tuple[tuple[str, str, str, str, str], ...]
    # A checkbox per framework, none ticked, for team knowledge and the shortlist, and
    # per framework where " checked" goes in them.
    know: str
    know_at: dict[str, int]
    only: str
    only_at: dict[str, int]
    # Per scenario: the hidden input and the link to its page shown under it.
    scenarios: dict[str, str]


def form_parts(matrix: Matrix, scenarios: list[Scenario]) -> FormParts:
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
        before = (
            f'\n      <div class="slider">\n        <label for="w_{slug}">{name}</label>\n'
            f'        <input type="range" min="0" max="10" step="1" id="w_{slug}" '
            f'name="w_{slug}" value="'
        )
        between = (
            f'" aria-describedby="w_{slug}-value">\n'
            f'        <output id="w_{slug}-value" for="w_{slug}">'
        )
        axes.append((axis.slug, before, between))
    groups = []
    for axis in matrix.axes:
        head = f"\n      <fieldset>\n        <legend>{escape(axis.name)}</legend>\n        "
        traits = []
        for t in matrix.traits:
            if t.axis == axis.slug and t.scored:
                before = _trait_start(escape(t.slug), escape(t.name))
                traits.append((t.slug, before, f"{before}0{_TRAIT_END}"))
        groups.append((head, tuple(traits)))
    musts = []
    for t in matrix.traits:
        if t.type not in ("boolean", "support"):
            continue
        slug, name = escape(t.slug), escape(t.name)
        head = (
            '\n      <div class="choice must-choice"><input type="checkbox" name="must" '
            f'value="{slug}" id="must-{slug}"'
        )
        rest = f'><label for="must-{slug}">{name}</label>'
        if t.type == "support":
            rest += (
                f'\n        <label class="visually-hidden" for="level-{slug}">Level needed for '
                f'{name}</label>\n        <select name="level_{slug}" id="level-{slug}">'
            )
        # Not a must-have: the partial's chosen level was then the trait's own slug.
        unticked = head + rest + _options(t.type, t.slug, t.slug) + _MUST_END
        musts.append((t.slug, t.type, head, rest, unticked))
    know, know_at = _boxes("know", matrix.frameworks)
    only, only_at = _boxes("only", matrix.frameworks)
    links = {
        s.slug: f'<input type="hidden" name="scenario" value="{escape(s.slug)}">\n'
        f'    <p class="small">Scenario: <a href="{escape(s.get_absolute_url())}">'
        f"{escape(s.name)}</a></p>"
        for s in scenarios
    }
    return FormParts(
        start, tuple(axes), tuple(groups), tuple(musts), know, know_at, only, only_at, links
    )


def _trait_start(slug: str, name: str) -> str:
    return (
        f'\n        <div class="trait-weight">\n          <label for="w_{slug}">{name}'
        f'</label>\n          <input type="number" min="0" max="10" step="1" '
        f'id="w_{slug}" name="w_{slug}" value="'
    )


def _options(trait_type: str, slug: str, chosen: str) -> str:
    """A support trait's level options (and the select's end), `chosen` selected:
    "default" (the default level), a level, or the trait's slug when it is not a
    must-have (then the default too); "" for a yes/no trait."""
    if trait_type != "support":
        return ""
    options = []
    for value, label in LEVEL_OPTIONS:
        selected = chosen in ("default", slug) if value == "" else chosen == value
        options.append(
            f'\n          <option value="{value}"{" selected" if selected else ""}>{label}</option>'
        )
    return "".join(options) + "\n        </select>"


def _boxes(field: str, frameworks: dict[str, str]) -> tuple[str, dict[str, int]]:
    """A checkbox per framework (`field`: know or only), none ticked, and where each
    one's " checked" goes."""
    boxes, at, length = [], {}, 0
    for slug, name in frameworks.items():
        safe = escape(slug)
        head = (
            f'\n      <div class="choice"><input type="checkbox" name="{field}" value="{safe}" '
            f'id="{field}-{safe}"'
        )
        at[slug] = length + len(head)
        box = f'{head}><label for="{field}-{safe}">{escape(name)}</label></div>\n      '
        boxes.append(box)
        length += len(box)
    return "".join(boxes), at


def _tick(boxes: str, at: dict[str, int], ticked: list[str]) -> str:
    """`boxes` with those of the `ticked` frameworks ticked."""
    pieces, start = [], 0
    for cut in sorted({at[slug] for slug in ticked if slug in at}):
        pieces += (boxes[start:cut], CHECKED)
        start = cut
    pieces.append(boxes[start:])
    return "".join(pieces)


def _value(value: object) -> str:
    """A weight or a revision number, as the template showed it (escaped)."""
    return str(value) if type(value) is int else escape(value)


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


def decide_form(parts: FormParts, decision: Decision, pin: Pin | None) -> SafeString:
    """The form showing `decision`, pinned to `pin`'s revision."""
    weights = decision.weights
    out = [parts.start]
    if pin:
        out.append(f'<input type="hidden" name="rev" value="{_value(pin.number)}">')
    out.append("\n    ")
    if decision.scenario:
        # A scenario the catalogue no longer has (the partial showed an empty link).
        empty = '\n    <p class="small">Scenario: <a href=""></a></p>'
        out.append(
            parts.scenarios.get(decision.scenario)
            or f'<input type="hidden" name="scenario" value="{escape(decision.scenario)}">{empty}'
        )
    out.append("\n    <fieldset>\n      <legend>Weights (0–10)</legend>\n      ")
    for slug, before, between in parts.axes:
        value = _value(weights.get(slug, slug))  # as the partial's get_item filter
        out += (before, value, between, value, _AXIS_END)
    out.append(_ADVANCED)
    for head, traits in parts.groups:
        out.append(head)
        for slug, before, zero in traits:
            if slug in weights:
                out += (before, _value(weights[slug]), _TRAIT_END)
            else:
                out.append(zero)
        out.append(_GROUP_END)
    out.append(
        '\n    </details>\n    <details class="musts">\n      <summary>Must-haves '
        f'<span class="muted">({len(decision.must)} selected)</span></summary>\n      '
        f"{_MUSTS_INTRO}"
    )
    levels = {split_must(m)[0]: split_must(m)[1] or "default" for m in decision.must}
    for slug, trait_type, head, rest, unticked in parts.musts:
        if slug in levels:
            out += (head, CHECKED, rest, _options(trait_type, slug, levels[slug]), _MUST_END)
        else:
            out.append(unticked)
    know, only = decision.know, decision.only
    knowledge_weight = weights.get(KNOWLEDGE, 0) if know else DEFAULT_KNOWLEDGE_WEIGHT
    out.append(
        f'\n    </details>\n    <details class="know"{" open" if know else ""}>\n'
        f"      <summary>Team knowledge{f' ({len(know)})' if know else ''}</summary>\n"
        f'      {_KNOW_INTRO}{_value(knowledge_weight)}">\n      </div>\n      '
    )
    out.append(_tick(parts.know, parts.know_at, know))
    out.append(
        f'\n    </details>\n    <details class="only"{" open" if only else ""}>\n'
        f"      <summary>Shortlist{f' ({len(only)})' if only else ''}</summary>\n"
        '      <p class="small muted">Tick none to consider every framework.</p>\n      '
    )
    out.append(_tick(parts.only, parts.only_at, only))
    out.append('\n    </details>\n    <button type="submit">Update ranking</button>\n  </form>')
    # Every piece of text above is escaped (the catalogue's in `form_parts`).
    return mark_safe("".join(out))
