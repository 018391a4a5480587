"""The package's import graph has no cycle (#16): read statically from the source, with ast.

Every import statement counts, at module level or inside a function: a function-level import is how
this package defers a heavy module (click, lxml, trafilatura), not how it hides a dependency, and two
modules that import each other from inside functions still cannot be understood, or split, one
without the other. Two kinds of import are not edges:
- an ``if TYPE_CHECKING:`` block, which never runs (annotations are strings here:
  ``from __future__ import annotations``);
- the parent package that Python imports before a submodule (``newsclean/__init__.py`` before
  ``newsclean.pipeline``): no source line states it, and counting it would put every module that
  ``__init__`` reaches in a cycle with it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "newsclean"

#: Cycles there are today (none since batch.py was split), each with what removes it; a cycle not listed fails, and so does a listed one
#: that is gone (take it off the list).
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of ``tree`` at any depth, but not those under ``if TYPE_CHECKING:``."""
    out: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        if _type_checking_only(node):
            assert isinstance(node, ast.If)
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out


def imported_modules(name: str, path: Path, known: dict[str, Path]) -> dict[str, int]:
    """The package's modules that module ``name`` imports, each with the line of its first import."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        if target in known and target != name:
            found[target] = min(line, found.get(target, line))

    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        for alias in node.names:  # ``from .html import frontend`` imports a module; ``from .model import KEPT`` a name
            add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target, node.lineno)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, dict[str, int]]:
    known = modules(package)
    return {name: imported_modules(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _describe(component: frozenset[str], graph: dict[str, dict[str, int]]) -> str:
    edges = [
        f"{a.replace('.', '/')}.py:{line} imports {b}"
        for a in sorted(component)
        for b, line in sorted(graph[a].items())
        if b in component
    ]
    return "; ".join(edges)


def test_no_import_cycle_between_the_package_modules():
    graph = import_graph()
    found = cycles(graph)
    new = [_describe(c, graph) for c in found if c not in KNOWN_CYCLES]
    assert not new, "import cycles: " + " | ".join(new)
    gone = [f"{sorted(c)} ({why})" for c, why in KNOWN_CYCLES.items() if c not in found]
    assert not gone, f"cycles gone: take them off KNOWN_CYCLES: {gone}"


def test_the_graph_sees_relative_function_level_and_submodule_imports(tmp_path):
    """The reader finds a cycle made only of function-level imports, ``from . import module`` and
    ``from ..a import name``, and ignores ``if TYPE_CHECKING:`` imports."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("def f():\n    from .sub import b\n    return b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("from ..a import f\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import f\n")
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg.sub.b": 2} and graph["pkg.sub.b"] == {"pkg.a": 1}
    assert graph["pkg.c"] == {} and graph["pkg"] == {"pkg.a": 1}
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.sub.b"})]
