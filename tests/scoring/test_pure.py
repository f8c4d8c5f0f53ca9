"""The rules model and its checks are pure (issue 16): no store, no CLI, no clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCORING = Path(__file__).resolve().parents[2] / "leadtool" / "scoring"


@pytest.mark.parametrize("name", ["model.py", "rules.py", "positions.py", "example.py"])
def test_the_rules_modules_use_no_store(name: str) -> None:
    tree = ast.parse((SCORING / name).read_text(encoding="utf-8"))
    used = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    used |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {u for u in used if u.startswith(("leadtool.store", "leadtool.cli", "sqlite"))}
