"""`imports undo` says what later work it would take with it, and asks for --force."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, count

Connect = Callable[[], sqlite3.Connection]


@pytest.mark.parametrize(
    ("later", "what"),
    [
        (("stage", "set", "mql", "--where", "email = 'ann@example.net'"), "changed since"),
        (("tag", "add", "vip", "--where", "email = 'ann@example.net'"), "tagged by hand"),
        (("export", "--where", "email = 'ann@example.net'", "-o", "{tmp}/out.csv"), "exported"),
    ],
)
def test_undo_refuses_to_take_later_work_without_force(
    run: Run, db: Connect, tmp_path: Path, later: tuple[str, ...], what: str
) -> None:
    report = import_json(run, str(people_file(tmp_path)))
    done = run(*(a.replace("{tmp}", str(tmp_path)) for a in later))
    assert done.exit_code == 0, done.stderr
    refused = run("imports", "undo", str(report["batch_id"]))
    assert refused.exit_code == 1
    assert what in refused.stderr and "--force" in refused.stderr
    assert re.search(r"since \(1 [^,]*\);", refused.stderr)  # one kind of work, said once
    assert "ann@" not in refused.stderr
    assert count(db(), "people") == 3  # nothing was undone
    status = db().execute("SELECT status FROM batches").fetchone()
    assert status == ("done",)
    forced = run("imports", "undo", str(report["batch_id"]), "--force", "--json")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(forced.stdout)["removed"] == 3
    assert count(db(), "people") == 0


def test_undo_without_later_work_needs_no_force(run: Run, db: Connect, tmp_path: Path) -> None:
    first = import_json(run, str(people_file(tmp_path)))
    run("tag", "add", "vip", "--where", "email = 'ann@example.net'")  # Ann: first import only
    second = import_json(
        run,
        str(people_file(tmp_path, [["Zoe", "Ray", "zoe@example.com", "", "", "", ""]], "b.csv")),
    )
    assert run("imports", "undo", str(second["batch_id"])).exit_code == 0
    assert count(db(), "people") == 3
    assert first["batch_id"] != second["batch_id"]


def test_undo_twice_fails_like_unmerge_twice(run: Run, tmp_path: Path) -> None:
    report = import_json(run, str(people_file(tmp_path)))
    assert run("imports", "undo", str(report["batch_id"])).exit_code == 0
    again = run("imports", "undo", str(report["batch_id"]))
    assert again.exit_code == 1 and "already undone" in again.stderr
