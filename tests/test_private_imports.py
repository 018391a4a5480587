"""No ``_private`` name is imported across the package's modules (#16): a name another module needs is
public, in the one module that is its home. Read statically with ast, every import at any depth."""

from __future__ import annotations

import ast
from pathlib import Path

from test_import_graph import PACKAGE, modules


def private_imports(package=PACKAGE) -> list[str]:
    known = modules(package)
    out = []
    for name, path in known.items():
        module_names: dict[str, str] = {}  # local name -> the package module it is bound to
        own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target not in known:
                continue  # another distribution's private name is that distribution's business
            for alias in node.names:
                if f"{target}.{alias.name}" in known:  # ``from . import batch``: then ``batch._name`` crosses
                    module_names[alias.asname or alias.name] = f"{target}.{alias.name}"
                elif _private(alias.name):
                    out.append(f"{path.relative_to(package.parent)}:{node.lineno} imports {alias.name} from {target}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _private(node.attr):
                other = module_names.get(node.value.id)
                if other is not None and other != name:
                    out.append(f"{path.relative_to(package.parent)}:{node.lineno} uses {node.attr} of {other}")
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_private_name_is_imported_from_another_module():
    found = private_imports()
    assert not found, "\n".join(found)


def test_a_private_import_is_found(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("_X = 1\n__all__ = []\n")
    (pkg / "b.py").write_text("from .a import __all__\ndef f():\n    from .a import _X\n    return _X\n")
    (pkg / "c.py").write_text("from . import a\nY = a._X\n")
    assert private_imports(pkg) == [
        str(Path("pkg/b.py")) + ":3 imports _X from pkg.a",
        str(Path("pkg/c.py")) + ":2 uses _X of pkg.a",
    ]
