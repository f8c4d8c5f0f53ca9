"""`import --rejects PATH`: checked before any work; no stray file; no false "nothing changed"."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_import import people_file
from tests.conftest import Run, count

Connect = Callable[[], sqlite3.Connection]


def stray_files(*folders: Path) -> list[str]:
    return sorted(p.name for f in folders for p in f.iterdir() if p.name.startswith("."))


def test_rejects_naming_a_folder_is_refused_before_any_work(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run("import", str(people_file(tmp_path)), "--rejects", str(folder))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr and "internal error" not in result.stderr
    assert not isolated_store.exists() or count(db(), "batches") == 0
    assert stray_files(tmp_path, folder) == []
    retry = run("import", str(people_file(tmp_path)), "--rejects", str(folder / "r.csv"), "--json")
    assert retry.exit_code == 0, retry.stderr
    assert json.loads(retry.stdout)["status"] == "imported"  # not "already imported"
    assert (folder / "r.csv").exists()


def test_rejects_in_a_missing_folder_is_refused_like_export(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    target = tmp_path / "no" / "such" / "r.csv"
    result = run("import", str(people_file(tmp_path)), "--rejects", str(target))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()
    assert not isolated_store.exists()  # the refused import made no store either
    assert run("import", str(people_file(tmp_path))).exit_code == 0  # a store to export from
    export = run("export", "-o", str(target))
    assert export.exit_code == 2 and "does not exist" in export.stderr


def test_rejects_file_that_cannot_be_placed_after_commit(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.csv"
    real_replace = Path.replace

    def fail(self: Path, other: object) -> Path:
        if self.name.endswith(".partial"):
            raise OSError(28, "No space left on device")
        return real_replace(self, other)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "replace", fail)
    result = run("import", str(people_file(tmp_path)), "--rejects", str(target), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "imported" and report["rejects_file"] is None
    assert "No space left" in report["rejects_error"]
    assert "Nothing was changed" not in result.stderr
    assert f"leadtool imports rejects {report['batch_id']}" in result.stderr
    assert count(db(), "batches") == 1
    assert stray_files(tmp_path) == [] and not target.exists()
    monkeypatch.setattr(Path, "replace", real_replace)
    again = run("imports", "rejects", str(report["batch_id"]), "-o", str(target))
    assert again.exit_code == 0, again.stderr
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("row,reason,First Name") and len(lines) == 2
    assert stray_files(tmp_path) == []


def test_reimport_says_how_to_import_again_and_dry_run_shows_the_mapping(
    run: Run, tmp_path: Path
) -> None:
    path = str(people_file(tmp_path))
    assert run("import", path).exit_code == 0
    again = run("import", path, "--stage", "mql")
    assert again.exit_code == 0
    assert "already imported as import 1" in again.stderr
    assert "leadtool imports undo 1" in again.stderr
    dry = run("import", path, "--dry-run", "--map", "Job Title=title")
    assert "Phone #" in dry.stderr and "already imported" in dry.stderr


def test_a_killed_imports_rejects_copy_is_removed_by_the_next_import(
    run: Run, tmp_path: Path
) -> None:
    """kill -9 during an import's commit leaves its private copy of the rejected rows; the
    next import writing the same rejects file removes it (a live one, locked, it leaves)."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".r.csv.abcd1234.partial"
    stale.write_text("row,reason,Email\n2,not a person,jane@example.com\n")
    result = run("import", str(people_file(tmp_path)), "--rejects", str(out / "r.csv"))
    assert result.exit_code == 0, result.stderr
    assert stray_files(out) == [] and (out / "r.csv").exists()
