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
# The page cache strips indentation after newlines (web.cache.pages); an entity
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
    version: str = ""
    python: str = ""
    rounds: int = 0
    load: str = ""
    # (what, the figure with its ratio to the bare app, the spread over the rounds)
    rows: tuple[tuple[str, str, str], ...] = ()
    investigate: tuple[str, ...] = ()


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


# (key, what it is, unit, decimals) of the figures a framework's lab section shows.
_SHOWN = (
    ("instr_per_request", "CPU per request (primary)", "k instructions", -3),
    ("rps_hello_c1", "Hello JSON, 1 connection", "requests/s", 0),
    ("rps_hello_c64", "Hello JSON, 64 connections", "requests/s", 0),
    ("p99_hello_c64_ms", "Hello JSON p99, 64 connections", "ms", 1),
    ("rps_json_c64", "JSON validation, 64 connections", "requests/s", 0),
    ("p99_json_c64_ms", "JSON validation p99, 64 connections", "ms", 1),
    ("rss_mib", "Memory after warm-up", "MiB", 1),
    ("startup_ms", "Start-up to first answer", "ms", 0),
)


def _number(value: float, decimals: int) -> str:
    if decimals < 0:
        return f"{value / 10 ** -decimals:,.0f}"
    return f"{value:,.{decimals}f}"


def _rows(entry: dict) -> tuple[tuple[str, str, str], ...]:
    metrics, ratios = entry.get("metrics", {}), entry.get("ratios", {})
    spans = entry.get("intervals", {})
    rows = []
    for key, label, unit, decimals in _SHOWN:
        value = metrics.get(key)
        if value is None:
            if key in metrics:
                rows.append((label, "not stored (investigated: see below)", ""))
            continue
        figure = f"{_number(value, decimals)} {unit}"
        if ratios.get(key):
            figure += f" ({ratios[key]:.2f}×)"
        spread = ""
        if key in spans:
            low, high = spans[key]
            spread = f"{_number(low, decimals)}–{_number(high, decimals)}"
        rows.append((label, figure, spread))
    return tuple(rows)


def _measurement(slug: str) -> Measurement | None:
    run = _results("measured.json")
    entry = run.get("frameworks", {}).get(slug)
    if not entry:
        return None
    box = entry.get("machine", {})
    load = run.get("load_average", {})
    return Measurement(
        date=entry.get("date", ""),
        server_settings=entry.get("server_settings", ""),
        baseline=entry.get("baseline", ""),
        machine=f"{box.get('cpu', '?')}, {box.get('cores', '?')} cores, {box.get('memory', '?')}",
        metrics=entry.get("metrics", {}),
        ratios=entry.get("ratios", {}),
        version=entry.get("version", ""),
        python=entry.get("python", ""),
        rounds=len(entry.get("rounds", [])),
        load=f"{load.get('start')} at its start, {load.get('end')} at its end" if load else "",
        rows=_rows(entry),
        investigate=tuple(f"{f['figure']}: {f['reason']}" for f in entry.get("investigate", [])),
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
