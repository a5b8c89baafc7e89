"""A toolkit that builds on a host framework is ranked as a stack with its host,
never as its rival, and what it inherits reads "from <host>"."""

from __future__ import annotations

import pytest

from catalogue.models import CatalogueRevision, Framework, Scenario
from catalogue.views import scenario_podiums

pytestmark = pytest.mark.django_db


def stacks() -> dict[str, str]:
    return dict(
        Framework.objects.published()
        .filter(builds_on__isnull=False)
        .values_list("slug", "builds_on__slug")
    )


def test_no_scenarios_top_three_holds_a_toolkit_beside_its_own_host(client):
    hosts = stacks()
    assert hosts, "the shipped catalogue has toolkits"
    scenarios = list(Scenario.objects.published().values_list("slug", flat=True))
    assert scenarios
    for slug in scenarios:
        data = client.get(f"/decide.json?scenario={slug}").json()
        top = [line["slug"] for line in data["ranking"][:3]]
        for toolkit, host in hosts.items():
            assert not (toolkit in top and host in top), (slug, top)
        everyone = [line["slug"] for line in data["ranking"]]
        for toolkit, host in hosts.items():
            assert not (toolkit in everyone and host in everyone), (slug, everyone)


def test_the_cms_ranking_shows_django_once_with_its_toolkits_folded_in(client):
    data = client.get("/decide.json?scenario=cms-with-editors").json()
    first = data["ranking"][0]
    assert first["slug"] == "django"
    assert first["stack"] is None
    assert sorted(first["folded"]) == ["django-ninja", "django-rest-framework"]
    challengers = {p["challenger"] for p in data["tipping_points"]}
    assert not challengers & {"django-ninja", "django-rest-framework"}


def test_a_toolkit_that_leads_is_named_as_its_stack_in_the_json(client):
    # Typed validation and OpenAPI from type hints, with an admin: Django alone lacks them.
    url = "/decide.json?w=openapi:10,type-hint-validation:10,admin:10&must=admin"
    data = client.get(url).json()
    first = data["ranking"][0]
    assert first["stack"] == ["django", "django-ninja"]
    assert first["name"] == "Django + Django Ninja"
    slugs = [line["slug"] for line in data["ranking"]]
    assert "django" not in slugs and "django-rest-framework" not in slugs


def test_the_decision_page_shows_the_stack_and_what_it_folds(client):
    page = client.get("/scenarios/cms-with-editors/").content.decode()
    assert "one stack with Django Ninja, Django REST framework" in page


def test_a_comparison_says_from_django_for_what_a_toolkit_inherits(client):
    page = client.get("/compare/django-vs-django-ninja/").content.decode()
    assert "From Django</span>" in page
    assert "Built-in in Django, which Django Ninja builds on" in page


def test_a_toolkits_own_page_never_shows_the_admin_as_its_own_built_in(client):
    page = client.get("/frameworks/django-rest-framework/").content.decode()
    row = page.split('id="trait-admin"')[1].split("</tr>")[0]
    assert "From Django" in row
    assert ">Built-in<" not in row


def test_the_catalogue_filter_names_the_host_of_inherited_values(client):
    page = client.get("/frameworks/?has=admin").content.decode()
    assert "Admin interface (from Django)" in page


def test_fits_best_counts_a_host_and_its_toolkits_as_one_place():
    hosts = stacks()
    for slug, (top, ranked) in scenario_podiums(CatalogueRevision.current()).items():
        roots = [hosts.get(fw, fw) for fw in top]
        assert len(roots) == len(set(roots)), (slug, top)
        assert ranked <= Framework.objects.published().count() - len(hosts)


def test_comparison_exports_name_the_host_of_inherited_values(client):
    data = client.get("/compare/django-vs-django-ninja.json").json()
    text = data if isinstance(data, str) else str(data)
    assert "'inherited_from': 'Django'" in text
    assert "Built-in (from Django)" in text
    markdown = client.get("/compare/django-vs-django-ninja.md").content.decode()
    assert r"Built-in \(from Django\)" in markdown
