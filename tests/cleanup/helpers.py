"""Shared helpers of the cleanup tests: a small store, running cleanup, reading the store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from leadtool.cleanup.model import CHANGE_COUNTS as MODEL_CHANGE_COUNTS
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run

# What the command counts as a change, and the identity keys renormalise rewrote.
CHANGE_COUNTS = (*MODEL_CHANGE_COUNTS, "keys_changed")


def small_store(run: Run, tmp_path: Path) -> None:
    """Three people (Jane, Bob, Ann) and one rejected row, from one import."""
    import_json(run, str(people_file(tmp_path)), "--source", "test list")


def cleanup_json(run: Run, *args: str, code: int = 0) -> dict[str, Any]:
    result = run("cleanup", "--json", *args)
    assert result.exit_code == code, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def step(report: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in report["steps"] if s["step"] == name)
    return found


def changes(report: dict[str, Any]) -> dict[str, int]:
    """Every non-zero change count, as step.count -> n."""
    return {
        f"{s['step']}.{k}": v
        for s in report["steps"]
        for k, v in s["counts"].items()
        if k in CHANGE_COUNTS and v
    }


def one(conn: sqlite3.Connection, sql: str, *params: object) -> Any:
    return conn.execute(sql, params).fetchone()[0]
