"""Link previews on every public page type: canonical URL with the view's state,
Open Graph and Twitter tags, and a preview image with its alt text."""

import html
import re

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db

ORIGIN = "https://framewise.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = ORIGIN


def _tags(content: str) -> dict[str, str]:
    tags = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', content))
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', content)
    tags["canonical"] = canonical.group(1) if canonical else ""
    return tags


@pytest.mark.parametrize(
    ("path", "params", "url", "image"),
    [
        ("/", {}, "/", "/preview.png"),
        ("/frameworks/", {}, "/frameworks/", "/preview.png"),
        (
            "/frameworks/",
            {"has": "websockets", "kind": "async"},
            "/frameworks/?kind=async&amp;has=websockets",
            "/preview.png",
        ),
        ("/frameworks/django/", {}, "/frameworks/django/", "/frameworks/django/preview.png"),
        (
            "/compare/django-vs-flask/",
            {"all": "1", "base": "flask"},
            "/compare/django-vs-flask/?all=1&amp;base=flask",
            "/compare/django-vs-flask.png",
        ),
        ("/compare/", {}, "/compare/", "/preview.png"),
        ("/scenarios/", {}, "/scenarios/", "/preview.png"),
        (
            "/scenarios/chat-service/",
            {},
            "/scenarios/chat-service/",
            "/scenarios/chat-service/preview.png",
        ),
        (
            "/decide/",
            {"scenario": "chat-service", "w": "team:9"},
            "/decide/?scenario=chat-service&amp;w=team:9",
            "/decide.png?scenario=chat-service&amp;w=team:9",
        ),
        ("/changes/", {"framework": "flask"}, "/changes/?framework=flask", "/preview.png"),
    ],
)
def test_every_page_type_has_a_link_preview_that_keeps_its_state(client, path, params, url, image):
    tags = _tags(client.get(path, params).content.decode())
    assert tags["canonical"] == ORIGIN + url
    assert tags["og:url"] == ORIGIN + url
    assert tags["og:image"] == ORIGIN + image
    assert tags["twitter:image"] == ORIGIN + image
    assert tags["twitter:card"] == "summary_large_image"
    for name in ("og:title", "og:description", "og:image:alt", "twitter:title"):
        assert tags[name].strip(), name
    for name in ("twitter:description", "twitter:image:alt", "description"):
        assert tags[name].strip(), name


@pytest.mark.parametrize(
    "path",
    [
        "/preview.png",
        "/frameworks/django/preview.png",
        "/scenarios/chat-service/preview.png",
        "/decide.png?scenario=chat-service",
        "/compare/bottle-vs-dash-vs-django-vs-fastapi-vs-flask-vs-tornado.png",
    ],
)
def test_preview_images_are_1200_by_630_pngs(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    import io

    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_the_framework_image_alt_text_names_its_key_facts(client):
    tags = _tags(client.get("/frameworks/django/").content.decode())
    assert tags["og:image:alt"].startswith("Django, key facts. Kind: Full-stack;")


def test_the_scenario_and_decision_alt_texts_name_the_top_three_with_scores(client):
    for path in ("/scenarios/chat-service/", "/decide/?scenario=chat-service"):
        alt = _tags(client.get(path).content.decode())["og:image:alt"]
        place = r"\w+ \(\d+\.\d/100\)"
        assert re.search(rf"the top three: 1\. {place}, 2\. {place}, 3\. \w+", alt), alt


def test_the_comparison_image_lists_the_rows_the_page_says_differ_most(client):
    """The image and its alt text name the rows of the page's "where they differ
    most", in its order (what weighs in a decision, not a release count)."""
    for path in ("/compare/django-vs-flask/", "/compare/django-vs-fastapi-vs-flask/"):
        page = client.get(path).content.decode()
        section = page.split("<h3>Where they differ most</h3>", 1)[1].split("</table>", 1)[0]
        shown = [html.unescape(n) for n in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', section)]
        alt = html.unescape(_tags(page)["og:image:alt"])
        named = alt.split("the biggest differences: ", 1)[1].rstrip(".").split(", ")
        assert shown and named == shown[: len(named)], (named, shown)


def test_preview_text_wraps_at_words_and_never_cuts_them():
    from PIL import ImageDraw

    from web.images import TABLE_SIZE, wrap

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    lines = wrap(draw, "First-party add-on", TABLE_SIZE, 130)
    assert " ".join(lines) == "First-party add-on"
    assert all("…" not in line for line in lines)


@pytest.mark.parametrize(
    "path", ["/frameworks/no-such/preview.png", "/scenarios/no-such/preview.png"]
)
def test_a_preview_image_of_something_unknown_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_preview_image_of_a_bad_decision_is_a_400(client):
    assert client.get("/decide.png", {"w": "team:99"}).status_code == 400


def test_the_method_page_has_link_preview_tags(client):
    tags = _tags(client.get("/decide/method/").content.decode())
    assert tags["og:url"] == f"{ORIGIN}/decide/method/"
    assert tags["canonical"] == f"{ORIGIN}/decide/method/"
    assert tags["og:image"] == f"{ORIGIN}/preview.png"
    assert tags["og:title"] == "How decisions are scored"
    assert tags["og:image:alt"] and tags["twitter:card"]


def test_editors_previews_are_kept_by_no_cache(client, editor):
    from catalogue.models import Framework, Status

    Framework.objects.filter(slug="bottle").update(status=Status.DRAFT)
    client.force_login(editor)
    for path in ("/preview/frameworks/bottle/", "/preview/scenarios/chat-service/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
