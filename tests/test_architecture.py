"""The import graph of app/ and engines/, read from the source (ast), keeps its three layers and no cycle.

Layers, top to bottom: the front ends (app.ui, app.cli + app.commands, app.kiosk, app.server), the Qt-free
core (app.core, app.jobs), the engines. A module imports only its own layer or those below it, counting
imports inside functions too; Qt (PySide6) is imported only in app.ui and app.kiosk; the modules imported
at module level (``if TYPE_CHECKING:`` blocks included) form no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from engines.paths import PROJECT_ROOT

FIRST_PARTY = ("app", "engines")
FRONT_ENDS = ("app.ui", "app.cli", "app.commands", "app.kiosk", "app.server")
CORE = ("app.core", "app.jobs", "app")
QT_HOMES = ("app.ui", "app.kiosk")
QT = "PySide6"
# The CLI imports the window and the kiosk only when asked for them: Qt must not load for `daycast --help`.
LAZY_FIRST_PARTY = {("app.commands.app", "app.ui.main"), ("app.commands.kiosk", "app.kiosk.main")}


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    module_level: bool


def _within(module: str, packages: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def layer(module: str) -> int:
    """2: a front end, 1: the core and jobs, 0: the engines; -1: not first-party."""
    if _within(module, FRONT_ENDS):
        return 2
    if _within(module, CORE):
        return 1
    if _within(module, ("engines",)):
        return 0
    return -1


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _module_level_nodes(tree: ast.Module) -> set[int]:
    """Ids of the import statements that run at import time (or for the type checker): the module's body
    and the bodies of its top-level ``if``/``try`` blocks."""
    nodes: set[int] = set()
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        nodes.add(id(node))
        if isinstance(node, ast.If | ast.Try):
            pending += node.body + node.orelse + getattr(node, "finalbody", []) + [
                s for h in getattr(node, "handlers", []) for s in h.body]
    return nodes


def imports_of(source: str, module: str, is_package: bool, known: set[str]) -> Iterator[Import]:
    """Every import in ``source`` (module ``module``), resolved to a module name where it names one."""
    tree = ast.parse(source)
    top = _module_level_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno, id(node) in top)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield Import(module, full if full in known else base, node.lineno, id(node) in top)


def scan(root: Path, packages: Iterable[str] = FIRST_PARTY) -> list[Import]:
    files = {module_name(p, root): p for package in packages for p in sorted((root / package).rglob("*.py"))}
    known = set(files)
    found: list[Import] = []
    for module, path in files.items():
        found += imports_of(path.read_text(encoding="utf-8"), module, path.name == "__init__.py", known)
    return found


def layer_violations(imports: Iterable[Import]) -> list[str]:
    """Imports that reach up a layer, and Qt imported outside app.ui and app.kiosk."""
    problems = []
    for imp in imports:
        where = f"{imp.source}:{imp.line} imports {imp.target}"
        if imp.target.split(".")[0] == QT and not _within(imp.source, QT_HOMES):
            problems.append(f"{where} (Qt only in app.ui and app.kiosk)")
        elif 0 <= layer(imp.source) < layer(imp.target):
            problems.append(f"{where} (layer {layer(imp.source)} may not import layer {layer(imp.target)})")
    return problems


def cycles(imports: Iterable[Import]) -> list[list[str]]:
    """Strongly connected groups of first-party modules through module-level imports (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.source, set())
        if imp.module_level and layer(imp.target) >= 0 and imp.target != imp.source:
            graph[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def lazy_first_party(imports: Iterable[Import]) -> list[str]:
    return [f"{i.source}:{i.line} imports {i.target} inside a function" for i in imports
            if not i.module_level and layer(i.target) >= 0 and (i.source, i.target) not in LAZY_FIRST_PARTY]


# --- the rules on Daycast's own tree -------------------------------------------------------------------

def test_every_module_imports_only_its_own_layer_or_below_and_qt_only_in_ui_and_kiosk() -> None:
    imports = scan(PROJECT_ROOT)
    assert len({i.source for i in imports}) > 100  # the scan read the tree
    assert layer_violations(imports) == []


def test_first_party_modules_import_each_other_without_a_cycle() -> None:
    assert cycles(scan(PROJECT_ROOT)) == []


def test_first_party_imports_are_at_module_top() -> None:
    assert lazy_first_party(scan(PROJECT_ROOT)) == []


# --- the checks can fail ---------------------------------------------------------------------------------

def _imp(source: str, target: str, module_level: bool = True) -> Import:
    return Import(source, target, 1, module_level)


def test_layer_check_reports_upward_imports_and_stray_qt() -> None:
    graph = [
        _imp("app.ui.main_window", "app.jobs.services"),  # down: fine
        _imp("app.commands.app", "app.ui.main", module_level=False),  # same layer: fine
        _imp("app.kiosk.window", "PySide6.QtWidgets"),  # Qt at home: fine
        _imp("engines.router", "app.core.settings", module_level=False),
        _imp("app.core.briefing.pipeline", "app.ui.workers"),
        _imp("app.jobs.voice", "app.kiosk.talk"),
        _imp("app.jobs.voice", "PySide6.QtCore", module_level=False),
        _imp("app.commands.talk", "PySide6.QtCore"),
    ]
    assert [p.split(" (")[0] for p in layer_violations(graph)] == [
        "engines.router:1 imports app.core.settings",
        "app.core.briefing.pipeline:1 imports app.ui.workers",
        "app.jobs.voice:1 imports app.kiosk.talk",
        "app.jobs.voice:1 imports PySide6.QtCore",
        "app.commands.talk:1 imports PySide6.QtCore",
    ]


def test_cycle_check_finds_module_level_cycles_only() -> None:
    graph = [
        _imp("engines.bundled", "engines.moe"), _imp("engines.moe", "engines.bundled"),
        _imp("app.jobs.podcast", "app.jobs.services"), _imp("app.jobs.services", "app.jobs.podcast", False),
        _imp("app.core.a", "app.core.b"), _imp("app.core.b", "app.core.c"), _imp("app.core.c", "app.core.a"),
        _imp("app.core.c", "numpy"), _imp("numpy", "app.core.c"),
    ]
    assert cycles(graph) == [["app.core.a", "app.core.b", "app.core.c"], ["engines.bundled", "engines.moe"]]


def test_scan_reads_imports_inside_functions_and_relative_imports(tmp_path: Path) -> None:
    (tmp_path / "engines").mkdir()
    (tmp_path / "app" / "core").mkdir(parents=True)
    (tmp_path / "engines" / "__init__.py").write_text("")
    (tmp_path / "engines" / "x.py").write_text("def f() -> None:\n    from app.core import y\n")
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "core" / "__init__.py").write_text("")
    (tmp_path / "app" / "core" / "y.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import z\n")
    (tmp_path / "app" / "core" / "z.py").write_text("from app.core.y import *\n")
    imports = scan(tmp_path)
    assert layer_violations(imports) == ["engines.x:2 imports app.core.y (layer 0 may not import layer 1)"]
    assert cycles(imports) == [["app.core.y", "app.core.z"]]
    assert lazy_first_party(imports) == ["engines.x:2 imports app.core.y inside a function"]
