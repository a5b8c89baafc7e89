"""Lab samples on the site: framework pages and ``/compare/…?task=<slug>``."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compare.grid import samples

pytestmark = pytest.mark.django_db


def test_a_framework_page_shows_its_samples_verified_and_highlighted(client):
    content = client.get("/frameworks/fastapi/").content.decode()
    fastapi = samples.for_framework("fastapi")
    assert 'id="lab"' in content  # measured values link to #lab
    assert f"verified on <time datetime=\"{fastapi.verified_on}\">" in content
    assert f"with FastAPI {fastapi.version}" in content
    assert 'id="sample-websocket"' in content
    assert '<pre class="highlight" tabindex="0">' in content  # scrollable, so focusable
    # Highlighted by Pygments with classes (the stylesheet is linked), never inline styles.
    assert '<span class="nd">@app</span>' in content
    assert "/static/css/code.css" in content
    assert " style=" not in content


def test_a_task_a_framework_cannot_do_says_why(client):
    content = client.get("/frameworks/flask/").content.decode()
    section = content.split('id="sample-websocket"', 1)[1].split("</details>", 1)[0]
    assert "Not supported" in section
    assert "WSGI" in section


def test_code_keeps_its_indentation_through_the_page_cache(client):
    first = client.get("/frameworks/flask/").content.decode()
    again = client.get("/frameworks/flask/")
    assert again["X-Cache"] == "hit"
    for content in (first, again.content.decode()):
        # The body of `def hello():` is indented: its first space is an entity the
        # cache's whitespace trimming leaves alone.
        assert re.search(r'<span class="nf">hello</span>.*\n&#32;   <span class="k">return',
                         content)


def test_a_framework_without_a_lab_folder_has_no_samples_section(client):
    from tests.factories import make_framework

    make_framework(slug="nolab", name="No Lab")
    response = client.get("/frameworks/nolab/")
    assert response.status_code == 200
    assert 'id="lab"' not in response.content.decode()
    assert "code.css" not in response.content.decode()


def test_a_comparison_shows_one_task_side_by_side(client):
    response = client.get("/compare/fastapi-vs-flask/", {"task": "json-body"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page">JSON body validation</a>' in content
    fastapi = content.split('id="code-fastapi"', 1)[1].split("</section>", 1)[0]
    flask = content.split('id="code-flask"', 1)[1].split("</section>", 1)[0]
    assert "BaseModel" in fastapi
    assert "get_json" in flask
    assert "Verified on" in fastapi


def test_a_comparison_without_a_task_only_offers_the_tasks(client):
    content = client.get("/compare/fastapi-vs-flask/").content.decode()
    assert "?task=websocket#code-side-by-side" in content
    assert 'id="code-fastapi"' not in content
    empty = client.get("/compare/fastapi-vs-flask/?task=")
    assert empty.status_code == 200
    assert 'id="code-fastapi"' not in empty.content.decode()


def test_a_task_one_framework_declines_says_so_beside_the_other(client):
    content = client.get("/compare/django-vs-tornado/", {"task": "websocket"}).content.decode()
    django = content.split('id="code-django"', 1)[1].split("</section>", 1)[0]
    assert "Not supported" in django and "Channels" in django
    assert "WebSocketHandler" in content.split('id="code-tornado"', 1)[1]


def test_the_task_comes_with_the_htmx_fragment(client):
    response = client.get(
        "/compare/fastapi-vs-flask/", {"task": "streaming"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert not content.lstrip().startswith("<!doctype")
    assert 'id="comparison"' in content
    assert "StreamingResponse" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("task=deploy", "the lab&#x27;s tasks are hello-json"),
        ("task=params&task=template", "task appears more than once"),
        ("task=" + "x" * 500, "task=“" + "x" * 40 + "”"),
    ],
)
def test_a_bad_task_is_a_400_that_says_why(client, query, message):
    response = client.get(f"/compare/fastapi-vs-flask/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_task_adds_no_queries(client):
    from django.core.cache import cache

    def queries(path):
        cache.clear()  # render the page, not the cached copy
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    # Warm whatever the process keeps between requests, then compare like with like.
    queries("/compare/django-vs-flask/")
    assert queries("/compare/django-vs-flask/?task=params") == queries("/compare/django-vs-flask/")


def test_reading_the_samples_afresh_makes_no_queries(client):
    from django.core.cache import cache

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/frameworks/flask/").status_code == 200
        return len(ctx.captured_queries)

    queries()
    warm = queries()
    samples.for_framework.cache_clear()
    assert queries() == warm


def test_measured_figures_come_with_their_setup(client):
    measured = samples.for_framework("flask").measured
    assert measured is not None, "lab/results/measured.json has no Flask"
    content = client.get("/frameworks/flask/").content.decode()
    assert "<h3>Measured</h3>" in content
    assert measured.server_settings in content
    assert "bin/lab measure flask" in content
    assert f"{measured.metrics['install_dists']} distributions" in content
