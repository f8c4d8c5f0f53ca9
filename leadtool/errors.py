"""The error family of leadtool and the exit code each error means.

A bad row is data, not an exception: it is counted and reported. These errors are for
what stops a whole command. One place (the CLI) turns them into a one-line message and an
exit code. Messages name files, row numbers and columns, never personal data.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # an import of several files: some were imported, at least one was not
EXIT_BUSY = 75  # EX_TEMPFAIL: another writer holds the store; try again later


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


class StoreError(LeadtoolError):
    """The store cannot be opened or is not a leadtool store."""


class StoreBusyError(LeadtoolError):
    """Another leadtool writer holds the store and did not finish in time."""

    exit_code = EXIT_BUSY


class NotFoundError(LeadtoolError):
    """A person, import or other record named on the command line does not exist."""
