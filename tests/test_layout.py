"""The house rules of the layout (README, "Where things live"): imports go down
only (pages, then engines, then the catalogue's core, then web/), no module-level
cycle, and no import hidden inside a function to dodge one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("web", "catalogue", "compare", "api", "reports")


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def _ours(name: str | None) -> bool:
    return bool(name) and name.split(".", 1)[0] in PACKAGES  # type: ignore[union-attr]


def _imports_inside_functions(tree: ast.AST) -> list[tuple[int, str]]:
    """Imports of our packages inside a function, except in an AppConfig.ready()
    (Django's idiom: what needs the models loaded is imported once they are)."""
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and function:
                names = (
                    [child.module]
                    if isinstance(child, ast.ImportFrom)
                    else [alias.name for alias in child.names]
                )
                if function != "ready" and any(_ours(n) for n in names):
                    found.append((child.lineno, ast.unparse(child)))
            else:
                visit(child, function)

    visit(tree, None)
    return found


def test_no_module_imports_our_packages_inside_a_function():
    hidden = {
        f"{path.relative_to(ROOT)}:{line}": text
        for _, path in _modules()
        for line, text in _imports_inside_functions(ast.parse(path.read_text()))
    }
    assert hidden == {}


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    modules = sorted(m for m in graph.modules if _ours(m))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if not _ours(other):
                continue
            if other not in index:
                connect(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in modules:
        if module not in index:
            connect(module)
    return groups


def test_no_module_level_import_cycle():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert _cycles(graph) == []


def test_the_import_contracts_hold():
    """The contracts in pyproject.toml ([tool.importlinter]), as CI runs them."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("import-linter is a dev dependency: `uv sync` installs lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
