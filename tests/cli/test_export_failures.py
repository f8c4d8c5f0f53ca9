"""A failed export leaves nothing behind: no file, no temporary file, no record; and says so.

A full disk or a folder that cannot be written is the user's machine, not a bug: one line
naming the file, never "internal error". The file appears under its name only once the
export's record has committed.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from leadtool.exporting import parallel, service, writers
from leadtool.store.connection import Store
from tests.cli.test_export import Connect, contacted, export, exports_rows, seed
from tests.conftest import Run, count


def full_disk(*args: Any, **kwargs: Any) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def one_line_error(stderr: str) -> None:
    assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr
    assert "internal error" not in stderr and "report it" not in stderr
    assert "@" not in stderr  # no email, whatever the fault


def untouched(db: Connect, before: dict[str, tuple[int, str | None]]) -> None:
    conn = db()
    assert exports_rows(conn) == 0 and count(conn, "export_people") == 0
    assert contacted(conn) == before


@pytest.mark.parametrize("extra", [(), ("--no-record",)], ids=["recorded", "not-recorded"])
@pytest.mark.parametrize("two", [False, True], ids=["one-process", "two-processes"])
def test_full_disk_while_writing_is_one_line(
    run: Run,
    db: Connect,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: tuple[str, ...],
    two: bool,
) -> None:
    seed(run, tmp_path)
    if two:  # this process's half fails while the worker writes the other
        monkeypatch.setattr(parallel, "PARALLEL_MIN_PEOPLE", 1)
    folder = tmp_path / "out"
    folder.mkdir()
    before = contacted(db())
    monkeypatch.setattr(writers, "write", full_disk)
    result = export(run, "-o", str(folder / "leads.csv"), *extra)
    assert result.exit_code == 1
    one_line_error(result.stderr)
    kept = "nothing was exported or recorded" if not extra else "nothing was exported"
    assert f"{folder / 'leads.csv'}: no space left on the disk; {kept}" in result.stderr
    assert list(folder.iterdir()) == []  # no file, no partial file, no worker's part
    untouched(db, before)


def failing_commit(real: Any) -> Any:
    """write_transaction whose COMMIT fails as on a full disk (the body had succeeded)."""

    @contextmanager
    def transaction(store: Store, **kwargs: Any) -> Iterator[sqlite3.Connection]:
        with real(store, **kwargs) as conn:
            yield conn
            raise sqlite3.OperationalError("database or disk is full")

    return transaction


def test_commit_failure_leaves_no_file(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    earlier = folder / "earlier.csv"
    earlier.write_text("an earlier export\n")
    before = contacted(db())
    monkeypatch.setattr(service, "write_transaction", failing_commit(service.write_transaction))
    for name in ("new.csv", "earlier.csv"):
        result = export(run, "-o", str(folder / name))
        assert result.exit_code == 1
        assert sorted(p.name for p in folder.iterdir()) == ["earlier.csv"]
        assert earlier.read_text() == "an earlier export\n"  # not replaced: nothing recorded
        one_line_error(result.stderr)
        assert ": no space left on the disk; nothing was exported or recorded" in result.stderr
    untouched(db, before)


def test_a_failed_move_after_the_commit_is_told_truthfully(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "leads.csv"
    real = os.replace

    def refused(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst) == target:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    result = export(run, "-o", str(target))
    assert result.exit_code == 1
    one_line_error(result.stderr)
    assert f"{target}: permission denied" in result.stderr
    assert "export 1 was recorded and its 7 people counted as contacted" in result.stderr
    assert "no file was written" in result.stderr and "--no-record" in result.stderr
    assert list(folder.iterdir()) == []  # the temporary file is gone too: personal data
    conn = db()
    assert exports_rows(conn) == 1  # what the message says is what the store holds
    assert sorted(c for c, _ in contacted(conn).values()) == [1] * 7


def test_full_disk_writing_to_stdout_is_one_line(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)
    before = contacted(db())
    monkeypatch.setattr(writers, "write", full_disk)
    result = export(run, "-o", "-")
    assert result.exit_code == 1
    assert "Error: stdout: no space left on the disk; nothing was exported or recorded" in (
        result.stderr
    )
    untouched(db, before)


def test_interrupt_mid_write_leaves_nothing(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    before = contacted(db())

    def interrupted(fmt: str, out: IO[bytes], *args: Any, **kwargs: Any) -> int:
        out.write(b"id,first_name\n1,Jane\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(writers, "write", interrupted)
    result = export(run, "-o", str(folder / "leads.csv"))
    assert result.exit_code == 130
    assert "store is as it was" in result.stderr
    assert list(folder.iterdir()) == []
    untouched(db, before)
