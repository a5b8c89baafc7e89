import codecs
import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from catalogue.models import Framework, Trait, TraitValue
from tests.factories import make_framework, make_many_frameworks, make_trait, make_value

pytestmark = pytest.mark.django_db


def test_it_shows_two_frameworks_side_by_side_grouped_by_axis(client):
    response = client.get("/compare/django-vs-flask/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="page-heading">Django vs Flask</h1>' in content
    assert 'id="trait-orm"' in content
    for axis in ["Project scope &amp; complexity", "Long-term maintenance"]:
        assert axis in content
    # The source is one step away: the cell links to the value's row on Django's page.
    assert '<a href="/frameworks/django/#trait-orm">' in content


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/compare/Flask-vs-Django/", "/compare/django-vs-flask/"),
        ("/compare/flask-vs-django/", "/compare/django-vs-flask/"),
        ("/compare/flask-vs-django-vs-flask/", "/compare/django-vs-flask/"),
        ("/compare/plotly-dash-vs-flask/", "/compare/dash-vs-flask/"),
        ("/compare/flask-vs-tg2/", "/compare/flask-vs-turbogears/"),
        # Only the differences became the default: old links keep their meaning.
        ("/compare/flask-vs-django/?diff=1", "/compare/django-vs-flask/"),
        ("/compare/django-vs-flask/?diff=1", "/compare/django-vs-flask/"),
        ("/compare/django-vs-flask/?diff=0", "/compare/django-vs-flask/?all=1"),
        ("/compare/django-vs-flask/?diff=1&base=flask", "/compare/django-vs-flask/?base=flask"),
        ("/compare/Flask-vs-Django.csv", "/compare/django-vs-flask.csv"),
    ],
)
def test_non_canonical_forms_redirect_permanently(client, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


def test_one_framework_redirects_to_its_page(client):
    response = client.get("/compare/django-vs-Django/")
    assert response.status_code == 301
    assert response["Location"] == "/frameworks/django/"


def test_an_unknown_slug_is_a_404_naming_it_and_suggesting_matches(client):
    response = client.get("/compare/django-vs-flaks/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "“flaks”" in content
    assert 'href="/frameworks/flask/"' in content


def test_more_than_six_is_a_400_that_says_the_limit(client):
    response = client.get(
        "/compare/bottle-vs-dash-vs-django-vs-fastapi-vs-flask-vs-pyramid-vs-tornado/"
    )
    assert response.status_code == 400
    assert "at most 6" in response.content.decode()


def test_the_best_value_is_marked_and_ties_are_called_ties(client):
    trait = make_trait(slug="zz-support", name="Zz support", type="support")
    size = make_trait(slug="zz-size", name="Zz size", type="number", direction="lower", unit="kB")
    a, b, c = (make_framework(slug=s, name=s.title()) for s in ("aa", "bb", "cc"))
    for fw, level, kb in ((a, "built-in", 10), (b, "built-in", 30), (c, "none", 20)):
        make_value(fw, trait, level)
        make_value(fw, size, kb)
    response = client.get("/compare/aa-vs-bb-vs-cc/", {"all": "1"})
    rows = {row.trait.slug: row for row in response.context["comparison"].rows}
    support = {c.framework: c for c in rows["zz-support"].cells}
    assert support["aa"].best and support["aa"].tie
    assert support["bb"].best and support["bb"].tie
    assert not support["cc"].best
    sizes = {c.framework: c for c in rows["zz-size"].cells}
    assert sizes["aa"].best and not sizes["aa"].tie  # lower is better here
    assert not sizes["bb"].best and not sizes["cc"].best
    text = re.sub(r"<[^>]+>", "", response.content.decode())  # what a screen reader reads
    assert "Built-in (best, tied)" in text and "(best)" in text


def test_a_row_with_equal_values_marks_nothing():
    from compare.scoring import AxisInfo, Matrix, TraitInfo
    from compare.table import build

    matrix = Matrix(
        frameworks={"a": "A", "b": "B"},
        axes=[AxisInfo("x", "X")],
        traits=[TraitInfo("t", "T", "x", "boolean")],
        values={("a", "t"): True, ("b", "t"): True},
    )
    row = build(matrix, {}, {}).rows[0]
    assert not any(c.best for c in row.cells)
    assert not row.differs


def test_only_the_rows_that_differ_are_shown_by_default_and_all_is_one_click(client):
    diff = client.get("/compare/django-vs-flask/")
    shown = [r for _, rows in diff.context["groups"] for r in rows]
    assert all(r.differs for r in shown)
    total = len(diff.context["comparison"].rows)
    assert len(shown) == diff.context["comparison"].differing < total
    assert f'href="?all=1">Show all {total} rows</a>' in diff.content.decode()
    full = client.get("/compare/django-vs-flask/", {"all": "1"})
    assert sum(len(rows) for _, rows in full.context["groups"]) == total
    assert f"Show only the {len(shown)} that differ" in full.content.decode()


def test_base_marks_each_other_cell_better_worse_or_same(client):
    response = client.get("/compare/django-vs-flask/", {"base": "flask"})
    rows = {row.trait.slug: row for row in response.context["comparison"].rows}
    orm = {c.framework: c for c in rows["orm"].cells}
    assert orm["django"].versus_base == "better"
    assert orm["flask"].versus_base == ""
    assert 'class="baseline"' in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"base": "pyramid"}, {"base": "nope"}, {"diff": "yes"}, {"all": "x"}]
)
def test_bad_parameters_are_a_400_naming_them(client, params):
    response = client.get("/compare/django-vs-flask/", params)
    assert response.status_code == 400
    key = next(iter(params))
    assert f"{key}=“{params[key]}”" in response.content.decode()


def test_adding_a_framework_goes_to_the_new_canonical_url(client):
    response = client.get("/compare/django-vs-flask/", {"add": "FastAPI", "all": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/compare/django-vs-fastapi-vs-flask/?all=1"


def test_adding_with_htmx_swaps_the_table_at_the_new_url(client):
    response = client.get(
        "/compare/django-vs-flask/", {"add": "fastapi"}, headers={"HX-Request": "true"}
    )
    location = json.loads(response["HX-Location"])
    assert location["path"] == "/compare/django-vs-fastapi-vs-flask/"
    assert location["target"] == "#comparison"


def test_remove_links_lead_to_the_smaller_canonical_comparison(client):
    content = client.get("/compare/django-vs-fastapi-vs-flask/").content.decode()
    assert 'href="/compare/fastapi-vs-flask/"' in content
    assert 'aria-label="Remove Django from the comparison"' in content


def test_remove_links_keep_the_differences_and_a_baseline_that_stays(client):
    content = client.get(
        "/compare/django-vs-fastapi-vs-flask/", {"all": "1", "base": "flask"}
    ).content.decode()
    assert 'href="/compare/fastapi-vs-flask/?all=1&amp;base=flask"' in content
    assert 'href="/compare/django-vs-fastapi/?all=1"' in content


def test_removing_one_of_two_is_a_real_navigation_to_the_other_page(client):
    content = client.get("/compare/django-vs-flask/").content.decode()
    assert '<a class="remove" href="/frameworks/flask/" data-hx-boost="false"' in content


def test_an_htmx_request_gets_only_the_comparison(client):
    response = client.get(
        "/compare/django-vs-flask/", {"all": "1"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert '<div id="comparison"' in content
    assert "HX-Request" in response["Vary"]
    assert "HX-History-Restore-Request" in response["Vary"]


def test_an_htmx_swap_brings_the_title_and_heading_of_what_it_shows(client):
    content = client.get(
        "/compare/django-vs-flask-vs-sanic/", headers={"HX-Request": "true"}
    ).content.decode()
    assert re.match(r"<title>Django vs Flask vs Sanic: \d+ traits compared", content.lstrip())
    assert '<h1 id="page-heading" data-hx-swap-oob="true">Django vs Flask vs Sanic</h1>' in content


def test_a_history_restore_gets_the_full_page_even_with_hx_request(client):
    response = client.get(
        "/compare/django-vs-flask/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_the_page_has_link_preview_tags_on_the_configured_origin(client, settings):
    settings.SITE_URL = "https://framewise.example"
    content = client.get("/compare/django-vs-fastapi-vs-flask/").content.decode()
    traits = Trait.objects.count()
    assert f"<title>Django vs FastAPI vs Flask: {traits} traits compared; differ on" in content
    assert (
        '<link rel="canonical" '
        'href="https://framewise.example/compare/django-vs-fastapi-vs-flask/">' in content
    )
    assert (
        'property="og:image" '
        'content="https://framewise.example/compare/django-vs-fastapi-vs-flask.png"' in content
    )
    alt = r'property="og:image:alt" content="Django vs FastAPI vs Flask: \d+ traits'
    assert re.search(alt, content)
    assert 'name="twitter:card" content="summary_large_image"' in content


def test_the_link_preview_of_every_row_keeps_all_in_its_url(client, settings):
    settings.SITE_URL = "https://framewise.example"
    content = client.get("/compare/django-vs-flask/", {"all": "1"}).content.decode()
    url = "https://framewise.example/compare/django-vs-flask/?all=1"
    assert f'<link rel="canonical" href="{url}">' in content
    assert f'<meta property="og:url" content="{url}">' in content


def test_bare_compare_is_a_page_to_pick_frameworks(client):
    response = client.get("/compare/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<form class="pick-form" method="get" action="/compare/" autocomplete="off"' in content
    assert 'name="fw" value="django"' in content


def test_picking_one_framework_asks_for_another_and_keeps_the_tick(client):
    response = client.get("/compare/", {"fw": "flask"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tick at least two frameworks" in content
    assert 'value="flask" id="fw-flask" checked' in content


def test_picking_two_frameworks_opens_their_comparison(client):
    response = client.get("/compare/", {"fw": ["flask", "django"]})
    assert response.status_code == 302
    assert response["Location"] == "/compare/flask-vs-django/"


def test_the_preview_image_is_a_1200_by_630_png(client):
    response = client.get("/compare/django-vs-fastapi-vs-flask.png")
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def _db_value(framework, trait):
    return TraitValue.objects.get(framework__slug=framework, trait__slug=trait)


def test_the_csv_export_parses_back_to_the_database_values(client):
    response = client.get("/compare/django-vs-flask.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Trait.objects.count()
    orm = next(r for r in rows if r["trait_slug"] == "orm")
    value = _db_value("flask", "orm")
    assert orm["Flask"] == value.display
    assert orm["Flask source"] == value.source_url
    assert orm["Flask verified"] == value.verified_on.isoformat()
    measured = next(r for r in rows if r["trait_slug"] == "throughput")
    # A measured value's source is the framework's lab section, as a full URL.
    assert measured["Flask source"] == f"{settings.SITE_URL}/frameworks/flask/#lab"


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8(client):
    make_framework(slug="ramirez", name="Sebastián Ramírez")
    body = client.get("/compare/flask-vs-ramirez.csv").content
    assert body.startswith(codecs.BOM_UTF8 + b"axis,trait,")
    assert body.count(codecs.BOM_UTF8) == 1
    assert "Sebastián Ramírez".encode() in body


def test_the_json_export_parses_back_to_the_database_values(client):
    data = json.loads(client.get("/compare/django-vs-flask.json").content)
    assert [f["slug"] for f in data["frameworks"]] == ["django", "flask"]
    traits = {t["slug"]: t for a in data["axes"] for t in a["traits"]}
    value = _db_value("django", "package-size")
    cell = traits["package-size"]["values"]["django"]
    assert cell["value"] == value.number_value
    assert cell["source"] == value.source_url
    assert cell["verified"] == value.verified_on.isoformat()


def test_the_markdown_export_is_a_table_with_sources_and_dates(client):
    text = client.get("/compare/django-vs-flask.md").content.decode()
    lines = text.splitlines()
    assert "| Trait | Django | Flask |" in lines
    orm_line = next(line for line in lines if line.startswith("| ORM |"))
    value = _db_value("django", "orm")
    assert f"[Built-in](<{value.source_url}>) ({value.verified_on.isoformat()})" in orm_line
    # Every table row has the same number of cells, so it pastes as one table.
    table = [line for line in lines if line.startswith("|")]
    assert len({line.count(" | ") for line in table if "**" not in line}) == 1


def test_exports_follow_the_same_404_rules(client):
    assert client.get("/compare/django-vs-nope.json").status_code == 404


def test_hostile_text_is_neutralised_in_csv_and_escaped_in_markdown(client):
    evil = make_framework(slug="evil", name='=HYPERLINK("http://x")|*')
    trait = make_trait(type="text", slug="zz-text", name="Zz text")
    make_value(evil, trait, "@SUM(A1)|<script>")
    for other in Framework.objects.filter(slug="flask"):
        make_value(other, trait, "plain")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/compare/evil-vs-flask.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0][5].startswith("'=")
    cell = next(r for r in rows if r[2] == "zz-text")[5]
    assert cell.startswith("'@")
    md = client.get("/compare/evil-vs-flask.md").content.decode()
    assert "<script>" not in md
    assert "\\|" in md


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_is_the_same_for_two_and_six_frameworks(client):
    # The first comparison after a change also reads the scenarios (what weighs
    # in a decision, for "where they differ most"); it is kept from then on.
    _queries(client, "/compare/flask-vs-sanic/")
    two = _queries(client, "/compare/django-vs-flask/")
    six = _queries(client, "/compare/bottle-vs-dash-vs-django-vs-fastapi-vs-flask-vs-tornado/")
    assert two == six
    make_many_frameworks(100)
    _queries(client, "/compare/flask-vs-sanic/")  # the scenarios again, after a change
    assert _queries(client, "/compare/django-vs-flask/") == two


def _section(content: str, start: str, end: str) -> str:
    part = content[content.index(start) :]
    return part[: part.index(end)]


def test_each_cell_shows_its_level_as_a_class_and_a_text_label(client):
    content = client.get("/compare/django-vs-fastapi-vs-flask/").content.decode()
    row = _section(content, '<tr id="trait-orm">', "</tr>")
    django = '<td class="c level-built-in best"><a href="/frameworks/django/#trait-orm">Built-in'
    assert django in row
    assert re.search(r'<td class="c level-first-party( nm)?"><a [^>]*>First-party</a>', row)
    assert re.search(r'<td class="c level-third-party( nm)?">', row)
    legend = _section(content, '<ul class="legend grid-legend"', "</ul>")
    for css in ("level-built-in", "level-first-party", "level-third-party", "level-limited"):
        assert f'class="key {css}"' in legend
    for css in ("level-none", "yes", "no", "scale-1", "scale-5", "unknown"):
        assert f'class="key {css}"' in legend


def test_a_cell_links_to_its_row_on_the_framework_page_where_the_source_is(client):
    content = client.get("/compare/django-vs-flask/").content.decode()
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    row = _section(content, '<tr id="trait-orm">', "</tr>")
    assert 'href="/frameworks/flask/#trait-orm"' in row
    assert value.source_url not in content  # not shipped in the grid
    page = client.get("/frameworks/flask/").content.decode()
    target = _section(page, '<tr id="trait-orm">', "</tr>")
    assert value.source_url in target
    assert f'<time datetime="{value.verified_on.isoformat()}">' in target


def test_a_note_marker_only_where_the_note_is_worth_reading(client):
    content = client.get("/compare/django-vs-flask/", {"all": "1"}).content.decode()
    orm = _section(content, '<tr id="trait-orm">', "</tr>")
    django, flask = orm.split("</td>")[:2]
    assert " nm\"><a" not in django  # "Built-in": the note restates it
    assert " nm\"><a" in flask  # "Third-party": which package
    flask_note = TraitValue.objects.get(framework__slug="flask", trait__slug="orm").note
    assert f'title="{flask_note.split(". ")[0][:60]}' in flask.replace("&#x27;", "'")
    assert 'class="note-list"' not in content
    assert '<details class="fn' not in content


def test_a_cell_carries_at_most_one_symbol_beside_its_label(client):
    for params in ({}, {"base": "flask"}):
        content = client.get("/compare/django-vs-fastapi-vs-flask/", params).content.decode()
        cells = re.findall(r'<td class="c [^"]*">.*?</td>', content)
        assert cells
        assert all(cell.count('class="sym') <= 1 for cell in cells)
        assert "✓" not in "".join(cells)
    # Against a baseline the ▲/▼/= is the style sheet's, and the word is in the link.
    orm = _section(content, '<tr id="trait-orm">', "</tr>")
    assert 'class="c level-built-in best vs-better"' in orm
    assert "Built-in<span class=vh> (best, better)</span></a></td>" in orm


def test_page_weight_three_way_at_most_60_kb_and_six_way_at_most_120_kb(client):
    # 60 KB is 60,000 bytes of HTML before compression, for every view of the grid:
    # the default (differences), every row, a baseline, and both together.
    views = ({}, {"all": "1"}, {"base": "flask"}, {"all": "1", "base": "flask"})
    for params in views:
        three = client.get("/compare/django-vs-fastapi-vs-flask/", params)
        assert three.status_code == 200
        assert len(three.content) <= 60_000, (params, len(three.content))
    for spec in (
        "django-vs-fastapi-vs-flask-vs-litestar-vs-pyramid-vs-sanic",
        "aiohttp-vs-django-vs-fastapi-vs-flask-vs-litestar-vs-starlette",
    ):
        for params in views:
            six = client.get(f"/compare/{spec}/", params)
            assert six.status_code == 200
            assert len(six.content) <= 120_000, (spec, params, len(six.content))
    # An old diff=1 link lands on the default view (differences only).
    old = client.get("/compare/django-vs-fastapi-vs-flask/", {"diff": "1"}, follow=True)
    assert len(old.content) <= 60_000, len(old.content)


def test_axes_are_open_collapsible_sections_that_count_their_differing_rows(client):
    response = client.get("/compare/django-vs-flask/")
    content = response.content.decode()
    for group in response.context["comparison"].groups:
        differing = sum(1 for r in group.rows if r.differs)
        assert f'id="axis-{group.slug}" open><summary>' in content
        assert f"{differing}/{len(group.rows)} differ</span>" in content


def test_the_summary_has_score_bars_per_axis_and_the_five_rows_that_differ_most(client):
    response = client.get("/compare/django-vs-fastapi-vs-flask/")
    content = response.content.decode()
    scores = _section(content, '<table class="scores">', "</table>")
    assert scores.count('<svg class="sbar"') == 3 * 4
    assert re.search(r'<rect class="fill" width="\d+" height="10"', scores)
    differ = _section(content, '<div class="summary-differ">', "</table>")
    assert differ.count("<tr>") == 1 + 5  # its header row and five traits
    shown = re.findall(r'<th scope="row">([^<]+)</th>', differ)
    # What weighs in the scenarios' decisions (an admin, WebSockets, async views),
    # never a trait that is shown but not scored, nor a minor one.
    assert "WebSockets" in shown and "Async views" in shown
    for trivia in ("Flask-compatible API", "WSGI", "ASGI", "Releases in the last 12 months"):
        assert trivia not in shown
    assert "id=" not in differ.split("</thead>")[1]  # the grid keeps the anchors
    # Leaving for the decision matrix is a real navigation, not a swap of the grid.
    assert '?only=django,fastapi,flask" data-hx-boost="false">' in content


def test_an_axis_score_does_not_depend_on_who_else_is_compared():
    from compare.matrix import load_comparison
    from compare.table import axis_scores, build

    def django_scores(slugs):
        comparison = build(*load_comparison(slugs))
        return [a.scores["django"] for a in axis_scores(comparison)]

    assert django_scores(["django", "flask"]) == django_scores(["django", "fastapi", "sanic"])


def test_the_stylesheet_keeps_the_header_row_and_trait_column_in_view():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert re.search(r"details\.axis\[open\] > summary \{ position: sticky; top: 0;", css)
    assert re.search(
        r"\.compare-table \.trait-col, \.compare-table th\[scope=\"row\"\] "
        r"\{ position: sticky; left: 0;",
        css,
    )
    assert re.search(r"\.grid-scroll \{ overflow-x: auto;", css)
