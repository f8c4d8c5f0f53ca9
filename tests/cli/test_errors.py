"""handle_errors: user errors become one line, typer's own exits pass through untouched.

A full disk or a read-only folder is the user's machine, not a bug; SIGTERM stops a command
as Ctrl-C does, with its own exit code."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
import typer

from leadtool.cli.errors import handle_errors, sigterm_as_interrupt
from leadtool.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    InputFileError,
    Terminated,
)
from tests.conftest import Run, write_csv


@pytest.mark.parametrize(
    "raised",
    [typer.Exit(3), typer.Abort(), typer.BadParameter("--limit must be a number")],
    ids=["exit", "abort", "bad-parameter"],
)
def test_typer_exceptions_pass_through(raised: Exception) -> None:
    with pytest.raises(type(raised)) as caught, handle_errors():
        raise raised
    assert caught.value is raised


def test_user_error_becomes_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as caught, handle_errors():
        raise InputFileError("leads.csv", "the file is empty")
    assert caught.value.exit_code == EXIT_FAILED
    assert "Error: leads.csv: the file is empty" in capsys.readouterr().err


def test_bug_is_named_without_its_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEADTOOL_DEBUG", raising=False)
    with pytest.raises(typer.Exit) as caught, handle_errors():
        raise ValueError("jane@example.com")  # a message may hold personal data
    err = capsys.readouterr().err
    assert caught.value.exit_code == EXIT_FAILED
    assert "internal error ValueError at test_errors.py:" in err
    assert "jane@example.com" not in err


@pytest.mark.parametrize(
    ("raised", "line"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/data/rejects.csv"),
            "/data/rejects.csv: no space left on the disk.",
        ),
        (OSError(errno.ENOSPC, "No space left on device"), "no space left on the disk."),
        (
            OSError(errno.EDQUOT, "Disk quota exceeded", "r.csv"),
            "r.csv: the disk quota is used up.",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/ro/x.db"),
            "/ro/x.db: the disk is read-only",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "/ro/x.db"), "/ro/x.db: permission"),
        (PermissionError(errno.EPERM, "Operation not permitted", "x.db"), "x.db: not permitted"),
        (sqlite3.OperationalError("database or disk is full"), "the store: no space left"),
        (sqlite3.OperationalError("unable to open database file"), "the store: cannot be opened"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "the store: is read-"),
    ],
)
def test_a_full_or_read_only_disk_is_one_line_not_a_bug(
    capsys: pytest.CaptureFixture[str], raised: Exception, line: str
) -> None:
    with pytest.raises(typer.Exit) as caught, handle_errors():
        raise raised
    err = capsys.readouterr().err
    assert caught.value.exit_code == EXIT_FAILED
    assert err.startswith(f"Error: {line}") and err.count("\n") == 1
    assert "internal error" not in err and "report it" not in err
    assert "Nothing was changed" not in err  # not known here: another file may have been saved


def test_a_fault_is_named_without_the_errors_own_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit), handle_errors():
        raise OSError(errno.ENOSPC, "jane@example.com", "leads.csv")
    err = capsys.readouterr().err
    assert "leads.csv: no space left on the disk" in err and "jane" not in err


def test_another_os_error_is_still_a_bug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEADTOOL_DEBUG", raising=False)
    with pytest.raises(typer.Exit), handle_errors():
        raise OSError(errno.EBADF, "Bad file descriptor")
    assert "internal error OSError" in capsys.readouterr().err


def test_a_bug_claims_only_what_is_known(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEADTOOL_DEBUG", raising=False)
    with pytest.raises(typer.Exit), handle_errors():
        raise ValueError("x")
    err = capsys.readouterr().err
    assert "Nothing was changed" not in err  # a command may have saved a first file already
    assert "Nothing half-done was kept" in err


@pytest.mark.parametrize(
    ("raised", "code", "word"),
    [(KeyboardInterrupt(), EXIT_INTERRUPTED, "Interrupted"), (Terminated(), 143, "SIGTERM")],
)
def test_interrupts_exit_128_plus_the_signal(
    capsys: pytest.CaptureFixture[str], raised: KeyboardInterrupt, code: int, word: str
) -> None:
    with pytest.raises(typer.Exit) as caught, handle_errors():
        raise raised
    err = capsys.readouterr().err
    assert caught.value.exit_code == code
    assert word in err and "store is as it was" in err and err.count("\n") == 1


def test_sigterm_raises_terminated_once_and_exits_143() -> None:
    with pytest.raises(SystemExit) as caught, sigterm_as_interrupt():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)  # the handler raises in here
        except Terminated:
            os.kill(os.getpid(), signal.SIGTERM)  # a second SIGTERM must not cut cleanup short
            time.sleep(0.1)
            raise SystemExit(EXIT_INTERRUPTED) from None  # a path that knew only Ctrl-C
    assert caught.value.code == EXIT_TERMINATED
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_new_store_in_a_folder_that_cannot_be_written(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root a chmod does not refuse anything: the refusal is simulated where the store
    file is created."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "leads.db"
    real = os.open

    def refused(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == db:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    leads = write_csv(tmp_path / "l.csv", [["Email"], ["ann@example.com"]])
    result = run("--db", str(db), "import", str(leads))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: permission denied")
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
    assert list(folder.iterdir()) == []


def test_a_full_disk_while_writing_the_rejects_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_store: Path
) -> None:
    from leadtool.imports import rejects

    class FullDisk:
        def writerow(self, row: Any) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")  # a write names no file

    leads = write_csv(tmp_path / "l.csv", [["Email"], ["ann@example.com"], ["not-an-email"]])
    monkeypatch.setattr(rejects.csv, "writer", lambda fh: FullDisk())
    out = tmp_path / "out"
    out.mkdir()
    target = out / "rejects.csv"
    result = run("import", str(leads), "--rejects", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {target}: no space left on the disk. Nothing half-done was kept.\n"
    )
    assert list(out.iterdir()) == []
    conn = sqlite3.connect(isolated_store)
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0  # rolled back
    conn.close()
