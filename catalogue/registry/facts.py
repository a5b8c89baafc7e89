"""From the package index's answers to trait values: no network, no database.

Conventions (they are in the traits' descriptions too):
- Releases are final releases (no pre-releases, no development releases) with at
  least one file that is not yanked; a release's date is its first upload.
- The last 12 months are the 365 days up to the fetch date.
- Dependencies and the wheel are judged for CPython 3.13 on Linux (x86-64).
- Maintenance status: *active* when there was a release in the last 12 months and a
  feature release (a new major or minor version) in the last 24 months;
  *unmaintained* when there was no release in the last 24 months; otherwise
  *maintenance-only* (the last release 12 to 24 months ago, or only patch releases
  for two years).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import InvalidVersion, Version

# The platform dependencies and wheels are judged for.
MARKER_ENVIRONMENT = {
    "implementation_name": "cpython",
    "implementation_version": "3.13.0",
    "os_name": "posix",
    "platform_machine": "x86_64",
    "platform_python_implementation": "CPython",
    "platform_release": "",
    "platform_system": "Linux",
    "platform_version": "",
    "python_full_version": "3.13.0",
    "python_version": "3.13",
    "sys_platform": "linux",
    "extra": "",
}

# Classifiers that name exactly one licence; "BSD License" or "Apache Software
# License" do not say which version, so they are not turned into an identifier.
CLASSIFIER_SPDX = {
    "License :: OSI Approved :: MIT License": "MIT",
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    "License :: OSI Approved :: ISC License (ISCL)": "ISC",
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
}
SPDX_IDS = {
    "MIT",
    "MIT-0",
    "ISC",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "Apache-2.0",
    "MPL-2.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "Unlicense",
    "PSF-2.0",
    "0BSD",
}
_PY_CLASSIFIER = re.compile(r"^Programming Language :: Python :: (\d+)\.(\d+)$")


class Malformed(ValueError):
    """The answer does not have the shape the index's API documents."""


@dataclass
class Release:
    version: Version
    text: str
    date: datetime.date


@dataclass
class Plan:
    """What else to ask the index, decided from the project's JSON."""

    latest_version: str
    baseline_version: str | None  # the release current 12 months ago
    wheel: dict[str, Any] | None  # the file entry of the wheel to inspect


@dataclass
class Fact:
    value: Any  # None: unknown
    detail: str


@dataclass
class PackageFacts:
    name: str
    version: str
    released: datetime.date
    facts: dict[str, Fact] = field(default_factory=dict)
    not_established: list[str] = field(default_factory=list)  # "trait: why"

    def unknown(self, slug: str, why: str) -> None:
        """A fact the answers do not establish: unknown, unless a value is known already."""
        self.facts[slug] = Fact(None, f"not established: {why}.")
        self.not_established.append(f"{slug}: {why}")


def _date(text: Any) -> datetime.date:
    if not isinstance(text, str):
        raise Malformed(f"upload time {text!r} is not text")
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise Malformed(f"upload time {text!r} is not a date") from exc


def _files_date(files: Any) -> datetime.date | None:
    if not isinstance(files, list):
        raise Malformed("a release's files are not a list")
    dates = []
    for entry in files:
        if not isinstance(entry, dict):
            raise Malformed("a file entry is not an object")
        if not entry.get("yanked"):
            dates.append(_date(entry.get("upload_time_iso_8601")))
    return min(dates) if dates else None


def releases(project: dict[str, Any]) -> list[Release]:
    """Final, not yanked releases, oldest first."""
    raw = project.get("releases")
    if not isinstance(raw, dict):
        raise Malformed("no releases object")
    found = []
    for text, files in raw.items():
        day = _files_date(files)
        if day is None:
            continue
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            found.append(Release(version, text, day))
    return sorted(found, key=lambda r: (r.date, r.version))


def _info(project: dict[str, Any]) -> dict[str, Any]:
    info = project.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("version"), str):
        raise Malformed("no info object with a version")
    if not isinstance(project.get("urls"), list):
        raise Malformed("no urls list for the latest release")
    return info


def _fits_linux_cpython313(filename: str) -> tuple[int, str] | None:
    """A sort key for a wheel that installs on CPython 3.13 on Linux x86-64, in
    pip's order of preference (a compiled wheel for this interpreter before an abi3
    one, a pure-Python wheel last), or None."""
    try:
        _, _, _, tags = parse_wheel_filename(filename)
    except InvalidWheelFilename:
        return None
    ranks = []
    for tag in tags:
        if tag.platform != "any" and not (
            tag.platform.startswith("manylinux") and tag.platform.endswith("_x86_64")
        ):
            continue
        if tag.abi == "cp313" and tag.interpreter == "cp313":
            ranks.append(0)
        elif tag.abi == "abi3" and re.fullmatch(r"cp3(\d+)", tag.interpreter):
            if int(tag.interpreter[3:]) <= 13:
                ranks.append(1)
        elif tag.abi == "none" and tag.interpreter in ("py3", "py313", "cp313"):
            ranks.append(2 if tag.platform != "any" else 3)
    return (min(ranks), filename) if ranks else None


def plan(project: dict[str, Any], today: datetime.date) -> Plan:
    info = _info(project)
    history = releases(project)
    cutoff = today - datetime.timedelta(days=365)
    before = [r for r in history if r.date <= cutoff]
    baseline = max(before, key=lambda r: r.version).text if before else None
    wheels = []
    for entry in project["urls"]:
        if not isinstance(entry, dict):
            raise Malformed("a file entry is not an object")
        if entry.get("packagetype") != "bdist_wheel" or entry.get("yanked"):
            continue
        if not isinstance(entry.get("url"), str) or not isinstance(entry.get("size"), int):
            raise Malformed("a wheel entry has no url or size")
        key = _fits_linux_cpython313(str(entry.get("filename", "")))
        if key is not None:
            wheels.append((key, entry))
    wheel = min(wheels, key=lambda w: w[0])[1] if wheels else None
    return Plan(latest_version=info["version"], baseline_version=baseline, wheel=wheel)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return max(0, months - (1 if later.day < earlier.day else 0))


def _advisories(data: dict[str, Any] | None, where: str) -> dict[str, list[str]]:
    """Advisory id -> the versions that fix it, withdrawn advisories left out."""
    if data is None:
        return {}
    raw = data.get("vulnerabilities")
    if not isinstance(raw, list):
        raise Malformed(f"{where}: no vulnerabilities list")
    found = {}
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise Malformed(f"{where}: an advisory without an id")
        if entry.get("withdrawn"):
            continue
        fixed = entry.get("fixed_in") or []
        found[entry["id"]] = [str(v) for v in fixed] if isinstance(fixed, list) else []
    return found


def _id_list(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def derive(
    name: str,
    project: dict[str, Any],
    today: datetime.date,
    *,
    baseline: dict[str, Any] | None = None,
    baseline_missing: str = "",
    wheel_names: list[str] | None = None,
    wheel_missing: str = "",
) -> PackageFacts:
    """Trait values (by trait slug) from the answers about one package."""
    info = _info(project)
    the_plan = plan(project, today)
    history = releases(project)
    latest = info["version"]
    latest_date = _files_date(project["urls"])
    if latest_date is None:
        by_text = {r.text: r.date for r in history}
        if latest not in by_text:
            raise Malformed(f"the latest release {latest} has no files")
        latest_date = by_text[latest]
    result = PackageFacts(name=name, version=latest, released=latest_date)
    add = result.facts.__setitem__

    # Release history.
    newest = max(history, key=lambda r: r.date) if history else None
    if newest is not None:
        add(
            "release-recency",
            Fact(
                months_between(newest.date, today),
                f"latest release {newest.text} on {newest.date:%Y-%m-%d}.",
            ),
        )
    cutoff = today - datetime.timedelta(days=365)
    recent = [r for r in history if r.date > cutoff]
    add(
        "releases-12m",
        Fact(
            len(recent),
            f"releases since {cutoff:%Y-%m-%d}: {_id_list([r.text for r in recent])}.",
        ),
    )
    add("maintenance-status", _maintenance(history, today))

    # Python support.
    requires = info.get("requires_python") or ""
    low = _lowest_python(requires)
    if low:
        add("python-support", Fact(low, f"Requires-Python {requires}."))
    else:
        result.unknown(
            "python-support",
            f"the release declares no lower bound in Requires-Python ({requires or 'none'})",
        )
    classifiers = info.get("classifiers") or []
    if not isinstance(classifiers, list):
        raise Malformed("classifiers are not a list")
    versions = sorted(
        {(int(m[1]), int(m[2])) for c in classifiers if (m := _PY_CLASSIFIER.match(str(c)))}
    )
    if versions:
        text = ", ".join(f"{a}.{b}" for a, b in versions)
        add("python-versions", Fact(text, "from the release's Python version classifiers."))
    elif low:
        add(
            "python-versions",
            Fact(
                f"{low} or later",
                f"the release has no Python version classifiers; Requires-Python {requires}.",
            ),
        )
    else:
        result.unknown(
            "python-versions",
            "the release declares neither version classifiers nor Requires-Python",
        )

    # Licence.
    licence, how = _licence(info, classifiers)
    if licence:
        add("licence", Fact(licence, how))
    else:
        result.unknown("licence", how)

    # Dependencies.
    requirements = info.get("requires_dist") or []
    if not isinstance(requirements, list):
        raise Malformed("requires_dist is not a list")
    needed = []
    for line in requirements:
        try:
            req = Requirement(str(line))
        except InvalidRequirement as exc:
            raise Malformed(f"requires_dist {line!r}: {exc}") from exc
        if req.marker is None or req.marker.evaluate(dict(MARKER_ENVIRONMENT)):
            needed.append(canonicalize_name(req.name))
    needed = sorted(set(needed))
    add(
        "runtime-dependencies",
        Fact(len(needed), f"Requires-Dist on Linux CPython 3.13, no extras: {_id_list(needed)}."),
    )

    # The wheel.
    wheel = the_plan.wheel
    if wheel is None:
        for slug in ("package-size", "typed-package"):
            result.unknown(slug, f"{latest} has no wheel for CPython 3.13 on Linux")
    else:
        add(
            "package-size",
            Fact(
                round(wheel["size"] / 1000),
                f"{wheel['filename']}, {wheel['size']:,} bytes.",
            ),
        )
        if wheel_names is None:
            result.unknown("typed-package", wheel_missing or "the wheel's file list was not read")
        else:
            markers = sorted(n for n in wheel_names if n == "py.typed" or n.endswith("/py.typed"))
            add(
                "typed-package",
                Fact(
                    bool(markers),
                    f"py.typed in {wheel['filename']}: {_id_list(markers)}.",
                ),
            )

    # Advisories, as the index reports them per release.
    latest_ids = _advisories(project, f"{name} {latest}")
    add(
        "vulnerabilities-latest",
        Fact(len(latest_ids), f"advisories affecting {latest}: {_id_list(sorted(latest_ids))}."),
    )
    baseline_text = the_plan.baseline_version
    if baseline_text and baseline_text != latest and baseline is None:
        result.unknown("vulnerabilities-12m", baseline_missing or "no answer")
    else:
        dates = {r.text: r.date for r in history}
        year = set(latest_ids)
        for advisory, fixed in _advisories(baseline, f"{name} {baseline_text}").items():
            fix_dates = [dates[v] for v in fixed if v in dates]
            if not fix_dates or max(fix_dates) > cutoff:
                year.add(advisory)
        checked = (
            latest
            if not baseline_text or baseline_text == latest
            else (f"{baseline_text} (current on {cutoff:%Y-%m-%d}) and {latest}")
        )
        add(
            "vulnerabilities-12m",
            Fact(
                len(year),
                f"advisories affecting {checked}, fixed since {cutoff:%Y-%m-%d} or not yet: "
                f"{_id_list(sorted(year))}.",
            ),
        )
    return result


def _lowest_python(requires: str) -> str:
    try:
        specifiers = SpecifierSet(requires)
    except InvalidSpecifier:
        return ""
    lows = []
    for spec in specifiers:
        if spec.operator in (">=", "~=", "==") and not spec.version.endswith("*"):
            try:
                lows.append(Version(spec.version))
            except InvalidVersion:
                continue
    if not lows:
        return ""
    low = min(lows)
    return f"{low.major}.{low.minor}"


def _licence(info: dict[str, Any], classifiers: list[Any]) -> tuple[str, str]:
    expression = info.get("license_expression")
    if isinstance(expression, str) and expression.strip():
        return expression.strip(), "SPDX License-Expression of the release."
    legacy = info.get("license")
    if isinstance(legacy, str) and legacy.strip() in SPDX_IDS:
        return legacy.strip(), "the release's License field."
    named = sorted({CLASSIFIER_SPDX[c] for c in classifiers if c in CLASSIFIER_SPDX})
    if len(named) == 1:
        return named[0], "the release's licence classifier."
    given = [str(c) for c in classifiers if str(c).startswith("License ::")]
    return "", (
        "the release has no License-Expression, and its classifiers ("
        + ("; ".join(given) or "none")
        + ") do not name one exact licence"
    )


def _maintenance(history: list[Release], today: datetime.date) -> Fact:
    if not history:
        return Fact(None, "the index lists no final release.")
    year = today - datetime.timedelta(days=365)
    two_years = today - datetime.timedelta(days=730)
    newest = max(history, key=lambda r: r.date)
    seen: set[tuple[int, int]] = set()
    feature = None
    for release in history:  # oldest first: the first release of each major.minor
        line = (release.version.major, release.version.minor)
        if line not in seen:
            seen.add(line)
            feature = release if feature is None or release.date >= feature.date else feature
    said = (
        f"latest release {newest.text} on {newest.date:%Y-%m-%d}; latest feature release "
        f"{feature.text} on {feature.date:%Y-%m-%d} (the rule is in the trait's description)."
    )
    if newest.date <= two_years:
        return Fact("unmaintained", said)
    if newest.date > year and feature.date > two_years:
        return Fact("active", said)
    return Fact("maintenance-only", said)
