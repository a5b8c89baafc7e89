"""The data download: the whole published catalogue as one JSON file and as CSV
files, in a zip with its licence, a JSON Schema, and the revision and date.

Built from the catalogue as it is (no request in sight), the same bytes for the
same revision (the zip's timestamps are the revision's), so the page cache can
keep it per revision. The JSON holds the data files' own shapes, so
`manage.py load_catalogue --path framewise-catalogue.zip` loads it back
(`unpack`).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from catalogue.content.dump import _write, dump_catalogue
from catalogue.models import CatalogueRevision, RevisionLog

JSON_NAME = "framewise-catalogue.json"
SCHEMA_NAME = "framewise-catalogue.schema.json"
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TEXT = f"""Framewise catalogue data
Licence: Creative Commons Attribution 4.0 International (CC BY 4.0)
{LICENCE_URL}
Legal code: https://creativecommons.org/licenses/by/4.0/legalcode.en

You may share and adapt this data for any purpose, even commercially, as long as
you give credit: name "Framewise" and link to {{site}}, and say whether you
changed the data.

Why CC BY 4.0: it is what comparable open datasets use (caniuse's data, for
example), it lets anyone build on the data, and it keeps the credit that tells a
reader where each sourced, dated value came from. Each value's own source is the
page it cites; quoting facts from those pages is not covered by this licence.
"""


def catalogue_data() -> dict[str, Any]:
    """The published catalogue in the data files' own shapes: what `dump_catalogue`
    writes (so the download follows the data files as they grow), drafts left out."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        dump_catalogue(folder)

        def read(path: Path) -> Any:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or []

        frameworks = [read(p) for p in sorted((folder / "frameworks").glob("*.yaml"))]
        return {
            "axes": read(folder / "axes.yaml"),
            "traits": read(folder / "traits.yaml"),
            "frameworks": [f for f in frameworks if f.get("status") == "published"],
            "scenarios": [
                s for s in read(folder / "scenarios.yaml") if s.get("status") == "published"
            ],
        }


def write_catalogue(data: dict[str, Any], folder: Path) -> None:
    """A download's document as the data files `load_catalogue` reads."""
    _write(folder / "axes.yaml", data["axes"])
    _write(folder / "traits.yaml", data["traits"])
    for framework in data["frameworks"]:
        _write(folder / "frameworks" / f"{framework['slug']}.yaml", framework)
    _write(folder / "scenarios.yaml", data["scenarios"])


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _plain(data: Any) -> Any:
    """Dates as ISO text, so the document is plain JSON."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return _scalar(data)


def document(revision: int | None = None) -> dict[str, Any]:
    """The published catalogue with what it is: revision, date, licence, schema."""
    revision = CatalogueRevision.current() if revision is None else revision
    at = (
        RevisionLog.objects.filter(number__lte=revision)
        .order_by("-number")
        .values_list("at", flat=True)
        .first()
    )
    data = _plain(catalogue_data())
    return {
        "about": {
            "title": "Framewise: Python web frameworks, their traits and use-case scenarios",
            "source": settings.SITE_URL,
            "revision": revision,
            "date": (at or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)).isoformat(),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "schema": SCHEMA_NAME,
        },
        **data,
    }


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # A byte order mark, so spreadsheet programs read the UTF-8 as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def csv_files(doc: dict[str, Any]) -> dict[str, bytes]:
    frameworks = doc["frameworks"]
    values = []
    for f in frameworks:
        for trait, cell in f["values"].items():
            value = cell.get("value")
            values.append(
                [
                    f["slug"],
                    trait,
                    "yes" if value is True else "no" if value is False else value,
                    cell.get("origin", "curated"),
                    cell.get("source"),
                    cell.get("version"),
                    cell.get("verified"),
                    cell.get("note"),
                ]
            )
    fields = [
        "slug", "name", "kind", "wsgi", "asgi", "own_server", "builds_on", "summary",
        "homepage", "docs", "repository", "package", "licence", "first_release_year",
        "latest_version", "latest_release",
    ]  # fmt: skip
    return {
        "axes.csv": _csv(
            ["slug", "name", "order", "description"],
            [[a["slug"], a["name"], a["order"], a["description"]] for a in doc["axes"]],
        ),
        "traits.csv": _csv(
            ["slug", "name", "axis", "type", "unit", "direction", "family", "description"],
            [
                [
                    t["slug"],
                    t["name"],
                    t["axis"],
                    t["type"],
                    t.get("unit"),
                    t.get("direction"),
                    t.get("family"),
                    t["description"],
                ]
                for t in doc["traits"]
            ],
        ),
        "frameworks.csv": _csv(
            [*fields, "aliases"],
            [[f.get(k) for k in fields] + [" ".join(f["aliases"])] for f in frameworks],
        ),
        "values.csv": _csv(
            ["framework", "trait", "value", "origin", "source", "version", "verified", "note"],
            values,
        ),
        "scenarios.csv": _csv(
            ["slug", "name", "summary", "weights", "must_haves"],
            [
                [
                    s["slug"],
                    s["name"],
                    s["summary"],
                    " ".join(f"{c}:{w}" for c, w in s["weights"].items()),
                    " ".join(s["must_haves"]),
                ]
                for s in doc["scenarios"]
            ],
        ),
    }


def _readme(doc: dict[str, Any]) -> str:
    about = doc["about"]
    return (
        f"Framewise catalogue, revision {about['revision']} of {about['date']}\n"
        f"Source: {about['source']}\n\n"
        f"{JSON_NAME}: everything, one file (described by {SCHEMA_NAME}).\n"
        "axes.csv, traits.csv, frameworks.csv, values.csv (one row per framework and trait,\n"
        "with its origin, source, version, verified date and note), scenarios.csv.\n\n"
        "Load it into an empty Framewise database:\n"
        "    python manage.py migrate\n"
        "    python manage.py load_catalogue --path framewise-catalogue.zip\n\n"
        f"Licence: {about['licence']} ({about['licence_url']}); see LICENSE.txt.\n"
    )


def json_bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, indent=2, ensure_ascii=False).encode()


def zip_bytes(doc: dict[str, Any] | None = None) -> bytes:
    doc = document() if doc is None else doc
    stamp = datetime.datetime.fromisoformat(doc["about"]["date"])
    files = {
        JSON_NAME: json_bytes(doc),
        SCHEMA_NAME: json.dumps(SCHEMA, indent=2).encode(),
        "LICENSE.txt": LICENCE_TEXT.replace("{site}", settings.SITE_URL).encode(),
        "README.txt": _readme(doc).encode(),
        **csv_files(doc),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"framewise-catalogue/{name}", stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


def read_document(path: Path) -> dict[str, Any]:
    """The JSON document of a download: the zip or the JSON file itself."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(JSON_NAME))
            return json.loads(archive.read(name))
    return json.loads(path.read_text(encoding="utf-8"))


@contextmanager
def unpack(path: Path) -> Iterator[Path]:
    """A download as the folder of data files `load_catalogue` reads."""
    doc = read_document(path)
    with tempfile.TemporaryDirectory() as folder:
        write_catalogue(doc, Path(folder))
        yield Path(folder)


# --- The JSON Schema of the JSON file ---------------------------------------------

_SLUG = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

VALUE_CELL = {
    "type": "object",
    "description": "One framework × one trait, with its provenance.",
    "required": ["value"],
    # Open to fields the data files gain (a rubric, an inherited mark): readers ignore them.
    "properties": {
        "value": {
            "description": "yes/no as true/false; a support level; 1–5; a number in the "
            "trait's unit; short text; or \"unknown\".",
            "type": ["boolean", "string", "number"],
        },
        "source": {**_TEXT, "description": "The page that shows the value (a URL, or a "
                   "path on the site for values the lab measured)."},
        "version": {**_TEXT, "description": "The framework version the value applies to."},
        "verified": {**_DATE, "description": "When it was verified, fetched or measured."},
        "origin": {"enum": ["fetched", "measured"], "description": "Absent: curated by an editor."},
        "note": _TEXT,
    },
}  # fmt: skip

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "framewise-catalogue.schema.json",
    "title": "Framewise catalogue",
    "type": "object",
    "required": ["about", "axes", "traits", "frameworks", "scenarios"],
    "additionalProperties": False,
    "properties": {
        "about": {
            "type": "object",
            "required": ["title", "source", "revision", "date", "licence", "licence_url"],
            "properties": {
                "title": _TEXT,
                "source": _TEXT,
                "revision": {"type": "integer", "minimum": 0},
                "date": {**_TEXT, "format": "date-time"},
                "licence": {"const": LICENCE},
                "licence_url": _TEXT,
                "schema": _TEXT,
            },
        },
        "axes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "order", "description"],
                "additionalProperties": False,
                "properties": {
                    "slug": _SLUG,
                    "name": _TEXT,
                    "order": {"type": "integer"},
                    "description": _TEXT,
                },
            },
        },
        "traits": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "axis", "type", "description"],
                "properties": {
                    "slug": _SLUG,
                    "name": _TEXT,
                    "axis": _SLUG,
                    "type": {"enum": ["boolean", "support", "scale", "number", "text"]},
                    "unit": _TEXT,
                    "direction": {"enum": ["higher", "lower"]},
                    "key": {"type": "boolean"},
                    "share": {"type": "number", "minimum": 0},
                    "family": _TEXT,
                    "never_stale": {"type": "boolean"},
                    "scale": {
                        "type": "object",
                        "required": ["low", "high"],
                        "properties": {
                            "low": {"type": "number"},
                            "high": {"type": "number"},
                            "log": {"type": "boolean"},
                        },
                    },
                    "description": {
                        **_TEXT,
                        "description": "What the trait means and how it is judged.",
                    },
                },
            },
        },
        "frameworks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "kind", "summary", "status", "values"],
                "properties": {
                    "slug": _SLUG,
                    "name": _TEXT,
                    "aliases": {"type": "array", "items": _SLUG},
                    "kind": {"enum": ["full-stack", "micro", "async", "data-app", "api-toolkit"]},
                    "wsgi": {"type": "boolean"},
                    "asgi": {"type": "boolean"},
                    "own_server": {"type": "boolean"},
                    "builds_on": _SLUG,
                    "summary": _TEXT,
                    "description": _TEXT,
                    "homepage": _TEXT,
                    "docs": _TEXT,
                    "repository": _TEXT,
                    "package": _TEXT,
                    "licence": _TEXT,
                    "first_release_year": {"type": ["integer", "null"]},
                    "latest_version": _TEXT,
                    "latest_release": _TEXT,
                    "status": {"const": "published"},
                    "values": {
                        "type": "object",
                        "description": "By trait slug.",
                        "additionalProperties": VALUE_CELL,
                    },
                },
            },
        },
        "scenarios": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "summary", "weights", "must_haves"],
                "additionalProperties": False,
                "properties": {
                    "slug": _SLUG,
                    "name": _TEXT,
                    "summary": _TEXT,
                    "rationale": _TEXT,
                    "origin": _TEXT,
                    "weights": {
                        "type": "object",
                        "description": "Axis or trait slug -> weight 0–10.",
                        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10},
                    },
                    "must_haves": {"type": "array", "items": _SLUG},
                    "status": {"const": "published"},
                },
            },
        },
    },
}
