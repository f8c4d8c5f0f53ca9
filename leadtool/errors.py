"""The error family of leadtool and the exit codes: every code a command exits with is here.

A bad row is data, not an exception: it is counted and reported. These errors are for
what stops a whole command. One place (the CLI) turns them into a one-line message and an
exit code. Messages name files, row numbers and columns, never personal data.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # an import of several files: some were imported, at least one was not
EXIT_BUSY = 75  # EX_TEMPFAIL: another writer holds the store; try again later
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM: what timeout, systemd and container stops send
EXIT_ORPHANED = 70  # a worker whose command died (workers.py): nobody is left to read it


class LeadtoolError(Exception):
    """Base of every error a user may see. `str(err)` is the one-line message."""

    exit_code = EXIT_FAILED


class UsageError(LeadtoolError):
    """The command was called wrongly (bad option value, unknown field)."""

    exit_code = EXIT_USAGE


class InputFileError(LeadtoolError):
    """A file could not be imported at all. Nothing was written."""

    def __init__(
        self, path: Path | str, problem: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.row = row
        self.column = column
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")


class RulesError(LeadtoolError):
    """A rules file has mistakes: nothing is scored with it. `lines` are `FILE:LINE:COL: ...`."""

    exit_code = EXIT_USAGE

    def __init__(self, file: str, lines: tuple[str, ...]) -> None:
        self.file = file
        self.lines = lines
        count = f"{len(lines)} mistake" + ("" if len(lines) == 1 else "s")
        super().__init__(
            f"{file} has {count}, so nothing is scored with it (leadtool rules check lists "
            f"them); the first: {lines[0]}"
        )


class StoreError(LeadtoolError):
    """The store cannot be opened or is not a leadtool store."""


class StoreBusyError(LeadtoolError):
    """Another leadtool writer holds the store and did not finish in time."""

    exit_code = EXIT_BUSY


class EnvironmentFault(LeadtoolError):
    """The machine stopped the command (a full disk, a read-only folder): not a bug."""


class NotFoundError(LeadtoolError):
    """A person, import or other record named on the command line does not exist."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived (the CLI raises it from its signal handler).

    A KeyboardInterrupt, so that it stops a command exactly as Ctrl-C does: every
    `finally` and `except BaseException` cleanup runs and the transaction in flight rolls
    back; only the exit code differs (EXIT_TERMINATED).
    """


# Faults of the user's machine, not of leadtool, in words: what is full or not writable.
_OS_FAULTS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied (the file or its folder is not writable)",
    errno.EPERM: "not permitted (the file or its folder is not writable)",
}
_SQLITE_FAULTS = {  # by SQLite's primary result code, and the message it goes with
    13: ("database or disk is full", "no space left on the disk"),  # SQLITE_FULL
    14: (  # SQLITE_CANTOPEN
        "unable to open database file",
        "cannot be opened or created (is its folder writable?)",
    ),
    8: (  # SQLITE_READONLY
        "attempt to write a readonly database",
        "is read-only (its file or folder is not writable)",
    ),
}


def environment_fault(exc: BaseException, *, file: Path | str | None = None) -> str | None:
    """What of the machine stopped the command, in one line naming the file; or None when
    `exc` is no such fault (a bug, a corrupt store). The file is `file` when given (the
    caller knows which file the user asked for), else the one the error names; a write
    error names none, and SQLite's errors never do.

    Only the file name and the fault: never the error's own text, which could quote data.
    """
    if isinstance(exc, OSError) and exc.errno in _OS_FAULTS:
        where = file if file is not None else exc.filename
        problem = _OS_FAULTS[exc.errno]
        return f"{_name(where)}: {problem}" if where is not None else problem
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        for primary, (message, problem) in _SQLITE_FAULTS.items():
            if (code is not None and code & 0xFF == primary) or str(exc) == message:
                return f"{_name(file) if file is not None else 'the store'}: {problem}"
    return None


def _name(path: Path | str | bytes) -> str:
    return path.decode(errors="replace") if isinstance(path, bytes) else str(path)
