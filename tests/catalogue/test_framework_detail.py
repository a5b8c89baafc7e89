import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Framework, Status, TraitValue
from tests.factories import make_framework, make_many_frameworks

pytestmark = pytest.mark.django_db


def test_it_shows_the_header_and_links(client):
    response = client.get("/frameworks/django/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Django</h1>" in content
    assert "BSD-3-Clause" in content
    assert "https://pypi.org/project/django/" in content
    assert Framework.objects.get(slug="django").latest_version in content


def test_every_trait_is_shown_grouped_by_axis_with_source_and_date(client):
    content = client.get("/frameworks/flask/").content.decode()
    for axis in [
        "Project scope &amp; complexity",
        "Team &amp; velocity",
        "Performance &amp; scalability",
        "Long-term maintenance",
    ]:
        assert re.search(rf'<h2 id="axis-[a-z]+-name">{axis} <span class="axis-count">', content)
    orm = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    assert 'id="trait-orm"' in content
    assert orm.source_url.replace("&", "&amp;") in content
    assert "verified <time" in content


def test_unknown_values_say_unknown_and_why(client):
    unknown = (
        TraitValue.objects.filter(framework__slug="turbogears")
        .exclude(note="")
        .filter(
            support_value__isnull=True,
            bool_value__isnull=True,
            scale_value__isnull=True,
            number_value__isnull=True,
            text_value="",
        )
        .first()
    )
    assert unknown is not None
    content = client.get("/frameworks/turbogears/").content.decode()
    assert "Unknown" in content
    assert unknown.note.replace("'", "&#x27;").replace('"', "&quot;")[:40] in content


def test_it_names_scenarios_it_fits_and_alternatives(client):
    response = client.get("/frameworks/django/")
    assert response.context["alternatives"]
    assert all("-vs-" in a["compare"] for a in response.context["alternatives"])
    content = response.content.decode()
    assert "Fits best" in content
    # A place says what it is a place among, not a bare "#3 of 26".
    place = r"<strong>#\d+</strong> of the \d+ frameworks that meet its must-haves"
    assert re.search(place, content)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/frameworks/Django/", "/frameworks/django/"),
        ("/frameworks/plotly-dash/", "/frameworks/dash/"),
        ("/frameworks/tg2/", "/frameworks/turbogears/"),
    ],
)
def test_case_and_aliases_redirect_permanently(client, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


def test_a_renamed_framework_redirects_from_its_old_slug(client):
    framework = make_framework(slug="oldname", name="Renamed")
    framework.slug = "newname"
    framework.save()
    response = client.get("/frameworks/oldname/")
    assert response.status_code == 301
    assert response["Location"] == "/frameworks/newname/"


def test_an_unknown_slug_is_a_404_that_suggests_close_matches(client):
    response = client.get("/frameworks/djnago/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "djnago" in content
    assert 'href="/frameworks/django/"' in content


def test_a_draft_is_a_404(client):
    make_framework(slug="hidden", status=Status.DRAFT)
    assert client.get("/frameworks/hidden/").status_code == 404


def test_descriptions_are_sanitised_on_the_page(client):
    make_framework(slug="evil", name="Evil", description="Hi <script>alert(1)</script>")
    content = client.get("/frameworks/evil/").content.decode()
    assert "<script>alert(1)" not in content


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_catalogue(client):
    small = _count(client, "/frameworks/django/")
    make_many_frameworks(200)
    assert _count(client, "/frameworks/django/") == small


def test_the_header_gives_the_key_facts_and_jump_links_per_axis(client):
    content = client.get("/frameworks/django/").content.decode()
    facts = content[content.index('<dl class="facts key-facts">') : content.index("</dl>")]
    for label in ("Kind", "Server interface", "Latest version", "Licence", "Maintenance"):
        assert f"<dt>{label}</dt>" in facts
    assert "<dt>Fits best</dt>" in facts and "/scenarios/" in facts
    assert "Active" in facts  # the maintenance-status value
    jump = content[content.index('<nav class="jump"') :]
    jump = jump[: jump.index("</nav>")]
    for axis in ("scope", "team", "performance", "maintenance"):
        assert f'href="#axis-{axis}"' in jump
        assert f'<details class="axis cols-1 with-note" id="axis-{axis}" open>' in content


def test_rows_are_the_grids_compact_rows_with_level_classes_labels_and_footnotes(client):
    content = client.get("/frameworks/django/").content.decode()
    row = content[content.index('<tr id="trait-orm">') :]
    row = row[: row.index("</tr>")]
    assert '<td class="c level-built-in">' in row
    assert '<span class="v" title="Built-in">Built-in</span>' in row
    orm = TraitValue.objects.get(framework__slug="django", trait__slug="orm")
    footnote = row[row.index('<details class="fn">') :]
    assert orm.source_url in footnote
    assert f'<time datetime="{orm.verified_on.isoformat()}">' in footnote
    assert '<td class="note-cell">' in row  # the note, on the same line
    assert "grid-legend" in content


def test_the_labs_samples_are_a_list_that_opens_without_javascript(client):
    content = client.get("/frameworks/flask/").content.decode()
    samples = content[content.index('<ul class="sample-list">') :]
    assert samples.count('<li><details id="sample-') >= 5
