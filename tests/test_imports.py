"""Every module imports on its own, and the modules' imports form no loop.

Two checks, for every module of the package:

- in a fresh interpreter, ``import myopathy_outcomes.<module>`` works even
  when the package's ``__init__`` is bare (a copy of the package with an
  empty one), so no module relies on the order in which ``__init__`` happens
  to import the others;
- the graph of module-level imports (read with :mod:`ast`; imports inside
  functions and under ``if TYPE_CHECKING:`` left out, those of the packages
  a module imports from included) has no cycle.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import myopathy_outcomes

PACKAGE = "myopathy_outcomes"
SOURCE = Path(myopathy_outcomes.__file__).parent


def _name(path: Path) -> str:
    """The dotted name of the module in ``path``."""
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    """Every module of the package by name, ``__main__`` (which runs the command) left out."""
    found = {_name(path): path for path in sorted(SOURCE.rglob("*.py"))}
    return {name: path for name, path in found.items() if not name.endswith(".__main__")}


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports run when a module is imported: not in functions, not for type checkers."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _module_level(block)
            for handler in node.handlers:
                yield from _module_level(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _module_level(node.body)


def _ancestors(name: str) -> list[str]:
    """The packages above ``name``, the package's root left out (its ``__init__`` may be bare)."""
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(2, len(parts))]


def _targets(name: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The package's modules an import statement of module ``name`` runs."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = node.module or ""
    if node.level:
        package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
        anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        base = f"{anchor}.{base}" if base else anchor
    if base != PACKAGE and not base.startswith(f"{PACKAGE}."):
        return set()
    found = {f"{base}.{alias.name}" for alias in node.names} & set(MODULES)
    return found if len(found) == len(node.names) else found | {base}


def import_graph() -> dict[str, set[str]]:
    """Each module's module-level imports within the package, with the packages they run.

    A module imported from ``a.b.c`` also runs the ``__init__`` of ``a.b``
    unless that package is the importer's own (already being imported).
    """
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        own = {name, *_ancestors(name)}
        edges: set[str] = set()
        for node in _module_level(tree.body):
            for target in _targets(name, node):
                edges |= {target, *_ancestors(target)} - own
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan), or a self-loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_import_graph_reads_every_kind_of_import() -> None:
    """The graph sees `import a.b`, `from a import b`, from-imports of names, and packages run."""
    graph = import_graph()
    assert f"{PACKAGE}.stats" in graph[PACKAGE]  # from myopathy_outcomes import stats
    report = graph[f"{PACKAGE}.report.formats"]
    assert {f"{PACKAGE}.report.html", f"{PACKAGE}.report.figures"} <= report
    analysis = graph[f"{PACKAGE}.analysis"]
    assert {f"{PACKAGE}.report", f"{PACKAGE}.stats.rank_sum", f"{PACKAGE}.stats"} <= analysis


def test_import_graph_leaves_out_lazy_and_type_checking_imports() -> None:
    """An import inside a function or under `if TYPE_CHECKING:` does not run with the module."""
    source = """
import a
if TYPE_CHECKING:
    import b
try:
    import c
except ImportError:
    import d
def f():
    import e
"""
    found = [alias.name for node in _module_level(ast.parse(source).body) for alias in node.names]
    assert found == ["a", "c", "d"]


def test_cycles_are_found() -> None:
    """The cycle finder finds a loop through three modules and a module importing itself."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert sorted(map(sorted, cycles(graph))) == [["a", "b", "c"], ["d"]]


def test_no_import_cycles() -> None:
    """No module-level import loop anywhere in the package."""
    assert [sorted(c) for c in cycles(import_graph())] == []


@pytest.fixture(scope="module")
def bare_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose ``__init__`` is empty; returns the folder holding it."""
    root = tmp_path_factory.mktemp("bare")
    shutil.copytree(SOURCE, root / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    (root / PACKAGE / "__init__.py").write_text("", encoding="utf-8")
    return root


def _import_alone(root: Path, name: str) -> str | None:
    """Import ``name`` from ``root`` in a fresh interpreter; the error's last line, if any."""
    check = (
        f"import {name}, {PACKAGE}; "
        f"assert {PACKAGE}.__file__.startswith({str(root)!r}), {PACKAGE}.__file__"
    )
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    if done.returncode == 0:
        return None
    return (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]


def test_every_module_imports_alone_under_a_bare_init(bare_package: Path) -> None:
    """`import myopathy_outcomes.<module>` works in a fresh interpreter for every module."""
    names = sorted(MODULES)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        errors = dict(
            zip(names, pool.map(lambda n: _import_alone(bare_package, n), names), strict=True)
        )
    assert {name: error for name, error in errors.items() if error} == {}
