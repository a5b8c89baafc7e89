"""A toolkit that builds on a host framework is ranked as a stack with its host,
never as its rival, and what it inherits reads "from <host>"."""

from __future__ import annotations

import pytest

from catalogue.models import CatalogueRevision, Framework, Scenario
from catalogue.scoring.engine import TIE_TOLERANCE, canonical_seed, score
from catalogue.scoring.matrix import load_matrix
from catalogue.scoring.podiums import scenario_podiums

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
    data = client.get(url, follow=True).json()
    first = data["ranking"][0]
    assert first["stack"] == ["django", "django-ninja"]
    assert first["name"] == "Django + Django Ninja"
    slugs = [line["slug"] for line in data["ranking"]]
    assert "django" not in slugs and "django-rest-framework" not in slugs


def test_the_decision_page_shows_the_stack_and_what_it_folds(client):
    page = client.get("/scenarios/cms-with-editors/").content.decode()
    assert "one stack with Django Ninja, Django REST framework" in page


def test_a_comparison_says_from_django_for_what_a_toolkit_inherits(client):
    # A comparison shows only the rows that differ unless all=1: beside Django itself
    # every inherited value is the same, so the whole grid is asked for.
    page = client.get("/compare/django-vs-django-ninja/?all=1").content.decode()
    assert ">From Django</a>" in page
    assert 'title="Built-in in Django, which Django Ninja builds on"' in page
    # Beside a rival the inherited admin differs, and reads "From Django" by default.
    page = client.get("/compare/django-ninja-vs-flask/").content.decode()
    admin = page.split('href="/frameworks/django-ninja/#trait-admin"')[1].split("</td>")[0]
    assert "From Django" in admin
    assert ">Built-in<" not in admin


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


def _decisions() -> list[dict[str, str]]:
    """Every scenario, and the question whose answer is a stack of toolkits."""
    scenarios = Scenario.objects.published().values_list("slug", flat=True)
    return [{"scenario": slug} for slug in scenarios] + [{"must": "api-auth"}]


def _entity(line: dict) -> set[str]:
    return {*(line["stack"] or [line["slug"]]), *line["folded"]}


def test_every_tipping_point_puts_its_challenger_first_as_a_stack_never_the_leaders_own(client):
    checked = 0
    for params in _decisions():
        data = client.get("/decide.json", params).json()
        leader = _entity(data["ranking"][0])
        for point in data["tipping_points"]:
            assert point["challenger"] not in leader, (params, point)
            weights = {**data["weights"], point["criterion"]: point["threshold"]}
            changed = client.get(
                "/decide.json",
                {**params, "w": ",".join(f"{c}:{w:g}" for c, w in weights.items())},
                follow=True,  # the scenario's own weights are left out of the canonical URL
            ).json()
            first, second = changed["ranking"][0], changed["ranking"][1]
            assert point["challenger"] in _entity(first), (params, point, first["slug"])
            assert not leader & _entity(first), (params, point)
            assert first["score"] - second["score"] >= TIE_TOLERANCE - 1e-4, (params, point)
            checked += 1
    assert checked, "some decision has a tipping point"


def test_a_stack_wins_the_nearby_weightings_any_of_its_members_would_win(client):
    matrix = load_matrix()
    for params in _decisions():
        data = client.get("/decide.json", params).json()
        shares = {line["slug"]: line["wins_share"] for line in data["ranking"]}
        assert sum(shares.values()) == pytest.approx(1.0, abs=1e-6)
        weights = {c: float(w) for c, w in data["weights"].items()}
        must = [m["slug"] for m in data["must_haves"]]
        seed = canonical_seed(weights, must, data["only"] or [], [])
        # The same sampled weightings over every framework on its own line.
        apart = {r.slug: r.wins_share for r in score(matrix, weights, must, seed=seed).ranking}
        for line in data["ranking"]:
            members = _entity(line) & set(apart)
            together = sum(apart[m] for m in members)
            assert line["wins_share"] == pytest.approx(together, abs=0.002), (params, line["slug"])
