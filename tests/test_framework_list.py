import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Framework, Status
from tests.factories import make_framework, make_many_frameworks

pytestmark = pytest.mark.django_db

URL = "/frameworks/"


def slugs(response):
    return [fw.slug for fw in response.context["page"].object_list]


def all_slugs(client, **params):
    params.setdefault("sort", "name")
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return set(fw.slug for fw in response.context["page"].paginator.object_list)


def test_it_lists_published_frameworks_by_name(client):
    response = client.get(URL)
    assert response.status_code == 200
    names = [fw.name for fw in response.context["page"].object_list]
    assert names == sorted(names, key=str.lower) or names == sorted(names)
    assert "Django" in response.content.decode()


def test_drafts_are_not_listed(client):
    make_framework(slug="secret", name="Secret draft", status=Status.DRAFT)
    assert "secret" not in all_slugs(client)


def test_q_searches_names_aliases_and_summaries(client):
    assert all_slugs(client, q="flask") >= {"flask"}
    assert "dash" in all_slugs(client, q="plotly-dash")  # an alias
    make_framework(slug="zeta", name="Zeta", summary="Built for quantum teapots.")
    assert all_slugs(client, q="teapots") == {"zeta"}


def test_kind_is_repeatable_and_widens_within_itself(client):
    micro = all_slugs(client, kind="micro")
    full = all_slugs(client, kind="full-stack")
    assert "flask" in micro and "django" in full
    assert all_slugs(client, kind=["micro", "full-stack"]) == micro | full


def test_interface_filters_by_server_interface(client):
    asgi = all_slugs(client, interface="asgi")
    wsgi = all_slugs(client, interface="wsgi")
    assert "fastapi" in asgi and "fastapi" not in wsgi
    assert "bottle" in wsgi and "bottle" not in asgi
    assert all_slugs(client, interface=["wsgi", "asgi"]) == asgi | wsgi


def test_has_requires_every_trait_built_in_or_first_party(client):
    admin = all_slugs(client, has="admin")
    assert "django" in admin and "flask" not in admin
    websockets = all_slugs(client, has="websockets")
    both = all_slugs(client, has=["admin", "websockets"])
    assert both == admin & websockets


def test_filters_combine(client):
    result = all_slugs(client, kind="async", interface="asgi", has="openapi", q="api")
    assert "fastapi" in result
    assert "django" not in result


def test_counts_say_how_many_each_choice_would_leave(client):
    response = client.get(URL, {"kind": "micro"})
    facets = response.context["facets"]
    kinds = {c["value"]: c["count"] for c in facets["kind"]}
    assert kinds["full-stack"] == len(all_slugs(client, kind="full-stack"))
    has = {c["value"]: c["count"] for g in facets["has"] for c in g["choices"]}
    assert has["websockets"] == len(all_slugs(client, kind="micro", has="websockets"))
    interfaces = {c["value"]: c["count"] for c in facets["interface"]}
    assert interfaces["asgi"] == len(all_slugs(client, kind="micro", interface="asgi"))
    content = response.content.decode()
    assert (
        f'id="count-kind-full-stack">{kinds["full-stack"]}'
        '<span class="visually-hidden"> frameworks</span>' in content
    )


@pytest.mark.parametrize(
    ("sort", "first"),
    [("name", "aiohttp"), ("first-release", None), ("latest-release", None)],
)
def test_it_sorts(client, sort, first):
    response = client.get(URL, {"sort": sort})
    frameworks = list(response.context["page"].paginator.object_list)
    if sort == "first-release":
        years = [f.first_release_year for f in frameworks]
        assert years == sorted(years)
    elif sort == "latest-release":
        dates = [f.latest_release for f in frameworks]
        assert dates == sorted(dates, reverse=True)
    else:
        assert frameworks[0].name == first


def test_sort_by_built_in_puts_most_built_in_chosen_traits_first(client):
    response = client.get(URL, {"has": ["orm", "auth"], "sort": "has-built-in"})
    frameworks = list(response.context["page"].paginator.object_list)
    counts = [f.built_in for f in frameworks]
    assert counts == sorted(counts, reverse=True)
    assert frameworks[0].slug == "django"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"kind": "nope"}, "kind"),
        ({"interface": "cgi"}, "interface"),
        ({"has": "teleportation"}, "has"),
        ({"has": "routing"}, "has"),  # a text trait cannot be "had"
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "99"}, "page"),
        ({"q": "x" * 300}, "q"),
    ],
)
def test_invalid_input_is_a_400_that_says_what_was_wrong(client, params, named):
    response = client.get(URL, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert "These filters do not make sense" in content
    value = next(iter(params.values()))
    assert value[:20] in content or named in content
    assert 'href="/frameworks/"' in content


def test_an_htmx_request_gets_only_the_results_and_counts(client):
    response = client.get(URL, {"kind": "micro"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'class="result-list"' in content
    assert 'hx-swap-oob="true"' in content
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_full_page(client):
    response = client.get(
        URL, {"kind": "micro"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_the_same_url_loaded_cold_shows_the_same_results(client):
    fragment = client.get(URL, {"has": "websockets"}, headers={"HX-Request": "true"})
    full = client.get(URL, {"has": "websockets"})
    assert slugs(fragment) == slugs(full)
    assert 'value="websockets" id="has-websockets" checked' in full.content.decode()


def test_an_htmx_request_with_bad_input_gets_the_message_fragment(client):
    response = client.get(URL, {"kind": "nope"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "These filters do not make sense" in response.content.decode()


def test_each_result_has_badges_and_a_compare_checkbox(client):
    content = client.get(URL).content.decode()
    assert 'name="fw" value="django" form="compare-form"' in content
    assert "WebSockets:" in content


def test_it_paginates_with_links_that_keep_the_filters(client):
    make_many_frameworks(50)
    response = client.get(URL, {"kind": "micro"})
    total = Framework.objects.published().filter(kind="micro").count()
    assert response.context["page"].paginator.num_pages == -(-total // 20) > 2
    assert "?kind=micro&amp;page=2" in response.content.decode()


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"kind": "micro", "has": ["orm", "auth"], "q": "a", "sort": "has-built-in"}]
)
def test_the_query_count_does_not_grow_with_the_catalogue(client, params):
    small = _count_queries(client, params)
    make_many_frameworks(200)
    assert Framework.objects.count() > 200
    assert _count_queries(client, params) == small


def test_the_list_page_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    # 1 catalogue revision (cache key and ETag), 2 filterable traits, 3 count,
    # 4 page of frameworks, 5 key-trait values (prefetch), 6 kind counts,
    # 7 interface counts, 8 "has" counts.
    with django_assert_num_queries(8):
        client.get(URL, {"kind": "micro"})


def test_counts_read_in_the_singular_for_one_framework(client):
    content = client.get(URL).content.decode()
    assert '>1<span class="visually-hidden"> framework</span>' in content
    assert '>1<span class="visually-hidden"> frameworks</span>' not in content


def test_a_bad_choice_lists_the_values_that_would_work(client):
    content = client.get(URL, {"kind": "nope"}).content.decode()
    assert "Select a valid choice" not in content
    assert "kind=“nope” is not one of the values kind accepts: full-stack, micro" in content
    content = client.get(URL, {"interface": ["asgi", "cgi"]}).content.decode()
    assert "interface=“cgi” is not one of the values interface accepts: wsgi, asgi." in content
