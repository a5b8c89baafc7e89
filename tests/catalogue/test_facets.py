"""The filter form's counts ("how many frameworks each choice would leave") come
from the shared scoring matrix; they must be the counts the database gives."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalogue.browse.filters import FrameworkFilter, filterable_traits
from catalogue.models import Framework, Kind, Status, SupportLevel, Trait, TraitType, TraitValue
from catalogue.scoring.engine import SATISFIES_MUST_HAVE
from tests.factories import make_framework, make_trait, make_value

pytestmark = pytest.mark.django_db

URL = "/frameworks/"

# "Has" in the database's terms: yes, built in or a first-party add-on.
SUPPORTED = Q(bool_value=True) | Q(
    support_value__in=[SupportLevel.BUILT_IN, SupportLevel.FIRST_PARTY]
)


def counted_by_the_database(params: dict) -> dict:
    """The counts as SQL gives them: each facet with its own filter left out, and
    "has" over the values of the frameworks that meet every filter."""
    query = QueryDict(urlencode(params, doseq=True))
    traits = list(filterable_traits())

    def meeting(*left_out: str):
        kept = query.copy()
        for param in (*left_out, "sort"):
            kept.pop(param, None)
        filterset = FrameworkFilter(kept, queryset=Framework.objects.published(), traits=traits)
        assert filterset.is_valid(), filterset.errors
        return filterset

    kinds = dict(meeting("kind").qs.order_by().values_list("kind").annotate(n=Count("pk")))
    interfaces = (
        meeting("interface")
        .qs.order_by()
        .aggregate(wsgi=Count("pk", filter=Q(wsgi=True)), asgi=Count("pk", filter=Q(asgi=True)))
    )
    everything = meeting()
    ticked = {w.slug: w for w in everything.form.cleaned_data.get("has") or []}
    meets = SUPPORTED & ~Q(trait__in=[w.trait for w in ticked.values()])
    for item in ticked.values():
        meets |= Q(trait=item.trait) & item.condition()
    has = dict(
        TraitValue.objects.filter(meets, framework__in=everything.qs.order_by().values("pk"))
        .order_by()
        .values_list("trait__slug")
        .annotate(n=Count("pk"))
    )
    return {
        "kind": {value: kinds.get(value, 0) for value, _ in Kind.choices},
        "interface": interfaces,
        "has": {t.slug: has.get(t.slug, 0) for t in traits},
    }


def counted_on_the_page(client, params: dict) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    facets = response.context["facets"]
    return {
        "kind": {c["value"]: c["count"] for c in facets["kind"]},
        "interface": {c["value"]: c["count"] for c in facets["interface"]},
        "has": {c["value"]: c["count"] for g in facets["has"] for c in g["choices"]},
    }


@pytest.fixture
def catalogue():
    """The shipped catalogue, and a few frameworks with every rung of the ladder,
    a draft that must count nowhere, and a note the text search finds."""
    store = make_trait(slug="store", name="Store", type=TraitType.SUPPORT, family="Data layer")
    flag = make_trait(slug="flag", name="Flag", type=TraitType.BOOLEAN, family="APIs")
    levels = ["built-in", "first-party", "third-party", "limited", "none", None]
    for i, level in enumerate(levels):
        framework = make_framework(
            slug=f"ladder-{i}", name=f"Ladder {i}", kind="micro" if i % 2 else "full-stack"
        )
        framework.asgi = bool(i % 3)
        framework.wsgi = not i % 3 or i == 4
        framework.save()
        note = "Misses half of it; needs a teapot." if level == "limited" else ""
        make_value(framework, store, level, **({"note": note} if note else {}))
        make_value(framework, flag, [True, False, None][i % 3])
    draft = make_framework(slug="draft", name="Draft", status=Status.DRAFT, kind="micro")
    make_value(draft, store, "built-in")
    make_value(draft, flag, True)


CHOICES = [
    {},
    {"kind": "micro"},
    {"kind": ["micro", "full-stack"], "interface": "asgi"},
    {"interface": ["wsgi", "asgi"]},
    {"has": "store"},
    {"has": "store:limited", "kind": "micro"},
    {"has": ["store:third-party", "flag"], "interface": "wsgi"},
    {"has": ["websockets:built-in", "orm"], "sort": "has-built-in"},
    {"q": "websockets orm"},
    {"q": "teapot", "search": "text"},
    {"q": "flask"},
    {"has": "store:built-in", "q": "ladder", "kind": "full-stack", "page": "1"},
]


@pytest.fixture(params=["matrix", "query"])
def counting(request, monkeypatch):
    """Counted from the shared matrix, or by a query while it waits for a full read."""
    if request.param == "query":
        monkeypatch.setattr("catalogue.browse.facets.matrix_unless_reread", lambda revision: None)


@pytest.mark.usefixtures("catalogue", "counting")
@pytest.mark.parametrize("params", CHOICES)
def test_the_counts_are_the_databases(client, params):
    assert counted_on_the_page(client, params) == counted_by_the_database(params)


@pytest.mark.usefixtures("catalogue", "counting")
def test_the_counts_follow_an_edit_to_one_value(client):
    params = {"has": "store:third-party"}
    before = counted_on_the_page(client, params)
    value = TraitValue.objects.get(framework__slug="ladder-3", trait__slug="store")
    value.set_value("built-in")
    value.save()
    value = TraitValue.objects.get(framework__slug="ladder-4", trait__slug="flag")
    value.set_value(True)
    value.save()
    after = counted_on_the_page(client, params)
    assert after == counted_by_the_database(params)
    assert after["has"]["store"] == before["has"]["store"] + 1
    assert after["has"]["flag"] == before["has"]["flag"] + 1
    assert counted_on_the_page(client, {}) == counted_by_the_database({})


def test_has_means_what_a_must_have_means():
    # The counts use the scoring's test for a must-have: keep them one meaning.
    assert {True, SupportLevel.BUILT_IN, SupportLevel.FIRST_PARTY} == SATISFIES_MUST_HAVE


def _reads_the_whole_matrix(queries) -> bool:
    return any(
        q["sql"].startswith('SELECT "catalogue_traitvalue"."framework_id"')
        and "IN (SELECT" in q["sql"]
        for q in queries
    )


@pytest.mark.usefixtures("catalogue")
def test_after_a_change_beyond_values_the_counts_do_not_wait_for_a_full_read(client):
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    assert _reads_the_whole_matrix(first.captured_queries)  # once per process
    store = Trait.objects.get(slug="store")
    store.name = "Storage"
    store.save()
    params = {"has": "store:limited"}
    with CaptureQueriesContext(connection) as after:
        assert counted_on_the_page(client, params) == counted_by_the_database(params)
    assert not _reads_the_whole_matrix(after.captured_queries)


SEARCHES = [
    *CHOICES,
    {"q": "teapot"},
    {"q": "ladder", "interface": "wsgi"},
    {"q": "web", "search": "text", "kind": ["micro", "async"], "sort": "relevance"},
    {"q": "which have websockets and orm 123"},
    {"q": 'a "quoted" & <odd> ünïcode'},
    {"q": "channels", "search": "text", "has": "websockets"},
    {"kind": [v for v, _ in Kind.choices], "interface": ["wsgi", "asgi"]},
    {"q": "flask", "sort": "latest-release", "page": "2"},
]


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("params", SEARCHES)
def test_the_lists_count_is_the_databases(client, params):
    """The list's count is taken from the facets' rows (no COUNT query): it must
    be what the list's own query counts, and the facets' rows (read without the
    text search's relevance) the frameworks that query gives, kind and interface
    aside."""
    query = QueryDict(urlencode(params, doseq=True))
    traits = list(filterable_traits())
    filterset = FrameworkFilter(query, queryset=Framework.objects.for_catalogue(), traits=traits)
    assert filterset.is_valid(), filterset.errors
    listed = list(filterset.qs.values_list("slug", flat=True))
    response = client.get(URL, params)
    if response.status_code == 302:  # past the last page
        assert "page" in params
        return
    assert response.status_code == 200
    assert response.context["total"] == len(listed) == filterset.qs.count()
    rows = set(filterset.without("kind", "interface").values_list("slug", flat=True))
    unfiltered = query.copy()
    for name in ("kind", "interface"):
        unfiltered.pop(name, None)
    broader = FrameworkFilter(unfiltered, queryset=Framework.objects.for_catalogue(), traits=traits)
    assert broader.is_valid()
    assert rows == set(broader.qs.values_list("slug", flat=True))
    assert set(listed) <= rows


@pytest.mark.usefixtures("catalogue")
def test_a_new_search_counts_without_a_count_query(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "which have websockets and orm 9"})
    assert response.status_code == 200
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
