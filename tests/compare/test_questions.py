"""The questions a tech lead asks that the catalogue had no trait for (issue 27): each
is one URL, and its top three is one an expert would sign."""

from urllib.parse import urlparse

import pytest
import yaml

from catalogue.content import DATA_DIR
from catalogue.models import Framework, SupportLevel, TraitValue

pytestmark = pytest.mark.django_db

NEW_TRAITS = [
    "api-auth",
    "htmx-partials",
    "async-postgres",
    "websocket-broadcast",
    "streaming-uploads",
]
LEVELS = {"built-in", "first-party", "third-party", "limited", "none"}


def _decide(client, **params):
    # A non-canonical query (default weights spelled out) redirects to its canonical form.
    response = client.get("/decide.json", params, follow=True)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _top(data, n=3):
    return [r["slug"] for r in data["ranking"][:n]]


def _eliminated(data):
    return {e["slug"] for e in data["eliminated"]}


@pytest.mark.parametrize("trait", NEW_TRAITS)
def test_each_question_is_one_url_that_answers_with_a_page(client, trait):
    response = client.get("/decide/", {"must": trait})
    assert response.status_code == 200
    data = _decide(client, must=trait)
    assert [m["slug"] for m in data["must_haves"]] == [trait]
    assert len(data["ranking"]) >= 3


def test_token_authentication_for_an_api_is_led_by_the_frameworks_that_ship_it(client):
    data = _decide(client, must="api-auth")
    assert {"fastapi", "litestar"} <= set(_top(data))
    # Flask needs another package (Flask-JWT-Extended): third-party, so it is out.
    assert "flask" in _eliminated(data)
    # Django alone is out too, but Django with its API toolkits meets it: one stack,
    # never Django beside its own toolkits as rivals.
    django = [r for r in data["ranking"] if (r.get("stack") or [""])[0] == "django"]
    assert len(django) == 1
    assert {"django", "django-rest-framework", "django-ninja"} <= set(
        django[0]["stack"] + django[0]["folded"]
    )


def test_htmx_partials_put_django_with_its_template_partials_in_the_top_three(client):
    data = _decide(client, must="htmx-partials")
    assert "django" in _top(data)
    assert "fasthtml" in {r["slug"] for r in data["ranking"]}
    # Jinja2 renders whole templates; block rendering is a third-party package.
    assert {"flask", "fastapi", "starlette"} <= _eliminated(data)


def test_async_postgres_keeps_only_frameworks_whose_data_layer_awaits_a_driver(client):
    data = _decide(client, must="async-postgres")
    top = _top(data)
    assert top[0] == "litestar"
    assert set(top) <= {"litestar", "aiohttp", "blacksheep", "reflex"}
    # Django's async ORM runs each query in a thread; Flask runs a loop per request.
    assert {"django", "flask"} <= _eliminated(data)


def test_broadcasting_to_many_websocket_clients_names_channels_and_groups(client):
    data = _decide(client, must="websocket-broadcast")
    assert {"litestar", "django"} <= set(_top(data))
    # FastAPI's documented connection manager is a list in one process.
    assert {"fastapi", "starlette", "flask"} <= _eliminated(data)


def test_large_uploads_leave_out_only_frameworks_that_buffer_the_whole_file(client):
    data = _decide(client, must="streaming-uploads")
    assert {"django", "fastapi", "litestar"} & set(_top(data))
    assert {"streamlit", "dash", "robyn"} <= _eliminated(data)
    assert len(data["ranking"]) >= 20


def test_a_chat_service_weighs_broadcast_and_keeps_its_own_must_haves(client):
    data = _decide(client, scenario="chat-service")
    assert "websocket-broadcast" in data["weights"]
    assert {m["slug"] for m in data["must_haves"]} >= {"websockets", "async-views"}
    assert "litestar" in _top(data)


def test_weighing_a_new_trait_lifts_the_frameworks_that_have_it(client):
    axes = "scope:5,team:5,performance:5,maintenance:5"
    before = [r["slug"] for r in _decide(client, w=axes)["ranking"]]
    after = [r["slug"] for r in _decide(client, w=f"{axes},htmx-partials:10")["ranking"]]
    # Not in the axis scores until asked for; then the first place goes to a framework
    # that renders partials itself, and FastHTML, built around htmx, climbs.
    first = TraitValue.objects.get(framework__slug=after[0], trait__slug="htmx-partials")
    assert first.support_value == SupportLevel.BUILT_IN, after[0]
    assert after.index("fasthtml") < before.index("fasthtml")


def test_every_framework_has_a_sourced_value_for_each_new_trait():
    values = TraitValue.objects.filter(trait__slug__in=NEW_TRAITS).select_related(
        "framework", "trait"
    )
    assert values.count() == Framework.objects.count() * len(NEW_TRAITS)
    for value in values:
        where = f"{value.framework.slug} {value.trait.slug}"
        assert value.support_value in SupportLevel.values, where
        # A page that shows the claim, not a site's front page.
        assert urlparse(value.source_url).path.strip("/"), where
        assert value.verified_on is not None and value.note, where


def test_a_toolkit_says_which_values_it_takes_from_its_host():
    for slug in ("django-rest-framework", "django-ninja"):
        value = TraitValue.objects.get(framework__slug=slug, trait__slug="websocket-broadcast")
        assert value.note.startswith("From Django"), value.note
        assert value.support_value == "first-party"


def test_each_new_trait_has_a_rubric_for_every_level():
    traits = {t["slug"]: t for t in yaml.safe_load((DATA_DIR / "traits.yaml").read_text())}
    for slug in NEW_TRAITS:
        rubric = traits[slug]["rubric"]
        assert set(rubric) >= LEVELS, slug
        assert all(len(rubric[level].split()) >= 8 for level in LEVELS), slug
        assert rubric["borderline"], slug
