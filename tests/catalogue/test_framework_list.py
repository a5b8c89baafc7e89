import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Framework, Status, Trait, TraitValue
from tests.factories import make_framework, make_many_frameworks, make_trait, make_value

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
    assert '<span class="badge level-built-in">Built in:</span>' in content


def test_a_card_shows_one_pill_per_level_each_with_its_label(client):
    response = client.get(URL)
    django = next(fw for fw in response.context["page"].object_list if fw.slug == "django")
    groups = {g.level: g for g in django.level_groups}
    # One pill per level present, never one per trait: a colour means one level.
    assert len(django.level_groups) <= 6 < len(django.key_values) + 1
    assert [g.level for g in django.level_groups] == [
        level
        for level in ("built-in", "first-party", "third-party", "limited", "none", "unknown")
        if level in groups
    ]
    assert "ORM" in groups["built-in"].traits and groups["built-in"].css == "level-built-in"
    # A yes sits with built-in, a no with none: the same colour, the same meaning.
    assert "ASGI" in groups["built-in"].traits
    assert "Single-file app" in groups["none"].traits
    content = response.content.decode()
    assert content.count('class="badge level-') <= 6 * len(response.context["page"].object_list)


def _card(content, slug):
    start = content.index(f'<input type="checkbox" name="fw" value="{slug}"')
    return content[start : content.index("</li>\n</ul>", start)]


def test_a_renamed_trait_shows_in_the_filters_at_once(client):
    assert ">WebSockets</label>" in client.get(URL).content.decode()
    trait = Trait.objects.get(slug="websockets")
    trait.name = "Web sockets"
    trait.save()
    content = client.get(URL, {"has": "websockets"}).content.decode()
    assert ">Web sockets</label>" in content and ">WebSockets</label>" not in content
    assert "Web sockets:" in _card(content, "django")


def test_an_edit_to_a_key_value_shows_on_its_card(client):
    card = _card(client.get(URL).content.decode(), "django")
    assert "ORM" in card.split("Built in:")[1].split("</li>")[0]
    orm = TraitValue.objects.get(framework__slug="django", trait__slug="orm")
    orm.set_value("third-party")
    orm.save()
    card = _card(client.get(URL).content.decode(), "django")
    assert "ORM" not in card.split("Built in:")[1].split("</li>")[0]
    assert "ORM" in card.split("Third-party:")[1].split("</li>")[0]


def test_an_edit_to_one_framework_renders_only_its_card_again(client):
    client.get(URL)
    flask = Framework.objects.get(slug="flask")
    value = TraitValue.objects.get(framework=flask, trait__slug="orm")
    value.note = "Through Flask-SQLAlchemy."
    value.save()
    with CaptureQueriesContext(connection) as ctx:
        content = client.get(URL).content.decode()
    # The key values are read for the edited framework's card alone.
    key_values = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "catalogue_traitvalue"') and '"is_key"' in q["sql"]
    ]
    assert len(key_values) == 1 and f"IN ({flask.pk})" in key_values[0]
    assert 'value="django"' in content and 'value="flask"' in content


def test_kept_cards_need_no_explaining_again(client):
    client.get(URL, {"has": "websockets"})
    django = Framework.objects.get(slug="django")
    value = TraitValue.objects.get(framework=django, trait__slug="websockets")
    value.note = "Channels, now with a new note."
    value.save()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"has": "websockets", "page": "1"})
    values = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "catalogue_traitvalue"."id"')
    ]
    # "How it meets" and the key values, for the edited framework's card alone.
    assert len(values) == 2 and all(f"IN ({django.pk})" in sql for sql in values)
    assert len(response.context["page"].object_list) > 1
    assert "WebSockets: first-party add-on (Channels)" in _card(response.content.decode(), "django")


def test_a_kept_card_still_says_how_it_meets_each_page_s_filters(client):
    client.get(URL)
    content = client.get(URL, {"has": "websockets"}).content.decode()
    assert 'aria-label="How Django meets your filters"' in _card(content, "django")
    content = client.get(URL, {"sort": "name"}).content.decode()
    assert "meets your filters" not in _card(content, "django")
    content = client.get(URL, {"q": "channels", "search": "text"}).content.decode()
    plain = client.get(URL, {"page": "1"}).content.decode()
    assert "note on WebSockets</p>" not in _card(plain, "django")
    assert "Matched in: description, note on WebSockets" in _card(content, "django")


def test_filters_wait_behind_a_summary_that_counts_them(client):
    content = client.get(URL).content.decode()
    # Closed by default (results first on a phone), with no count when none is chosen.
    assert '<details class="filter-panel" id="filter-panel">' in content
    assert 'Filters <span id="filter-count"></span></summary>' in content
    chosen = {"kind": ["micro", "full-stack"], "has": "websockets"}
    content = client.get(URL, chosen).content.decode()
    assert 'Filters <span id="filter-count">(3<span class="visually-hidden"> chosen' in content
    # The results come before nothing else but the search and the summary.
    assert content.index('id="filter-panel"') < content.index('class="card result"')


def test_the_table_view_has_a_row_per_framework_and_a_column_per_key_trait(client):
    response = client.get(URL, {"view": "table"})
    assert response.status_code == 200
    content = response.content.decode()
    table = response.context["table"]
    assert [fw for fw, _ in table.rows] == list(response.context["page"].object_list)
    assert [t.slug for t in table.traits][:2] == ["orm", "admin"]
    assert '<table class="results-table">' in content
    assert 'class="card result"' not in content
    django = dict((fw.slug, cells) for fw, cells in table.rows)["django"]
    assert django[0].css == "level-built-in" and django[0].text == "Built-in"
    assert '<td class="lvl level-built-in" title="ORM: Built-in">Built-in</td>' in content
    # Each level has its text label in the cell and in the legend.
    assert '<li class="badge level-third-party">Third-party</li>' in content
    # The form keeps the view when a filter changes.
    assert '<input type="hidden" name="view" value="table">' in content


def test_the_table_sorts_by_its_column_headers_with_the_state_in_the_url(client):
    content = client.get(URL, {"view": "table"}).content.decode()
    assert 'aria-sort="ascending"><a href="?view=table"' in content
    assert 'href="?view=table&amp;sort=first-release"' in content
    response = client.get(URL, {"view": "table", "sort": "first-release"})
    years = [fw.first_release_year for fw, _ in response.context["table"].rows]
    assert years == sorted(years)
    content = response.content.decode()
    assert 'aria-sort="ascending"><a href="?view=table&amp;sort=first-release"' in content
    response = client.get(URL, {"view": "table", "sort": "latest-release"})
    assert 'aria-sort="descending"' in response.content.decode()


def test_switching_views_keeps_the_filters(client):
    content = client.get(URL, {"kind": "micro", "sort": "first-release"}).content.decode()
    assert 'href="?kind=micro&amp;sort=first-release&amp;view=table"' in content
    content = client.get(URL, {"kind": "micro", "view": "table"}).content.decode()
    assert '<a href="?kind=micro" data-hx-get="?kind=micro"' in content


def test_an_unknown_view_is_a_400_that_names_the_views(client):
    response = client.get(URL, {"view": "grid"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "view=“grid” is not one of the values view accepts: cards, table." in content


def test_htmx_updates_the_filter_count_sort_and_view_out_of_band(client):
    response = client.get(
        URL, {"view": "table", "sort": "latest-release", "kind": "micro"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content
    assert '<span id="filter-count" data-hx-swap-oob="true">(1' in content
    view = '<input type="hidden" name="view" value="table">'
    assert f'<span id="view-field" data-hx-swap-oob="true">{view}' in content
    assert '<p id="sort-field" data-hx-swap-oob="true">' in content
    assert '<option value="latest-release" selected>' in content


def test_the_table_view_costs_no_more_queries_than_the_cards(client, django_assert_num_queries):
    _read_matrix()
    with django_assert_num_queries(5):
        client.get(URL, {"view": "table"})


def test_it_paginates_with_links_that_keep_the_filters(client):
    make_many_frameworks(50)
    response = client.get(URL, {"kind": "micro"})
    total = Framework.objects.published().filter(kind="micro").count()
    assert response.context["page"].paginator.num_pages == -(-total // 20) > 2
    assert "?kind=micro&amp;page=2" in response.content.decode()


def _count_queries(client, params):
    from catalogue.scoring.matrix import forget_current

    # As a fresh worker would, reading the whole scoring matrix: adding frameworks
    # in bulk changes more than values, after which a worker that held one counts
    # by a query until a scoring page reads it again (one query fewer).
    forget_current()
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


def _read_matrix():
    """The shared scoring matrix of this revision, read as the first page that
    scores (or counts) after an edit reads it, once per process."""
    from catalogue.models import CatalogueRevision
    from catalogue.scoring.matrix import current_matrix

    current_matrix(CatalogueRevision.current())


def test_the_list_page_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    _read_matrix()
    # 1 catalogue revision (cache key and ETag), 2 filterable traits, 3 the
    # frameworks the kind, interface and "has" counts start from (the list's count
    # is among them: no COUNT query), 4 page of frameworks, 5 key-trait values
    # (prefetch).
    with django_assert_num_queries(5):
        client.get(URL, {"kind": "micro"})


def test_the_first_list_page_of_a_revision_reads_the_shared_matrix(
    client, django_assert_num_queries
):
    # The 5 queries above, and 6-10: frameworks, axes, traits, values and measured
    # values' intervals of the scoring matrix the "has" counts come from (once per
    # revision and process).
    with django_assert_num_queries(10):
        client.get(URL, {"kind": "micro"})
    # The filterable traits are kept too, until more than values change.
    with django_assert_num_queries(4):
        client.get(URL, {"kind": "full-stack"})


# --- Levels: has=<trait>:<level> -----------------------------------------------


def _levels(trait_slug):
    from catalogue.models import TraitValue

    return dict(
        TraitValue.objects.published()
        .filter(trait__slug=trait_slug)
        .values_list("framework__slug", "support_value")
    )


def test_has_with_no_level_still_means_built_in_or_first_party(client):
    websockets = _levels("websockets")
    expected = {s for s, level in websockets.items() if level in ("built-in", "first-party")}
    assert all_slugs(client, has="websockets") == expected
    assert all_slugs(client, has="websockets:first-party") == expected


def test_has_built_in_asks_for_built_in_only(client):
    websockets = _levels("websockets")
    built_in = {s for s, level in websockets.items() if level == "built-in"}
    assert all_slugs(client, has="websockets:built-in") == built_in
    assert "django" not in built_in  # Channels is a first-party add-on


def test_a_level_means_at_least_that_level_on_the_ladder(client):
    trait = make_trait(slug="teleport", name="Teleport")
    levels = ["built-in", "first-party", "third-party", "limited", "none"]
    for level in levels:
        make_value(make_framework(slug=f"tp-{level}"), trait, level, note="Partly.")
    make_value(make_framework(slug="tp-unknown"), trait, None)

    def asked(level):
        return {s for s in all_slugs(client, has=f"teleport:{level}") if s.startswith("tp-")}

    assert asked("built-in") == {"tp-built-in"}
    assert asked("first-party") == {"tp-built-in", "tp-first-party"}
    assert asked("third-party") == {"tp-built-in", "tp-first-party", "tp-third-party"}
    assert asked("limited") == {f"tp-{level}" for level in levels[:4]}


def test_asking_for_a_trait_twice_keeps_the_stricter_level(client):
    assert all_slugs(client, has=["websockets", "websockets:built-in"]) == all_slugs(
        client, has="websockets:built-in"
    )


def test_native_websockets_and_an_orm_lists_those_with_both_built_in(client):
    # The shipped catalogue: Emmett has its own ORM and WebSocket routes.
    assert all_slugs(client, has=["websockets:built-in", "orm:built-in"]) == {"emmett"}


def test_websockets_and_an_orm_first_party_allowed_lists_each_with_how_it_meets(client):
    ws, orm = _levels("websockets"), _levels("orm")
    good = {"built-in", "first-party"}
    expected = {s for s in ws if ws[s] in good and orm.get(s) in good}
    assert {"django", "fastapi", "emmett"} <= expected
    response = client.get(URL, {"has": ["websockets", "orm"]})
    assert set(slugs(response)) == expected
    content = response.content.decode()
    assert "WebSockets: first-party add-on (Channels)" in content  # Django
    assert "ORM: first-party add-on (SQLModel)" in content  # FastAPI


def test_the_level_select_sits_beside_each_ticked_support_trait(client):
    content = client.get(URL, {"has": ["websockets:built-in", "asgi"]}).content.decode()
    assert '<select name="level_websockets" aria-label="WebSockets: level">' in content
    assert '<option value="built-in" selected>built in</option>' in content
    assert 'name="level_asgi"' not in content  # a yes/no trait takes no level
    assert 'name="level_orm"' not in content  # not ticked


def test_the_plain_form_is_redirected_to_the_link_form(client):
    response = client.get(URL, {"has": ["websockets", "orm"], "level_websockets": "built-in"})
    assert response.status_code == 302
    assert response["Location"] == "/frameworks/?has=websockets%3Abuilt-in&has=orm"
    default = client.get(URL, {"has": "websockets", "level_websockets": "first-party"})
    assert default["Location"] == "/frameworks/?has=websockets"
    dropped = client.get(URL, {"level_websockets": "built-in"})
    assert dropped["Location"] == "/frameworks/"


def test_an_htmx_level_change_swaps_the_results_and_pushes_the_link_form(client):
    response = client.get(
        URL,
        {"has": "websockets", "level_websockets": "built-in"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/frameworks/?has=websockets%3Abuilt-in"
    content = response.content.decode()
    assert "<html" not in content
    assert set(slugs(response)) == all_slugs(client, has="websockets:built-in")
    # The level select arrives beside a newly ticked trait.
    assert 'id="level-websockets" data-hx-swap-oob="true"><select name="level_websockets"' in (
        content
    )


def test_a_bad_level_is_a_400_that_lists_the_valid_ones(client):
    response = client.get(URL, {"has": "websockets:native"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "“native” is not a level" in content
    assert "built-in, first-party, third-party, limited" in content


def test_a_level_on_a_yes_no_trait_is_a_400_that_says_so(client):
    response = client.get(URL, {"has": "asgi:built-in"})
    assert response.status_code == 400
    assert "ASGI is a yes/no trait, so it takes no level" in response.content.decode()


def test_an_unknown_trait_is_a_400_that_lists_the_valid_traits(client):
    response = client.get(URL, {"has": "teleportation:built-in"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "names no trait you can filter on" in content
    assert "websockets" in content and "orm" in content


def test_when_nothing_meets_every_filter_the_page_says_so_and_offers_the_closest(client):
    live = make_trait(slug="live-reload-x", name="Live X")
    store = make_trait(slug="store-x", name="Store X")
    near = make_framework(slug="near", name="Near")
    make_value(near, live, "built-in")
    make_value(near, store, "first-party", note="StoreKit, by the same team.")
    far = make_framework(slug="far", name="Far")
    make_value(far, live, "third-party")
    make_value(far, store, "built-in")
    response = client.get(URL, {"has": ["live-reload-x:built-in", "store-x:built-in"]})
    assert response.status_code == 200
    assert response.context["total"] == 0
    content = response.content.decode()
    assert "none has Live X and Store X built in" in content
    assert [f.slug for f in response.context["closest"]] == ["near"]
    assert 'Store X: first-party add-on (StoreKit) <span class="muted">(less than asked)' in (
        content
    )


# --- Search that knows the catalogue --------------------------------------------


def test_a_search_naming_traits_filters_by_them_and_says_so(client):
    response = client.get(URL, {"q": "websockets orm"})
    assert set(slugs(response)) == all_slugs(client, has=["websockets", "orm"])
    content = response.content.decode()
    assert "Showing frameworks with WebSockets and ORM built in or first-party" in content
    assert '<a href="/frameworks/?q=websockets+orm&amp;search=text">' in content
    assert "WebSockets: first-party add-on (Channels)" in content


def test_native_in_a_search_asks_for_built_in_for_the_trait_it_names(client):
    response = client.get(URL, {"q": "native websockets and an ORM"})
    assert set(slugs(response)) == all_slugs(client, has=["websockets:built-in", "orm"])
    assert "with WebSockets built in; ORM built in or first-party (" in response.content.decode()


def test_a_single_trait_search_agrees_with_its_filter(client):
    assert all_slugs(client, q="websockets") == all_slugs(client, has="websockets")


def test_search_the_text_instead_searches_names_summaries_and_notes(client):
    response = client.get(URL, {"q": "websockets", "search": "text", "sort": "name"})
    found = {fw.slug: fw.matched_in for fw in response.context["page"].object_list}
    assert "bottle" in found  # only a third-party route, named in its note
    assert "note on WebSockets" in found["bottle"]
    assert "Showing frameworks with" not in response.content.decode()
    assert 'type="hidden" name="search" value="text"' in response.content.decode()


def test_a_text_search_says_where_it_matched(client):
    make_framework(slug="zeta", name="Zeta teapot", summary="Brews teapots.")
    other = make_framework(slug="eta", name="Eta", summary="Plain.")
    make_value(other, Trait.objects.get(slug="orm"), "third-party", note="Uses TeapotORM.")
    response = client.get(URL, {"q": "teapot"})
    found = {fw.slug: fw.matched_in for fw in response.context["page"].object_list}
    assert found == {"zeta": ["name", "summary"], "eta": ["note on ORM"]}
    assert "Matched in: note on ORM" in response.content.decode()


def test_a_card_names_at_most_four_places_it_matched_and_counts_the_rest(client):
    fw = make_framework(slug="eta", name="Eta", summary="Plain.")
    for slug in ["orm", "migrations", "admin", "auth", "permissions", "templating"]:
        make_value(fw, Trait.objects.get(slug=slug), "third-party", note="Uses Teapot.")
    response = client.get(URL, {"q": "teapot"})
    card = _card(response.content.decode(), "eta")
    assert "Matched in: note on ORM, note on Schema migrations," in card
    assert " and 2 more notes</p>" in card


def test_a_bad_search_mode_is_a_400(client):
    assert client.get(URL, {"q": "orm", "search": "everything"}).status_code == 400


# --- Filters grouped the way people ask ------------------------------------------


def test_trait_filters_are_grouped_by_family_most_asked_first_and_open(client):
    groups = client.get(URL).context["facets"]["has"]
    families = [g["family"] for g in groups]
    assert families[:4] == ["Real-time", "Data layer", "APIs", "Security"]
    assert all(g["open"] for g in groups[:4])
    assert not any(g["open"] for g in groups[4:])
    real_time = {c["value"] for c in groups[0]["choices"]}
    assert {"websockets", "server-sent-events", "background-tasks"} <= real_time
    content = client.get(URL).content.decode()
    assert '<details class="family family-real-time" open>' in content
    assert '<details class="family family-users">' in content


def test_each_group_says_how_many_of_its_filters_are_ticked(client):
    response = client.get(URL, {"has": ["auth", "sessions:built-in"]})
    users = next(g for g in response.context["facets"]["has"] if g["family"] == "Users")
    assert users["ticked"] == 2 and users["open"]
    content = response.content.decode()
    assert '<span class="ticked" id="ticked-users">(2 ticked)</span>' in content
    fragment = client.get(
        URL, {"has": ["auth", "sessions:built-in"]}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'id="ticked-users" data-hx-swap-oob="true">(2 ticked)' in fragment


def test_a_ticked_trait_counts_at_the_level_asked(client):
    response = client.get(URL, {"has": "websockets:third-party"})
    has = {c["value"]: c["count"] for g in response.context["facets"]["has"] for c in g["choices"]}
    assert has["websockets"] == response.context["total"]
    assert has["orm"] == len(all_slugs(client, has=["websockets:third-party", "orm"]))


# --- Queries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"has": ["websockets:built-in", "orm:third-party", "asgi"]},
        {"q": "native websockets and an orm"},
        {"q": "channels"},
        {"has": ["websockets:built-in", "admin:built-in"]},  # closest matches
    ],
)
def test_levels_explanations_and_search_do_not_grow_the_query_count(client, params):
    small = _count_queries(client, params)
    make_many_frameworks(200)
    assert _count_queries(client, params) == small


def test_filtering_by_traits_costs_one_query_more(client, django_assert_num_queries):
    _read_matrix()
    # The 5 queries of the plain list, and 6: the ticked traits' values of the
    # frameworks on the page, for "how it meets" (whatever the number of either).
    with django_assert_num_queries(6):
        client.get(URL, {"kind": "micro", "has": ["websockets:built-in", "asgi"]})
    # The filterable traits (2) are kept from here on; the first search also reads
    # the names of the scenarios (6) and of the frameworks (7) it may name, kept too.
    with django_assert_num_queries(7):
        client.get(URL, {"q": "websockets orm"})
    with django_assert_num_queries(5):
        client.get(URL, {"q": "orm websockets"})
    with django_assert_num_queries(5):
        client.get(URL, {"q": "channels"})  # text search: the values whose notes match


def test_closest_matches_cost_no_more_than_a_page(client, django_assert_num_queries):
    _read_matrix()
    # Nothing has both built in (shipped catalogue), so no page query and no page
    # values: 1 revision, 2 traits, 3 the frameworks the counts start from (and the
    # list's count: none), 4 closest matches, 5 their badges, 6 their values for
    # the ticked traits.
    with django_assert_num_queries(6):
        response = client.get(URL, {"has": ["websockets:built-in", "admin:built-in"]})
    assert response.context["total"] == 0 and response.context["closest"]


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


def _orm_count(content: str) -> int:
    start = content.index('id="count-has-orm">') + len('id="count-has-orm">')
    return int(content[start : content.index("<", start)])


def test_an_edit_that_gives_a_framework_a_trait_changes_its_count_on_the_next_page(client):
    before = _orm_count(client.get(URL).content.decode())
    value = (
        TraitValue.objects.published()
        .filter(trait__slug="orm", verified_on__isnull=False)
        .exclude(source_url="")
        .exclude(support_value__in=["built-in", "first-party"])
    )[0]
    value.support_value = "built-in"
    value.save()
    assert _orm_count(client.get(URL).content.decode()) == before + 1
