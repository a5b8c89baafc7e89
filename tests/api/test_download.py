"""The data download: the published catalogue as JSON and CSV in a zip, with its
licence, JSON Schema, revision and date; it loads back into an empty database."""

import csv
import io
import json
import zipfile

import jsonschema_rs
import pytest
from django.core.cache import cache

from catalogue.content import dataset
from catalogue.models import CatalogueRevision, TraitValue
from tests.live import manage, server_env

pytestmark = pytest.mark.django_db

ZIP = "/download/framewise-catalogue.zip"


def download(client):
    response = client.get(ZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def member(archive, name):
    return archive.read(f"framewise-catalogue/{name}")


def test_the_download_holds_json_csv_schema_licence_revision_and_date(client):
    archive = download(client)
    names = {n.removeprefix("framewise-catalogue/") for n in archive.namelist()}
    assert {
        "framewise-catalogue.json",
        "framewise-catalogue.schema.json",
        "LICENSE.txt",
        "README.txt",
        "axes.csv",
        "traits.csv",
        "frameworks.csv",
        "values.csv",
        "scenarios.csv",
    } <= names
    doc = json.loads(member(archive, "framewise-catalogue.json"))
    schema = json.loads(member(archive, "framewise-catalogue.schema.json"))
    jsonschema_rs.validator_for(schema).validate(doc)
    assert doc["about"]["revision"] == CatalogueRevision.current()
    assert doc["about"]["licence"] == "CC-BY-4.0"
    assert "Attribution 4.0" in member(archive, "LICENSE.txt").decode()
    rows = list(csv.DictReader(io.StringIO(member(archive, "values.csv").decode("utf-8-sig"))))
    assert len(rows) == TraitValue.objects.published().count()
    flask_orm = next(r for r in rows if r["framework"] == "flask" and r["trait"] == "orm")
    stored = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    assert flask_orm["value"] == stored.support_value
    assert flask_orm["source"] == stored.source_url
    assert flask_orm["verified"] == stored.verified_on.isoformat()


def test_the_download_is_rebuilt_for_each_revision_and_the_same_bytes_within_one(client):
    first = client.get(ZIP).content
    cache.clear()
    assert client.get(ZIP).content == first
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    value.support_value = "first-party"
    value.save()
    archive = download(client)
    doc = json.loads(member(archive, "framewise-catalogue.json"))
    assert doc["about"]["revision"] == CatalogueRevision.current()
    flask = next(f for f in doc["frameworks"] if f["slug"] == "flask")
    assert flask["values"]["orm"]["value"] == "first-party"


def test_the_json_schema_and_the_json_alone_are_downloads_too(client):
    doc = json.loads(client.get("/download/framewise-catalogue.json").content)
    schema = json.loads(client.get("/download/framewise-catalogue.schema.json").content)
    jsonschema_rs.validator_for(schema).validate(doc)


def test_the_download_loads_back_into_an_empty_database_as_the_same_catalogue(client, tmp_path):
    path = tmp_path / "framewise-catalogue.zip"
    path.write_bytes(client.get(ZIP).content)
    original = dataset.document()
    env = server_env(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_catalogue", "--path", str(path))
    out = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "import json; from catalogue.content import dataset; print(json.dumps(dataset.document()))",
    )
    reloaded = json.loads(out.splitlines()[-1])
    original.pop("about")
    reloaded.pop("about")
    assert reloaded == json.loads(json.dumps(original))
    assert len(reloaded["frameworks"]) >= 13


def test_the_home_and_api_pages_link_the_download(client):
    assert f'href="{ZIP}"' in client.get("/").content.decode()
    assert f'href="{ZIP}"' in client.get("/api/").content.decode()
