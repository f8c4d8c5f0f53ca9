"""The one place where errors become a one-line message and an exit code.

A LeadtoolError is a user error: `Error: <message>` on stderr. A full disk or a folder that
cannot be written is the user's machine, not a bug: one line naming the file and the fault.
Anything else is a bug: we print its type and where it happened, never its message or
locals, which may hold personal data; LEADTOOL_DEBUG=1 shows the full traceback for a
developer. SIGTERM stops a command as Ctrl-C does (`sigterm_as_interrupt`).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import NoReturn

import typer

from leadtool.cli.output import err
from leadtool.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    LeadtoolError,
    Terminated,
    environment_fault,
)

__all__ = ["EXIT_INTERRUPTED", "handle_errors", "sigterm_as_interrupt"]

# What is always true when a command stops early: every write is one transaction.
ROLLED_BACK = "Nothing half-done was kept."


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
    except KeyboardInterrupt as exc:
        exit_interrupted(exc)
    except Exception as exc:
        line = _user_line(exc)
        if line is None:
            if os.environ.get("LEADTOOL_DEBUG"):
                raise
            line = _bug_line(exc)
        err.print(f"Error: {line}", markup=False)
        raise typer.Exit(EXIT_FAILED) from None


def _user_line(exc: Exception) -> str | None:
    """The message for a fault of the machine or of the store; None for a bug."""
    fault = environment_fault(exc)
    if fault is not None:
        return f"{fault}. {ROLLED_BACK}"
    if isinstance(exc, sqlite3.Error):
        return _sqlite_message(exc)
    return None


def _sqlite_message(exc: sqlite3.Error) -> str:
    from leadtool.store import integrity

    if integrity.is_corruption(exc):  # met while reading, before any write
        return integrity.damaged_message(None)
    return f"the store could not be read or written ({type(exc).__name__})."


def _bug_line(exc: Exception) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return (
        f"internal error {type(exc).__name__} at {Path(where.filename).name}:{where.lineno}. "
        f"{ROLLED_BACK} Please report it (LEADTOOL_DEBUG=1 shows more)."
    )


def exit_interrupted(
    exc: KeyboardInterrupt, kept: str = "the store is as it was before it"
) -> NoReturn:
    """Say that the command stopped, and what of its work stands (`kept`); exit 130/143."""
    how = "Terminated (SIGTERM)" if isinstance(exc, Terminated) else "Interrupted"
    err.print(f"{how}: the command stopped and {kept}.", markup=False)
    raise typer.Exit(_interrupt_code(exc)) from None


def _interrupt_code(exc: KeyboardInterrupt) -> int:
    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the command runs, SIGTERM raises Terminated wherever it is, and the command
    exits EXIT_TERMINATED whichever path then ended it.

    Terminated is a KeyboardInterrupt: it unwinds through the same cleanup as Ctrl-C (the
    transaction rolls back, temporary files go, worker processes are stopped). Only the
    first SIGTERM raises: a second must not cut that cleanup short.
    """
    received: list[int] = []

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        if not received:
            received.append(signum)
            raise Terminated

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    except SystemExit:
        if received:
            raise SystemExit(EXIT_TERMINATED) from None
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    if received:
        raise SystemExit(EXIT_TERMINATED)
