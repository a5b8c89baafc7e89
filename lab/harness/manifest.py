"""Per-framework manifests (``lab/<slug>/lab.toml``) and the task regions in sample files.

A manifest names the framework, the distribution whose version is recorded, the
production server command its docs recommend, and, for each task, either the files
that implement it or why it is not supported. In a Python sample, a task's code sits
between ``# lab:start <task>`` and ``# lab:end <task>`` comment lines (``{# … #}`` in
templates); a listed file without markers is shown whole.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent

TASKS: dict[str, str] = {
    "hello-json": "Hello, JSON",
    "params": "Path and query parameters",
    "template": "An escaped template",
    "json-body": "JSON body validation",
    "websocket": "WebSocket echo",
    "csrf-form": "A CSRF-protected form",
    "streaming": "Streaming a response",
    "chart": "A chart with a dropdown",
}
# Tasks only data-app frameworks are asked for.
DATA_APP_TASKS = {"chart"}
BASELINES = ("asgi", "wsgi")
MIN_VERIFIED = 5
# A data app whose framework has no way to do the HTTP tasks may do only the chart, and a
# framework that cannot reach five says why in `fewer_tasks`; each task it does not do
# still has its own `not_supported` reason.
MIN_VERIFIED_DATA_APP = 1
MIN_VERIFIED_WITH_REASON = 1

_MARKER = re.compile(r"^\s*(?:#|\{#|<!--)\s*lab:(start|end)\s+([a-z-]+)\s*(?:#\}|-->)?\s*$")


class ManifestError(ValueError):
    """A manifest that does not say what the harness needs."""


@dataclass(frozen=True)
class Task:
    slug: str
    files: tuple[str, ...] = ()
    not_supported: str = ""
    docs: str = ""

    @property
    def supported(self) -> bool:
        return not self.not_supported


@dataclass(frozen=True)
class Manifest:
    slug: str
    name: str
    distribution: str
    server: str
    command: tuple[str, ...]
    baseline: str
    server_docs: str = ""
    data_app: bool = False
    tasks: dict[str, Task] = field(default_factory=dict)
    fewer_tasks: str = ""

    @property
    def folder(self) -> Path:
        return framework_dir(self.slug)

    def supported_tasks(self) -> list[str]:
        return [slug for slug, task in self.tasks.items() if task.supported]

    def command_for(self, port: int) -> list[str]:
        return [part.replace("{port}", str(port)) for part in self.command]


def framework_dir(slug: str) -> Path:
    return LAB / "baselines" / slug if slug in BASELINES else LAB / slug


def framework_slugs() -> list[str]:
    """Every framework folder with a manifest, in alphabetical order."""
    return sorted(p.parent.name for p in LAB.glob("*/lab.toml"))


def parse(slug: str, data: dict, *, folder: Path | None = None) -> Manifest:
    """Check a manifest's content and build it; raises ManifestError naming the problem."""

    def need(key: str, kind: type = str):
        value = data.get(key)
        if not isinstance(value, kind) or not value:
            raise ManifestError(f"{slug}: `{key}` is missing or not a {kind.__name__}")
        return value

    command = need("command", list)
    if not all(isinstance(part, str) for part in command):
        raise ManifestError(f"{slug}: `command` must be a list of strings")
    if not any("{port}" in part for part in command):
        raise ManifestError(f"{slug}: `command` must bind to {{port}}")
    is_baseline = slug in BASELINES
    baseline = slug if is_baseline else need("baseline")
    if baseline not in BASELINES:
        raise ManifestError(f"{slug}: `baseline` must be one of {', '.join(BASELINES)}")
    data_app = bool(data.get("data_app", False))
    raw_tasks = data.get("tasks", {})
    tasks: dict[str, Task] = {}
    for task_slug in () if is_baseline else TASKS:
        if task_slug in DATA_APP_TASKS and not data_app:
            continue
        raw = raw_tasks.get(task_slug)
        if raw is None:
            raise ManifestError(f"{slug}: task `{task_slug}` is neither implemented nor declined")
        files = tuple(raw.get("files", ()))
        reason = raw.get("not_supported", "")
        if bool(files) == bool(reason):
            raise ManifestError(
                f"{slug}: task `{task_slug}` needs either `files` or a `not_supported` reason"
            )
        if folder is not None:
            for name in files:
                if not (folder / name).is_file():
                    raise ManifestError(f"{slug}: task `{task_slug}` names missing file {name}")
        tasks[task_slug] = Task(task_slug, files, reason, raw.get("docs", ""))
    unknown = set(raw_tasks) - set(tasks)
    if unknown:
        raise ManifestError(f"{slug}: unknown task(s) {', '.join(sorted(unknown))}")
    fewer_tasks = data.get("fewer_tasks", "")
    if not isinstance(fewer_tasks, str):
        raise ManifestError(f"{slug}: `fewer_tasks` must be a reason (text)")
    if data_app:
        minimum = MIN_VERIFIED_DATA_APP
    elif fewer_tasks:
        minimum = MIN_VERIFIED_WITH_REASON
        if sum(t.supported for t in tasks.values()) >= MIN_VERIFIED:
            raise ManifestError(f"{slug}: `fewer_tasks` given, but {MIN_VERIFIED} or more are done")
    else:
        minimum = MIN_VERIFIED
    if not is_baseline and sum(t.supported for t in tasks.values()) < minimum:
        raise ManifestError(f"{slug}: fewer than {minimum} tasks implemented")
    return Manifest(
        slug=slug,
        name=need("name"),
        distribution=need("distribution"),
        server=need("server"),
        command=tuple(command),
        baseline=baseline,
        server_docs=data.get("server_docs", ""),
        data_app=data_app,
        tasks=tasks,
        fewer_tasks=fewer_tasks,
    )


def load(slug: str) -> Manifest:
    folder = framework_dir(slug)
    path = folder / "lab.toml"
    if not path.is_file():
        raise ManifestError(f"no manifest at {path}")
    with path.open("rb") as f:
        return parse(slug, tomllib.load(f), folder=folder)


def extract_region(text: str, task: str) -> str | None:
    """The lines tagged for ``task`` (several regions are joined), without any markers.

    None when the text has no region for the task; the whole text when it has no
    markers at all.
    """
    lines = text.splitlines()
    if not any(_MARKER.match(line) for line in lines):
        return text.rstrip("\n") + "\n"
    picked: list[str] = []
    open_tasks: set[str] = set()
    found = False
    for line in lines:
        match = _MARKER.match(line)
        if match:
            kind, name = match.groups()
            if kind == "start":
                open_tasks.add(name)
                if name == task:
                    if found and picked and picked[-1] != "":
                        picked.append("")
                    found = True
            else:
                open_tasks.discard(name)
            continue
        if task in open_tasks:
            picked.append(line)
    if not found:
        return None
    return textwrap.dedent("\n".join(picked)).strip("\n") + "\n"


def sample_files(manifest: Manifest, task: str) -> list[tuple[str, str]]:
    """(file name, code) for each file of a task, regions extracted."""
    out = []
    for name in manifest.tasks[task].files:
        code = extract_region((manifest.folder / name).read_text(encoding="utf-8"), task)
        if code is not None:
            out.append((name, code))
    return out
