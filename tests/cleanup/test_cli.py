"""`leadtool cleanup` end to end: exit codes, streams, steps, dry run, idempotency, locks."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from leadtool.cleanup import STEPS, parse_steps
from leadtool.cleanup.lock import cleanup_lock
from leadtool.errors import UsageError
from tests.cleanup.helpers import changes, cleanup_json, one, small_store, step
from tests.conftest import Run

Connect = Callable[[], sqlite3.Connection]


def test_runs_every_step_and_reports_each(run: Run, tmp_path: Path, isolated_store: Path) -> None:
    small_store(run, tmp_path)
    result = run("cleanup")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    for name in STEPS:
        assert sum(line.startswith(f"cleanup: {name} ") for line in lines) == 1, name
    assert "cleanup: qualify skipped" in result.stderr
    assert "\x1b[" not in result.stderr  # no colours without a terminal
    assert "jane" not in result.stderr.lower()  # no personal data in the log


def test_json_summary(run: Run, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    report = cleanup_json(run)
    assert report["status"] == "ok" and report["failed"] == []
    assert [s["step"] for s in report["steps"]] == list(STEPS)
    assert {s["status"] for s in report["steps"]} == {"ok", "skipped"}
    assert step(report, "qualify")["status"] == "skipped"
    assert all(isinstance(s["seconds"], float) for s in report["steps"])


def test_second_run_changes_nothing(run: Run, db: Connect, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    conn = db()
    conn.execute("UPDATE people SET norm_version = 0")
    conn.execute("UPDATE batches SET started_at = '2000-01-01T00:00:00Z'")
    conn.execute("UPDATE rejects SET created_at = '2000-01-01T00:00:00Z'")
    conn.commit()
    first = cleanup_json(run)
    assert changes(first)  # the first run had work to do
    second = cleanup_json(run)
    assert changes(second) == {}
    assert step(second, "renormalise")["counts"]["checked"] == 0


def test_dry_run_changes_nothing_and_writes_no_backup(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    small_store(run, tmp_path)
    conn = db()
    conn.execute("UPDATE people SET norm_version = 0")
    conn.execute("UPDATE rejects SET created_at = '2000-01-01T00:00:00Z'")
    conn.commit()
    before = conn.execute("SELECT * FROM people ORDER BY id").fetchall()
    conn.close()
    report = cleanup_json(run, "--dry-run")
    assert report["dry_run"] is True
    assert step(report, "renormalise")["counts"]["checked"] == 3
    assert step(report, "retention")["counts"]["rejects_purged"] == 1
    assert step(report, "backup")["counts"]["written"] == 1  # would write
    assert not (isolated_store.parent / "backups").exists()
    conn = db()
    assert conn.execute("SELECT * FROM people ORDER BY id").fetchall() == before
    assert one(conn, "SELECT count(*) FROM rejects") == 1
    assert one(conn, "SELECT count(*) FROM events WHERE kind = 'renormalised'") == 0


@pytest.mark.parametrize(
    ("only", "skip", "expected"),
    [
        (None, None, STEPS),
        ("backup,maintain", None, ("backup", "maintain")),
        ("maintain,backup", None, ("backup", "maintain")),  # the fixed order wins
        (None, "backup,qualify", tuple(s for s in STEPS if s not in ("backup", "qualify"))),
        ("dedupe, SUPPRESS", "suppress", ("dedupe",)),
    ],
)
def test_parse_steps(only: str | None, skip: str | None, expected: tuple[str, ...]) -> None:
    assert parse_steps(only, skip) == expected


@pytest.mark.parametrize(("only", "skip"), [("backup,vacuum", None), (None, "nope"), (",", None)])
def test_unknown_step_is_a_usage_error(only: str | None, skip: str | None) -> None:
    with pytest.raises(UsageError):
        parse_steps(only, skip)


def test_only_and_skip_on_the_command_line(run: Run, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    report = cleanup_json(run, "--only", "retention,maintain")
    assert [s["step"] for s in report["steps"]] == ["retention", "maintain"]
    report = cleanup_json(run, "--skip", "backup")
    assert "backup" not in [s["step"] for s in report["steps"]]
    result = run("cleanup", "--only", "backup,vacuum")
    assert result.exit_code == 2
    assert "unknown step 'vacuum'" in result.stderr


def test_another_cleanup_running_exits_75_touching_nothing(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    small_store(run, tmp_path)
    conn = db()
    conn.execute("UPDATE rejects SET created_at = '2000-01-01T00:00:00Z'")
    conn.commit()
    with cleanup_lock(isolated_store, wait=0):
        result = run("cleanup", "--wait", "0.3")
    assert result.exit_code == 75
    assert "another cleanup is running" in result.stderr
    assert not (isolated_store.parent / "backups").exists()
    assert one(conn, "SELECT count(*) FROM rejects") == 1
    with cleanup_lock(isolated_store, wait=0):
        result = run("cleanup", "--json")
    assert result.exit_code == 75
    assert json.loads(result.stdout)["status"] == "busy"


def test_no_store_is_an_error(run: Run) -> None:
    result = run("cleanup")
    assert result.exit_code == 1
    assert "no leadtool store" in result.stderr


def test_a_failing_step_is_named_and_the_others_still_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtool.store.connection import Store

    real = Store.check

    def damaged_when_checked_afresh(self: Store, *, fresh: bool = False) -> list[str]:
        if not fresh:  # the check before each write; only maintain's own check finds it
            return real(self)
        self.problems = ["*** page 3: bad"]
        return self.problems

    small_store(run, tmp_path)
    monkeypatch.setattr(Store, "check", damaged_when_checked_afresh)
    result = run("cleanup", "--json", "--skip", "backup")
    assert result.exit_code == 1
    assert "cleanup: maintain FAILED" in result.stderr
    assert "FAILED: maintain" in result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["failed"] == ["maintain"]
    assert step(report, "retention")["status"] == "ok"


def test_a_bug_in_a_step_does_not_stop_the_next(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtool.cleanup import service as runner

    def broken(ctx: object) -> dict[str, int]:
        raise KeyError("jane@example.com")  # a message that must not reach the log

    small_store(run, tmp_path)
    monkeypatch.setitem(runner.RUNNERS, "dedupe", broken)
    result = run("cleanup", "--skip", "backup")
    assert result.exit_code == 1
    assert "cleanup: dedupe FAILED" in result.stderr
    assert "cleanup: maintain ok" in result.stderr
    assert "jane" not in result.stderr


def test_backups_are_private_and_rotated(run: Run, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    folder = tmp_path / "bk"
    for _ in range(4):
        report = cleanup_json(run, "--only", "backup", "--backup-dir", str(folder), "--keep", "2")
    assert step(report, "backup")["counts"]["removed"] == 1
    files = sorted(folder.iterdir())
    assert len(files) == 2
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        copy = sqlite3.connect(path)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM people").fetchone()[0] == 3
        copy.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--keep", "0"), "--keep must be at least 1"),
        (("--retention-days", "0"), "--retention-days must be at least 1"),
        (("--keep", "x"), "Usage: leadtool cleanup"),
    ],
)
def test_bad_values_are_usage_errors(
    run: Run, tmp_path: Path, isolated_store: Path, args: tuple[str, ...], message: str
) -> None:
    small_store(run, tmp_path)
    result = run("cleanup", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (isolated_store.parent / "backups").exists()


def test_a_store_busy_too_long_skips_the_rest_and_says_busy(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    from leadtool.cleanup import CleanupOptions, run_cleanup
    from leadtool.store.lock import writer_lock

    small_store(run, tmp_path)
    steps = ("backup", "retention", "renormalise", "maintain")
    options = CleanupOptions(steps=steps, write_wait=0.2, backup_dir=tmp_path / "bk")
    with writer_lock(isolated_store, wait=0):  # an import holding the store
        report = run_cleanup(isolated_store, options)
    statuses = [(s.name, s.status) for s in report.steps]
    assert statuses == [
        ("backup", "ok"),  # a read snapshot: needs no writer lock
        ("retention", "ok"),  # nothing to purge: no write
        ("renormalise", "failed"),
        ("maintain", "skipped"),
    ]
    assert report.busy
    assert "try again later" in (report.steps[2].message or "")
