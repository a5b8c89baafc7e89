"""The catalogue's filter form, built in Python (`catalogue.browse.form`), is byte
for byte what the template partial it replaced rendered: that partial is kept
here (`reference/framework_list_before.html`, the catalogue's template as it was)
and rendered with each page's own context. Every value a request brings is
checked to reach the form: changing it changes the form, and the same way the
template did."""

import copy
import functools
import random
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.template import RequestContext, engines
from django.test import Client

from catalogue.browse.facets import OPEN_FAMILIES
from catalogue.browse.filters import INTERFACES, SORTS, filterable_traits
from catalogue.browse.views import _filters_form, _form_counts
from catalogue.browse.wanted import LEVELS
from catalogue.models import Kind, TraitType

pytestmark = pytest.mark.django_db

URL = "/frameworks/"
REFERENCE = Path(__file__).parent / "reference" / "framework_list_before.html"
TEXTS = [
    "websockets orm",
    "native websockets and an orm",
    "which have websockets and orm 123",
    "channels",
    'say "hello" & <b>bye</b>',
    "it's O'Reilly & Sons",
    "Ünïcödé — 日本語 ☃",
    "  padded  ",
    "real-time dashboard",
    "&amp; &lt;",
]


@functools.cache
def _reference(name: str):
    engine = engines["django"].engine
    partial = engine.from_string(REFERENCE.read_text()).extra_data["partials"][name]
    partial.engine = engine  # as the loader does for "template#partial"
    return partial


def reference_form(request, context: dict) -> str:
    """The form as `catalogue/framework_list.html#filters` rendered it."""
    return _reference("filters").render(RequestContext(request, context))


def reference_counts(request, context: dict) -> str:
    """What an HTMX request swapped into the form, as the `counts` partial rendered it."""
    return _reference("counts").render(RequestContext(request, context))


def page(query: str | dict, **headers):
    """The catalogue at `query`: its response, the request and the page's context."""
    if isinstance(query, dict):
        query = urlencode(query, doseq=True)
    response = Client().get(f"{URL}?{query}" if query else URL, headers=headers)
    assert response.status_code == 200, (query, response.status_code)
    return response, response.wsgi_request, _context(response)


def _context(response) -> dict:
    """The page template's context (the test client records every template's)."""
    return next(c for c in response.context if "facets" in c).flatten()


def random_query(rng: random.Random, traits) -> dict:
    params: dict[str, list[str]] = {}
    if rng.random() < 0.4:
        params["kind"] = rng.sample([v for v, _ in Kind.choices], rng.randint(1, 3))
    if rng.random() < 0.3:
        params["interface"] = rng.sample([v for v, _ in INTERFACES], rng.randint(1, 2))
    if rng.random() < 0.7:
        has = []
        for trait in rng.sample(traits, rng.randint(1, 4)):
            if trait.type == TraitType.SUPPORT and rng.random() < 0.6:
                has.append(f"{trait.slug}:{rng.choice(LEVELS)}")
            else:
                has.append(trait.slug)
        params["has"] = has
    if rng.random() < 0.5:
        params["q"] = [rng.choice(TEXTS)]
        if rng.random() < 0.3:
            params["search"] = ["text"]
    if rng.random() < 0.5:
        params["sort"] = [rng.choice([v for v, _ in SORTS])]
    if rng.random() < 0.3:
        params["view"] = [rng.choice(["cards", "table"])]
    if rng.random() < 0.2:
        params["page"] = ["2"]
    return params


FIXED = [
    "",
    "page=2",
    "kind=micro",
    "kind=async&has=websockets",
    "has=websockets:built-in&has=orm&has=asgi",
    "has=websockets:limited&has=admin:third-party&sort=has-built-in",
    "interface=wsgi&interface=asgi&kind=full-stack",
    "view=table&sort=latest-release&kind=micro",
    "q=native+websockets+and+an+orm",
    "q=which+have+websockets+and+orm+123",
    "q=channels&search=text",
    "q=%22quoted%22+%26+%3Cb%3E&search=text&view=table",
    "q=%C3%9Cn%C3%AFc%C3%B6d%C3%A9+%E2%98%83",
    "sort=name",
    "sort=relevance",
    "sort=",
    "q=",
    "has=zzz-nothing-has-this-trait-x",
]


@pytest.mark.parametrize("query", [q for q in FIXED if "zzz" not in q])
def test_the_form_is_the_templates_for_these_queries(query):
    response, request, context = page(query)
    assert context["filters"] == reference_form(request, context)
    # Served as rendered, less the indentation the page cache drops.
    assert re.sub(r"\n[ \t]+", "\n", context["filters"]) in response.content.decode()


@pytest.mark.parametrize("query", [q for q in FIXED if "zzz" not in q])
def test_the_fragments_counts_are_the_templates_for_these_queries(query):
    response, request, context = page(query, HX_Request="true")
    assert "filters" not in context
    assert context["counts"] == reference_counts(request, context)
    assert context["counts"] in response.content.decode()


@pytest.mark.parametrize("hx", [False, True])
def test_the_form_is_the_templates_for_random_queries(hx):
    traits = list(filterable_traits())
    rng = random.Random(1234 + hx)
    seen = set()
    checked = 0
    while checked < 60:
        params = random_query(rng, traits)
        key = urlencode(params, doseq=True)
        if key in seen:
            continue
        seen.add(key)
        response = Client().get(f"{URL}?{key}", headers={"HX-Request": "true"} if hx else {})
        if response.status_code != 200:  # past the last page: a redirect
            assert response.status_code in (204, 302), (key, response.status_code)
            continue
        context = _context(response)
        if hx:
            assert context["counts"] == reference_counts(response.wsgi_request, context), key
        else:
            assert context["filters"] == reference_form(response.wsgi_request, context), key
        checked += 1


def test_the_form_shows_the_requests_values():
    """Fixed fragments: typed text escaped, ticks, the level chosen, the sort,
    the view and `search=`, the count, the open family."""
    _, _, context = page(
        {
            "q": 'say "hi" & <b>',
            "search": "text",
            "kind": "micro",
            "interface": "asgi",
            "has": "websockets:built-in",
            "sort": "name",
            "view": "table",
        }
    )
    form = context["filters"]
    for fragment in [
        'id="id_q" value="say &quot;hi&quot; &amp; &lt;b&gt;" placeholder=',
        '<input type="checkbox" name="kind" value="micro" id="kind-micro" checked>',
        '<input type="checkbox" name="kind" value="async" id="kind-async">',
        '<input type="checkbox" name="interface" value="asgi" id="interface-asgi" checked>',
        '<input type="checkbox" name="has" value="websockets" id="has-websockets" checked>',
        '<select name="level_websockets" aria-label="WebSockets: level">'
        '<option value="built-in" selected>built in</option>'
        '<option value="first-party">built in or first-party</option>',
        '<span class="level" id="level-orm"></span>',
        '<option value="name" selected>Name</option>',
        '<span id="view-field"><input type="hidden" name="view" value="table"></span>',
        '<input type="hidden" name="search" value="text">',
        '<span id="filter-count">(3<span class="visually-hidden"> chosen</span>)</span>',
        '<span class="ticked" id="ticked-real-time">(1 ticked)</span>',
        '<details class="family family-real-time" open>',
        f"Show {context['total']} result{'' if context['total'] == 1 else 's'}</a>",
    ]:
        assert fragment in form, fragment
    _, _, plain = page("")
    for fragment in [
        'id="id_q" value="" placeholder=',
        '<span id="view-field"></span>',
        '<span id="filter-count"></span>',
        '<span class="ticked" id="ticked-real-time"></span>',
    ]:
        assert fragment in plain["filters"], fragment
    assert 'name="search"' not in plain["filters"]
    assert " selected" not in plain["filters"]


def _mutations(context: dict):
    """Every value a request brings to the form, changed one at a time: (what, context)."""
    for section in ("kind", "interface"):
        for i, choice in enumerate(context["facets"][section]):
            for key, value in [("checked", not choice["checked"]), ("count", choice["count"] + 7)]:
                changed = {**context, "facets": copy.deepcopy(context["facets"])}
                changed["facets"][section][i][key] = value
                yield f"{section} {choice['value']} {key}", changed
    for g, group in enumerate(context["facets"]["has"]):
        for key, value in [("open", not group["open"]), ("ticked", group["ticked"] + 2)]:
            changed = {**context, "facets": copy.deepcopy(context["facets"])}
            changed["facets"]["has"][g][key] = value
            yield f"{group['slug']} {key}", changed
        for i, choice in enumerate(group["choices"]):
            mutations = [("checked", not choice["checked"]), ("count", choice["count"] + 1)]
            if choice["checked"] and choice["levels"]:
                other = next(v for v in choice["levels"] if v != choice["level"])
                mutations.append(("level", other))
            for key, value in mutations:
                changed = {**context, "facets": copy.deepcopy(context["facets"])}
                changed["facets"]["has"][g]["choices"][i][key] = value
                yield f"has {choice['value']} {key}", changed
    for key, value in [
        ("view", "table" if context["view"] != "table" else "cards"),
        ("filter_count", context["filter_count"] + 4),
        ("total", context["total"] + 1),
    ]:
        changed = dict(context)
        changed[key] = value
        yield key, changed


def test_every_value_of_the_request_reaches_the_form():
    """Each value changed alone changes the form, as it changed the template's
    (a value left out of the Python, or taken from the catalogue's parts,
    fails here)."""
    _, request, context = page("has=websockets:built-in&has=orm&kind=micro&q=orm")
    base = _filters_form(request, context)
    assert base == reference_form(request, context)
    count = 0
    for what, changed in _mutations(context):
        new = _filters_form(request, changed)
        assert new != base, what
        assert new == reference_form(request, changed), what
        count += 1
    assert count > 150


@pytest.mark.parametrize("search_triggered", [False, True])
def test_every_value_of_the_request_reaches_the_fragments_counts(search_triggered):
    _, request, context = page("has=websockets:built-in&has=orm&kind=micro", HX_Request="true")
    context["search_triggered"] = search_triggered
    base = _form_counts(request, context)
    assert base == reference_counts(request, context)
    count = 0
    for what, changed in _mutations(context):
        if what in ("view", "filter_count", "total") or what.endswith(" open"):
            continue  # not among the counts (the template's other partials show them)
        if what.startswith(("kind", "interface")) and what.endswith("checked"):
            continue  # the boxes the visitor ticked stay as they are
        if what.startswith("has") and what.endswith("checked") and not search_triggered:
            slug = what.split()[1]
            if not next(
                c for g in context["facets"]["has"] for c in g["choices"] if c["value"] == slug
            )["levels"]:
                continue  # a yes/no trait's tick shows in its box, sent only after a search
        new = _form_counts(request, changed)
        assert new != base, what
        assert new == reference_counts(request, changed), what
        count += 1
    assert count > 100


def test_two_queries_forms_differ_only_where_their_values_do():
    """Ticking ORM: its box, its level select, its family's tick count, the chosen
    count, the totals and the counts change; nothing else does."""
    _, _, first = page("kind=micro")
    _, _, second = page("kind=micro&has=orm")
    a, b = first["filters"].splitlines(), second["filters"].splitlines()
    assert len(a) == len(b)
    changed = [(old, new) for old, new in zip(a, b, strict=True) if old != new]
    allowed = re.compile(
        r'<span class="count" id="count-[a-z-]+">\d+<span class="visually-hidden"> '
        r"frameworks?</span></span>"
        r'|<span class="ticked" id="ticked-data-layer">(\(1 ticked\))?</span>'
        r'|<span id="filter-count">\(\d<span class="visually-hidden"> chosen</span>\)</span>'
        r'|<a class="button show-results" id="show-results" href="#results">Show \d+ results?</a>'
    )
    assert ('<input type="checkbox" name="has" value="orm" id="has-orm">',
            '<input type="checkbox" name="has" value="orm" id="has-orm" checked>') in [
        (o.strip(), n.strip()) for o, n in changed
    ]  # fmt: skip
    level = [(o, n) for o, n in changed if 'id="level-orm"' in o]
    assert level == [
        (
            '<span class="level" id="level-orm"></span>',
            '<span class="level" id="level-orm"><select name="level_orm" aria-label="ORM: level">'
            '<option value="built-in">built in</option>'
            '<option value="first-party" selected>built in or first-party</option>'
            '<option value="third-party">third-party or better</option>'
            '<option value="limited">limited or better</option></select></span>',
        )
    ]
    for old, new in changed:
        if 'id="has-orm"' in old or 'id="level-orm"' in old:
            continue
        assert allowed.search(old) and allowed.search(new), (old, new)
        # The same element: only its value differs.
        assert re.sub(r"\d+|\(1 ticked\)|s?</", "", old.strip()) == re.sub(
            r"\d+|\(1 ticked\)|s?</", "", new.strip()
        ), (old, new)
    assert any("ticked-data-layer" in new for _, new in changed)
    assert any('id="filter-count"' in new for _, new in changed)


def test_the_open_families_are_open_with_nothing_ticked():
    _, _, context = page("")
    for family in OPEN_FAMILIES:
        slug = family.lower().replace(" ", "-")
        assert f'<details class="family family-{slug}" open>' in context["filters"]
