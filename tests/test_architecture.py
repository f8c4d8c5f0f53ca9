"""The dependency direction of STYLE.md, checked: cli -> services -> pure modules and store."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "leadtool"
MODULES = sorted(PACKAGE.rglob("*.py"))


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def sql_calls(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("execute", "executemany", "executescript")
        ):
            lines.append(node.lineno)
    return lines


def part(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers(path: Path) -> None:
    used = imports(path)
    top = {name.split(".")[0] for name in used}
    if part(path) != "cli":
        assert not top & {"typer", "rich", "click"}, "typer and rich belong to leadtool/cli"
    if part(path) != "store":
        assert "sqlite_utils" not in top, "sqlite-utils belongs to leadtool/store"
        assert sql_calls(path) == [], "SQL belongs to leadtool/store"
    if part(path) == "normalize":
        inner = {n for n in used if n.startswith("leadtool.")}
        assert all(n.startswith(("leadtool.normalize", "leadtool.errors")) for n in inner), inner
    if part(path) == "store":
        assert not any(n.startswith(("leadtool.cli", "leadtool.imports")) for n in used)


def test_every_module_says_what_it_owns() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text())
        if tree.body:
            assert ast.get_docstring(tree), f"{path.relative_to(PACKAGE)} has no docstring"


SERVICE_PACKAGES = ("imports", "exporting", "cleanup", "dedupe", "scoring", "reports")
FRONT_DOORS = (*SERVICE_PACKAGES, "identity", "filters", "readers")


@pytest.mark.parametrize("name", SERVICE_PACKAGES)
def test_a_service_package_keeps_its_service_in_service_py(name: str) -> None:
    assert (PACKAGE / name / "service.py").is_file()


@pytest.mark.parametrize("name", FRONT_DOORS)
def test_a_package_has_a_front_door(name: str) -> None:
    """Its __init__ exports what callers use (`__all__`), and each name is importable."""
    module = importlib.import_module(f"leadtool.{name}")
    exported = getattr(module, "__all__", None)
    assert exported, f"leadtool/{name}/__init__.py exports nothing"
    assert all(hasattr(module, n) for n in exported)
