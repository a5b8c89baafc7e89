"""The Nu HTML checker (vnu, from the npm package `vnu-jar`, run on Java) finds no
errors on any public page type, on the 400 and 404 pages, or on the admin pages we
customised. Skipped where Java or vnu-jar is missing (CI installs both)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from catalogue.models import Framework, FrameworkAlias, Scenario, Trait, TraitValue
from tests.pages import pages as public_pages

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parent / "browser" / "node_modules" / "vnu-jar" / "build" / "dist"
VNU_JAR = VNU / "vnu.jar"



def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        if os.environ.get("CI"):
            pytest.fail("Java and vnu-jar are required in CI (see .ci/run)")
        pytest.skip("the Nu HTML checker needs java and `npm ci` in tests/browser")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]


def _errors(pages: dict[str, str], tmp_path: Path) -> dict[str, list[str]]:
    """vnu's errors, by page name (one JVM start for all pages)."""
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)
    run = subprocess.run(
        [*_vnu_command(), *(str(tmp_path / f"{n}.html") for n in pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found: dict[str, list[str]] = {name: [] for name in pages}
    for message in json.loads(run.stderr)["messages"]:
        if message["type"] == "error":
            name = message.get("url", "?").rsplit("/", 1)[-1].removesuffix(".html")
            found.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
                f" [{message.get('extract', '').strip()[:80]}]"
            )
    return found


def _report(errors: dict[str, list[str]]) -> str:
    counts = ", ".join(f"{name}: {len(found)}" for name, found in errors.items())
    first = "\n".join(f"{name} {line}" for name, found in errors.items() for line in found[:3])
    return f"vnu errors by page ({counts})\n{first}"


def test_every_public_page_type_has_no_html_errors(client, tmp_path):
    _vnu_command()
    pages = {}
    for page in public_pages(status=None, html=True):
        response = client.get(page.path)
        assert response.status_code == page.status, page.path
        pages[page.name] = response.content.decode()
    errors = {name: found for name, found in _errors(pages, tmp_path).items() if found}
    assert errors == {}, _report(errors)


def test_the_admin_pages_we_customised_have_no_html_errors(editor, superuser, tmp_path):
    _vnu_command()
    client = Client()
    client.force_login(superuser)
    flask = Framework.objects.get(slug="flask")
    trait = Trait.objects.get(slug="orm")
    scenario = Scenario.objects.get(slug="chat-service")
    alias = FrameworkAlias.objects.create(slug="flask-old", framework=flask)
    value = TraitValue.objects.get(framework=flask, trait=trait)
    paths = {
        "admin-index": "/admin/",
        "admin-framework": f"/admin/catalogue/framework/{flask.pk}/change/",
        "admin-framework-new": "/admin/catalogue/framework/add/",
        "admin-health": "/admin/catalogue/framework/health/",
        "admin-changes": f"/admin/catalogue/framework/{flask.pk}/changes/",
        "admin-column": f"/admin/catalogue/trait/{trait.pk}/values/",
        "admin-scenario": f"/admin/catalogue/scenario/{scenario.pk}/change/",
        "admin-trait": f"/admin/catalogue/trait/{trait.pk}/change/",
        "admin-axis": f"/admin/catalogue/axis/{trait.axis_id}/change/",
        "admin-alias": f"/admin/catalogue/frameworkalias/{alias.pk}/change/",
        "admin-value": f"/admin/catalogue/traitvalue/{value.pk}/change/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    errors = {name: found for name, found in _errors(pages, tmp_path).items() if found}
    assert errors == {}, _report(errors)
