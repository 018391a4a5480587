"""What ``pip install .`` ships: every module, py.typed, the schema and the package data, and metadata that
matches what installs. The wheel is built from a copy of the sources (no build/ left in the tree)."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_wheel(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "newsclean", src / "newsclean", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        str(tmp_path),
        str(src),
    ]  # as pip install . builds
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("newsclean-*.whl")
    return wheel


def test_the_wheel_ships_every_module_the_types_marker_and_the_data(tmp_path):
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(z.read(metadata))
    package = ROOT / "newsclean"
    wanted = {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "newsclean/py.typed" in wanted and "newsclean/schema/article.schema.json" in wanted
    assert "newsclean/data/months.json" in wanted
    assert wanted <= names, f"not in the wheel: {sorted(wanted - names)}"
    assert meta["Requires-Python"] == ">=3.10"
    classifiers = meta.get_all("Classifier")
    assert "Typing :: Typed" in classifiers and "Programming Language :: Python :: 3.10" in classifiers
    assert meta.get_all("Project-URL"), "no project URL"
    extras = meta.get_all("Provides-Extra")
    assert {"test", "dask", "dev"} <= set(extras)
