"""Security headers, a strict Content Security Policy, CSRF on every POST,
`check --deploy`, and hostile editor text made harmless in every output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from django.test import Client
from PIL import Image

from catalogue.models import Framework, Scenario, Trait
from tests.factories import make_framework, make_trait, make_value
from tests.live import ROOT
from tests.pages import pages

pytestmark = pytest.mark.django_db

# Every public page type, an error page, and the admin's login.
PAGES = [page.path for page in pages(status=None)] + ["/admin/login/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "path", ["/static/css/site.css", "/healthz", "/nope/", "/frameworks/?kind=x"]
)
def test_static_files_and_refusals_carry_the_new_headers_too(client, path):
    response = client.get(path)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Permissions-Policy"].startswith("accelerometer=()")


@pytest.mark.parametrize("path", ["/", "/frameworks/django/", "/compare/django-vs-flask/"])
def test_pages_have_no_inline_scripts_or_handlers(client, path):
    content = client.get(path).content.decode()
    for tag in content.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0], f"inline script on {path}"
    assert " onclick=" not in content and " onload=" not in content and "hx-on" not in content


def test_admin_posts_need_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    flask = Framework.objects.get(slug="flask")
    response = client.post(f"/admin/catalogue/framework/{flask.pk}/change/", {"name": "Hacked"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    login = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "edna", "password": "pw-edna-123"}
    )
    assert login.status_code == 403


def test_htmx_requests_are_get_only_so_there_is_nothing_to_forge(client):
    response = client.post("/frameworks/", {"kind": "micro"}, headers={"HX-Request": "true"})
    assert response.status_code == 405
    assert client.post("/decide/", {"w": "scope:3"}).status_code == 405


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "x9!" + "k" * 60 + "Zq#7-production-like-secret",
        "ALLOWED_HOSTS": "framewise.example",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_COOKIES": "1",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": "sqlite:////tmp/framewise-check-deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


HOSTILE = {
    "script": "<script>alert('x')</script>",
    "formula": '=HYPERLINK("http://evil.example","click")',
    "plus": "+SUM(1,2)",
    "at": "@cmd|' /C calc'!A0",
    "markdown": "**bold** [link](javascript:alert(1)) | pipe `code`",
    "quote": "\"quoted\" 'single' & ampersand",
}


@pytest.fixture
def hostile():
    framework = make_framework(
        slug="hostile",
        name="<img src=x onerror=alert(1)>Hostile",
        summary=HOSTILE["script"] + HOSTILE["formula"],
        description=HOSTILE["script"] + "\n\n" + HOSTILE["markdown"],
        licence=HOSTILE["at"],
        latest_version=HOSTILE["plus"][:30],
    )
    text_trait = make_trait(slug="zz-hostile-text", name="=Zz " + HOSTILE["at"], type="text")
    make_value(
        framework,
        text_trait,
        HOSTILE["formula"][:200],
        note=HOSTILE["script"] + HOSTILE["markdown"],
    )
    make_value(Framework.objects.get(slug="flask"), text_trait, HOSTILE["plus"])
    for trait in Trait.objects.filter(slug__in=["orm", "admin", "websockets"]):
        make_value(
            framework,
            trait,
            "built-in",
            note=HOSTILE["script"],
            source_url="https://example.org/?q=<script>",
        )
    scenario = Scenario.objects.get(slug="chat-service")
    scenario.rationale = HOSTILE["script"] + HOSTILE["markdown"]
    scenario.summary = HOSTILE["formula"]
    scenario.save()
    return framework


@pytest.mark.parametrize(
    "path",
    [
        "/frameworks/",
        "/frameworks/hostile/",
        "/compare/flask-vs-hostile/",
        "/scenarios/chat-service/",
        "/decide/?scenario=chat-service",
        "/changes/",
        "/",
    ],
)
def test_hostile_text_is_escaped_in_html(client, hostile, path):
    content = client.get(path).content.decode()
    assert "<script>alert" not in content
    assert "<img src=x onerror" not in content
    assert 'href="javascript:' not in content


def test_hostile_text_is_neutralised_in_csv(client, hostile):
    rows = list(
        csv.reader(
            io.StringIO(client.get("/compare/flask-vs-hostile.csv").content.decode("utf-8-sig"))
        )
    )
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert any(cell.startswith("'+SUM") for cell in cells)


def test_hostile_text_stays_literal_in_markdown_and_the_adr(client, hostile):
    table = client.get("/compare/flask-vs-hostile.md").content.decode()
    adr = client.get("/decide.md?scenario=chat-service").content.decode()
    for text in (table, adr):
        assert "<script>" not in text
        assert "](javascript:" not in text
    # A pipe in a value cannot break the table: every row has the same cell count.
    rows = [line for line in table.splitlines() if line.startswith("| ") and "**" not in line]
    assert len({line.replace("\\|", "").count("|") for line in rows}) == 1


def test_hostile_text_round_trips_in_json(client, hostile):
    data = json.loads(client.get("/compare/flask-vs-hostile.json").content)
    assert data["frameworks"][1]["name"] == "<img src=x onerror=alert(1)>Hostile"


def test_hostile_text_in_the_preview_image_does_not_break_it(client, hostile):
    response = client.get("/compare/flask-vs-hostile.png")
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
