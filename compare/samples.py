"""The lab's code samples for the site: read from ``lab/`` and highlighted with Pygments.

Read once per process (the files only change with a deploy). Highlighting uses CSS
classes (``static/css/code.css``), never inline styles, so the strict CSP holds.
A framework without a lab folder simply has no samples.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import GenshiLexer, HtmlDjangoLexer, PythonLexer, TextLexer

from lab.harness import manifest

TASKS = manifest.TASKS
_FORMATTER = HtmlFormatter(nowrap=True)
# The page cache strips indentation after newlines (catalogue.caching); an entity
# for the first space keeps code indented.
_LEADING = re.compile(r"\n([ \t])")


@dataclass(frozen=True)
class SampleFile:
    name: str
    html: SafeString


@dataclass(frozen=True)
class TaskSample:
    slug: str
    title: str
    files: tuple[SampleFile, ...]
    not_supported: str
    verified: bool
    docs: str


@dataclass(frozen=True)
class Measurement:
    """A framework's figures from ``bin/lab measure``, with the setup they were taken in."""

    date: str
    server_settings: str
    baseline: str
    machine: str
    metrics: dict
    ratios: dict


@dataclass(frozen=True)
class FrameworkSamples:
    slug: str
    name: str
    folder: str
    server: str
    server_command: str
    verified_on: str
    version: str
    python: str
    tasks: tuple[TaskSample, ...]
    measured: Measurement | None = None

    def task(self, slug: str) -> TaskSample | None:
        return next((t for t in self.tasks if t.slug == slug), None)


def _lexer(filename: str):
    if filename.endswith(".py"):
        return PythonLexer()
    if filename.endswith(".xhtml"):
        return GenshiLexer()
    if filename.endswith((".html", ".jinja2", ".tpl")):
        return HtmlDjangoLexer()
    return TextLexer()


def highlight_code(code: str, filename: str) -> SafeString:
    """Pygments markup (escaped, CSS classes only) for one file's code."""
    body = _LEADING.sub(
        lambda m: "\n&#9;" if m.group(1) == "\t" else "\n&#32;",
        highlight(code, _lexer(filename), _FORMATTER),
    )
    return format_html('<pre class="highlight" tabindex="0"><code>{}</code></pre>', mark_safe(body))


def _results(name: str) -> dict:
    try:
        return json.loads((manifest.LAB / "results" / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _measurement(slug: str) -> Measurement | None:
    entry = _results("measured.json").get("frameworks", {}).get(slug)
    if not entry:
        return None
    box = entry.get("machine", {})
    return Measurement(
        date=entry.get("date", ""),
        server_settings=entry.get("server_settings", ""),
        baseline=entry.get("baseline", ""),
        machine=f"{box.get('cpu', '?')}, {box.get('cores', '?')} cores, {box.get('memory', '?')}",
        metrics=entry.get("metrics", {}),
        ratios=entry.get("ratios", {}),
    )


@functools.cache
def for_framework(slug: str) -> FrameworkSamples | None:
    """A framework's samples, or None when the lab has no folder for it."""
    if slug not in manifest.framework_slugs():
        return None
    m = manifest.load(slug)
    record = _results("verified.json").get(slug, {})
    verified = set(record.get("verified", []))
    tasks = []
    for task_slug, task in m.tasks.items():
        files = tuple(
            SampleFile(name, highlight_code(code, name))
            for name, code in manifest.sample_files(m, task_slug)
        )
        tasks.append(
            TaskSample(
                task_slug,
                TASKS[task_slug],
                files,
                task.not_supported,
                task_slug in verified,
                task.docs,
            )
        )
    return FrameworkSamples(
        slug=slug,
        name=m.name,
        folder=f"lab/{slug}/",
        server=m.server,
        server_command=" ".join(m.command).replace("{port}", "PORT"),
        verified_on=record.get("date", ""),
        version=record.get("version", ""),
        python=record.get("python", ""),
        tasks=tuple(tasks),
        measured=_measurement(slug),
    )


def for_task(
    task: str, slugs: list[str]
) -> list[tuple[str, FrameworkSamples | None, TaskSample | None]]:
    """(slug, that framework's samples, its sample for ``task``) for each framework."""
    rows = []
    for slug in slugs:
        samples = for_framework(slug)
        rows.append((slug, samples, samples.task(task) if samples else None))
    return rows
