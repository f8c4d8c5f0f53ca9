"""The hand-computed store (known.py), built once per test session; each test gets a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.reports.known import build


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("known")
    build(folder / "known.db", folder)
    return folder / "known.db"


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "known.db"
    shutil.copy(built, copy)
    return copy
