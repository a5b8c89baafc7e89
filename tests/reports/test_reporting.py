"""A visitor reports a value: the form as a page and as a fragment, the traps for
bots, the hourly limit, the confirmation and the status link."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError
from django.test import Client

from catalogue.models import Framework, Trait, TraitValue
from reports import views
from reports.models import Report, ReportStatus
from tests.reports.helpers import hidden_inputs, opened_seconds_ago, report_data, send

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>\u202egnp.exe\u2066 " + "x" * 50


def test_the_framework_page_offers_one_report_control_per_value(client):
    html = client.get("/frameworks/flask/").content.decode()
    values = TraitValue.objects.filter(framework__slug="flask").count()
    assert html.count('class="report-link"') == values
    assert 'href="/report/flask/orm/"' in html
    assert 'data-hx-get="/report/flask/orm/"' in html


def test_a_comparison_cell_is_one_step_from_the_report_link(client):
    # A comparison cell carries no detail (a six-way grid must stay under 120 KB):
    # it links to the value's row on the framework's page, where the control is.
    html = client.get("/compare/django-vs-flask/").content.decode()
    page = html[html.index('<tr id="trait-orm">'):]
    row = page[: page.index("</tr>")]
    targets = re.findall(r'<a href="([^"#]+)#(trait-[^"]+)"', row)
    assert {url for url, _ in targets} == {"/frameworks/django/", "/frameworks/flask/"}
    for url, anchor in targets:
        framework = client.get(url).content.decode()
        there = framework[framework.index(f'id="{anchor}"'):]
        there = there[: there.index("</tr>")]
        slug = url.strip("/").split("/")[-1]
        assert f'class="report-link" href="/report/{slug}/orm/"' in there


def test_the_form_names_the_framework_the_trait_and_the_current_value_with_its_source(client):
    value = TraitValue.objects.select_related("trait").get(
        framework__slug="flask", trait__slug="orm"
    )
    response = client.get("/report/flask/orm/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Flask" in html and value.trait.name in html
    assert value.display in html
    assert value.source_url in html
    for label in ("The value is wrong", "out of date", "The source does not show it"):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response  # never the page cache


def test_the_suggested_value_is_typed_like_the_trait(client):
    html = client.get("/report/flask/orm/").content.decode()  # a support level
    assert '<select name="suggested_value"' in html and 'value="built-in"' in html
    scale = Trait.objects.filter(type="scale").first()
    html = client.get(f"/report/flask/{scale.slug}/").content.decode()
    assert 'value="5"' in html
    number = Trait.objects.filter(type="number").first()
    html = client.get(f"/report/flask/{number.slug}/").content.decode()
    assert 'type="number"' in html


def test_with_htmx_the_form_comes_as_a_fragment_that_posts_in_place(client):
    response = client.get("/report/flask/orm/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form")
    assert "<html" not in html
    assert 'data-hx-post="/report/flask/orm/"' in html
    assert "HX-Request" in response["Vary"]


def test_a_report_is_saved_and_redirects_to_a_confirmation_with_a_status_link(client):
    response = send(client, suggested_value="built-in", email="me@example.org")
    assert response.status_code == 303
    report = Report.objects.get()
    assert report.status == ReportStatus.PENDING
    assert report.suggested_value == "built-in"
    assert report.email == "me@example.org"
    assert response["Location"] == f"/reports/{report.token}/sent/"
    page = client.get(response["Location"]).content.decode()
    assert f"/reports/{report.token}/" in page
    assert len(report.token) >= 32


def test_with_htmx_a_sent_report_answers_with_the_confirmation_fragment(client):
    response = client.post("/report/flask/orm/", report_data(), headers={"HX-Request": "true"})
    report = Report.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/reports/{report.token}/" in html and "<html" not in html


def test_the_status_page_shows_the_report_but_never_the_contact_address(client):
    send(client, email="secret-reporter@example.org", explanation="See the docs.")
    report = Report.objects.get()
    html = client.get(f"/reports/{report.token}/").content.decode()
    assert "Waiting for an editor" in html
    assert "See the docs." in html
    assert "secret-reporter" not in html
    assert "noindex" in html


def test_an_unknown_status_token_is_a_404(client):
    assert client.get("/reports/not-a-real-token/").status_code == 404


def test_a_bad_suggestion_is_refused_and_every_input_is_kept(client):
    response = send(client, suggested_value="totally", explanation="Keep this text please.")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Keep this text please." in html
    assert "https://docs.example.org/orm/" in html
    assert not Report.objects.exists()


def test_a_source_must_be_http_or_https(client):
    response = send(client, source_url="javascript:alert(1)")
    assert response.status_code == 400
    response = send(client, source_url="ftp://example.org/file")
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_at_most_one_link_in_the_text(client):
    response = send(client, explanation="see https://a.example and https://b.example")
    assert response.status_code == 400
    assert "at most one link" in response.content.decode()
    assert send(client, explanation="see https://a.example").status_code == 303


def test_lengths_are_bounded(client):
    response = send(client, explanation="x" * 1001)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_bot_that_fills_the_honeypot_is_refused_without_a_trace(client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_bot_that_submits_in_under_two_seconds_is_refused_without_a_trace(client):
    response = send(client, started=opened_seconds_ago(0.5), explanation="Quick one.")
    assert response.status_code == 400
    assert not Report.objects.exists()
    # A person who was that quick sees why, with the input kept and a new stamp.
    html = response.content.decode()
    assert "Quick one." in html and "too quickly" in html


def test_a_bot_posting_without_opening_the_form_is_refused_without_a_trace(client):
    for started in ("", "forged", opened_seconds_ago(5)[:-3] + "abc"):
        assert send(client, started=started).status_code == 400
    assert not Report.objects.exists()


def test_the_stamp_from_the_form_is_accepted_after_two_seconds(client, monkeypatch):
    html = client.get("/report/flask/orm/").content.decode()
    stamp = hidden_inputs(html)["started"]
    now = __import__("time").time()
    monkeypatch.setattr("reports.forms.time.time", lambda: now + 2.5)
    assert send(client, started=stamp).status_code == 303


def test_the_sixth_report_within_the_hour_from_one_address_gets_a_429(client, settings):
    settings.REPORTS_PER_HOUR = 5
    for _ in range(5):
        assert send(client, address="198.51.100.1").status_code == 303
    response = send(client, address="198.51.100.1")
    assert response.status_code == 429
    assert "Too many reports" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Report.objects.count() == 5
    # Another address is not held back.
    assert send(client, address="198.51.100.2").status_code == 303


def test_a_flood_of_refused_reports_costs_no_query_and_no_log_line_each(
    client, settings, django_assert_num_queries, caplog
):
    """Once an address is refused, each further refusal is answered from the cache:
    the same 429 page and wait, no query, and one log line a minute, not one each."""
    settings.REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert send(client, address="198.51.100.9").status_code == 303
    first = send(client, address="198.51.100.9")
    assert first.status_code == 429
    with django_assert_num_queries(0):
        for _ in range(20):
            again = send(client, address="198.51.100.9")
            assert again.status_code == 429
            assert again.content == first.content
            assert 0 < int(again["Retry-After"]) <= int(first["Retry-After"])
    refusals = [r for r in caplog.records if "Too Many Requests" in r.getMessage()]
    assert len(refusals) <= 1
    assert Report.objects.count() == 2
    # Another address is not held back, and a changed limit is counted afresh.
    assert send(client, address="198.51.100.10").status_code == 303
    settings.REPORTS_PER_HOUR = 5
    assert send(client, address="198.51.100.9").status_code == 303


def test_the_limit_stores_no_address(client):
    send(client, address="198.51.100.77")
    report = Report.objects.get()
    assert "198.51.100.77" not in report.sender


def test_a_report_needs_a_csrf_token(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/report/flask/orm/", report_data())
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_a_report_on_an_unknown_framework_or_trait_is_a_404_page(client):
    assert client.get("/report/no-such/orm/").status_code == 404
    assert client.get("/report/flask/no-such/").status_code == 404
    assert send(client, framework="no-such").status_code == 404


def test_a_draft_framework_cannot_be_reported(client):
    Framework.objects.filter(slug="flask").update(status="draft")
    assert client.get("/report/flask/orm/").status_code == 404


def test_a_failed_save_keeps_the_visitors_input(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(views, "_save", broken)
    response = send(client, explanation="My careful explanation.")
    html = response.content.decode()
    assert response.status_code == 503
    assert "My careful explanation." in html
    assert "could not be saved" in html


def test_hostile_input_is_stored_without_bidi_controls_and_shown_escaped(client):
    send(client, explanation=HOSTILE, suggested_value="built-in")
    report = Report.objects.get()
    assert "\u202e" not in report.explanation and "\u2066" not in report.explanation
    html = client.get(f"/reports/{report.token}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_text_suggestion_is_shown_escaped(client):
    text = Trait.objects.filter(type="text").first()
    send(client, trait=text.slug, suggested_value="<img src=x onerror=alert(1)>")
    report = Report.objects.get()
    html = client.get(f"/reports/{report.token}/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_reports_are_not_in_the_catalogue_dump(client, tmp_path):
    from django.core.management import call_command

    send(client, explanation="A report that must stay in the database only.")
    call_command("dump_catalogue", "--path", str(tmp_path / "out"))
    dumped = "".join(
        p.read_text(errors="ignore") for p in (tmp_path / "out").rglob("*") if p.is_file()
    )
    assert dumped  # the dump wrote the catalogue
    assert "must stay in the database only" not in dumped
    assert Report.objects.count() == 1


def test_the_status_page_makes_two_queries(client, django_assert_num_queries):
    send(client)
    token = Report.objects.get().token
    # 1. the report with its framework, trait and duplicate; 2. the value now
    with django_assert_num_queries(2):
        response = client.get(f"/reports/{token}/")
    assert response.status_code == 200
    assert re.search(r"Waiting for an editor", response.content.decode())


def test_a_refused_htmx_report_answers_with_the_form_fragment_and_its_errors(client):
    response = client.post(
        "/report/flask/orm/",
        report_data(suggested_value="nope", explanation="Kept."),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith("<form") and "Kept." in html


def test_with_htmx_the_429_answers_with_a_fragment(client, settings):
    settings.REPORTS_PER_HOUR = 1
    send(client)
    response = client.post(
        "/report/flask/orm/",
        report_data(),
        headers={"HX-Request": "true"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429
    assert "<html" not in response.content.decode()
    assert "Too many reports" in response.content.decode()


def test_the_form_makes_three_queries(client, django_assert_num_queries):
    # 1. the published framework; 2. the trait; 3. its value with the trait
    with django_assert_num_queries(3):
        response = client.get("/report/flask/orm/")
    assert response.status_code == 200


def test_other_methods_get_a_405_before_csrf(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.put("/report/flask/orm/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert client.head("/report/flask/orm/").status_code == 200
