"""One isolated environment per framework under lab/.envs/, made and filled by uv.

The app's own .venv is never touched: every install names its target interpreter.
An environment is rebuilt only when its requirements file changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lab.harness.manifest import LAB, framework_dir

ENVS = LAB / ".envs"
EMPTY = "_empty"
# Like pip, compile bytecode at install time: start-up then measures a real deployment,
# not a first import that compiles every module.
INSTALL_FLAGS = "--compile-bytecode"


def uv() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    # bin/_env.sh installs uv into the interpreter it exports as UV_PYTHON.
    return [os.environ.get("UV_PYTHON") or sys.executable, "-m", "uv"]


def python_for_envs() -> str:
    """The interpreter the lab's environments are made from (the one running the harness)."""
    return os.environ.get("UV_PYTHON") or getattr(sys, "_base_executable", sys.executable)


def env_dir(slug: str) -> Path:
    return ENVS / slug


def env_bin_path(slug: str) -> str:
    """The PATH entries a framework's server needs: its environment's bin, and the npm
    tools its sample pins (if any)."""
    entries = [env_dir(slug) / "bin", env_dir(slug) / "js" / "node_modules" / ".bin"]
    return os.pathsep.join(str(e) for e in entries if e.is_dir())


def env_python(slug: str) -> Path:
    return env_dir(slug) / "bin" / "python"


def ensure(slug: str) -> Path:
    """Create (or reuse) the environment for a framework; returns its folder."""
    target = env_dir(slug)
    requirements = None if slug == EMPTY else framework_dir(slug) / "requirements.txt"
    lock = None if slug == EMPTY else framework_dir(slug) / "package-lock.json"
    lock = lock if lock and lock.is_file() else None
    digest = hashlib.sha256(
        INSTALL_FLAGS.encode() + (requirements.read_bytes() if requirements else b"")
        + (lock.read_bytes() if lock else b"")
    ).hexdigest()
    stamp = target / ".lab-requirements"
    if stamp.is_file() and stamp.read_text() == digest and env_python(slug).exists():
        return target
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    quiet = {"check": True, "env": env, "capture_output": True, "text": True}
    try:
        subprocess.run(
            [*uv(), "venv", "--quiet", "--clear", "--python", python_for_envs(), str(target)],
            **quiet,
        )
        if requirements:
            subprocess.run(
                [*uv(), "pip", "install", "--quiet", INSTALL_FLAGS, "--python",
                 str(env_python(slug)), "-r", str(requirements)],
                **quiet,
            )
        if lock:
            # A JavaScript tool the framework runs (Reflex's bun), pinned in the sample's
            # package-lock.json and installed from the npm registry with npm.
            js = target / "js"
            js.mkdir(exist_ok=True)
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(framework_dir(slug) / name, js / name)
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(js)],
                           **quiet)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"installing {slug} failed: {exc.stderr.strip()[-2000:]}") from exc
    stamp.write_text(digest)
    return target


def describe(slug: str, distribution: str) -> dict:
    """The installed version of a distribution and the environment's Python version."""
    code = (
        "import importlib.metadata as m, json, platform;"
        f"print(json.dumps({{'version': m.version({distribution!r}),"
        " 'python': platform.python_version()}))"
    )
    out = subprocess.run(
        [str(env_python(slug)), "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def site_packages(slug: str) -> Path:
    return next((env_dir(slug) / "lib").glob("python3*/site-packages"))


def tree_kib(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total / 1024


def install_footprint(slug: str) -> tuple[float, int]:
    """(KiB of site-packages beyond an empty environment, distributions installed)."""
    ensure(EMPTY)
    empty = site_packages(EMPTY)
    full = site_packages(slug)
    kib = tree_kib(full) - tree_kib(empty)
    dists = len(list(full.glob("*.dist-info"))) - len(list(empty.glob("*.dist-info")))
    return round(kib, 1), dists
