"""The one place where errors become a one-line message and an exit code.

A LeadtoolError is a user error: `Error: <message>` on stderr. Anything else is a bug: we
print its type and where it happened, never its message or locals, which may hold personal
data; LEADTOOL_DEBUG=1 shows the full traceback for a developer.
"""

from __future__ import annotations

import os
import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from leadtool.cli.output import err
from leadtool.errors import EXIT_FAILED, LeadtoolError

EXIT_INTERRUPTED = 130


def report_error(exc: LeadtoolError) -> None:
    """The one-line form of every user error, on stderr."""
    err.print(f"Error: {exc}", markup=False)


@contextmanager
def handle_errors() -> Iterator[None]:
    try:
        yield
    except (typer.Exit, typer.Abort, typer.TyperException):  # typer's own exits and usage errors
        raise
    except LeadtoolError as exc:
        report_error(exc)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print("Interrupted: the command stopped and the store is as it was before it.")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except sqlite3.Error as exc:
        err.print(f"Error: {_sqlite_message(exc)}", markup=False)
        raise typer.Exit(EXIT_FAILED) from None
    except Exception as exc:
        if os.environ.get("LEADTOOL_DEBUG"):
            raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        err.print(
            f"Error: internal error {type(exc).__name__} at {Path(where.filename).name}:"
            f"{where.lineno}. Nothing was changed. Please report it (LEADTOOL_DEBUG=1 shows more).",
            markup=False,
        )
        raise typer.Exit(EXIT_FAILED) from None


def _sqlite_message(exc: sqlite3.Error) -> str:
    from leadtool.store import integrity

    if integrity.is_corruption(exc):  # met while reading, before any write
        return integrity.damaged_message(None)
    return f"the store could not be read or written ({type(exc).__name__})."
