"""Running the cleanup steps in order, each on its own, and reporting every one.

A failing step is reported and the next steps still run: each step commits on its own, so
the store stays consistent. A step that cannot get the writer lock in time (a very long
import) ends the run: the remaining steps are skipped and the run says "busy" (exit 75).
A damaged store (found by the backup or maintain step, or met by a write) ends it too:
the report says which backup is the last good one (exit 1).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from leadtool.cleanup import backup as backup_step
from leadtool.cleanup import dedupe as dedupe_step
from leadtool.cleanup import maintain as maintain_step
from leadtool.cleanup import qualify as qualify_step
from leadtool.cleanup import renormalise as renormalise_step
from leadtool.cleanup import retention as retention_step
from leadtool.cleanup import suppress as suppress_step
from leadtool.cleanup.context import StepContext, StepSkipped
from leadtool.cleanup.lock import cleanup_lock
from leadtool.cleanup.model import FAILED, SKIPPED, CleanupOptions, CleanupReport, StepResult
from leadtool.errors import LeadtoolError, NotFoundError, StoreBusyError
from leadtool.store.connection import open_store
from leadtool.store.integrity import is_corruption

Step = Callable[[StepContext], dict[str, int]]

RUNNERS: dict[str, Step] = {
    "backup": backup_step.run,
    "renormalise": renormalise_step.run,
    "dedupe": dedupe_step.run,
    "suppress": suppress_step.run,
    "qualify": qualify_step.run,
    "retention": retention_step.run,
    "maintain": maintain_step.run,
}


def run_cleanup(
    path: Path, options: CleanupOptions, *, on_step: Callable[[StepResult], None] | None = None
) -> CleanupReport:
    """Take the cleanup lock (or StoreBusyError), then run the chosen steps in order."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no leadtool store here; nothing to clean up")
    started = time.perf_counter()
    with cleanup_lock(path, wait=options.wait):
        store = open_store(path, create=False, wait=options.write_wait)
        try:
            now = options.now or datetime.now(UTC)
            ctx = StepContext(store=store, options=options, now=now)
            report = CleanupReport(db=path, dry_run=options.dry_run)
            for name in options.steps:
                result = _skipped(report, name) if report.busy or report.damaged else None
                result = result or _run_step(ctx, name)
                report.busy = report.busy or result.message == BUSY_MESSAGE
                if store.problems and not report.damaged:  # nothing more is done to the file
                    report.damaged = backup_step.damaged_summary(ctx)
                report.steps.append(result)
                if on_step is not None:
                    on_step(result)
        finally:
            store.close()
    report.seconds = time.perf_counter() - started
    return report


BUSY_MESSAGE = "another leadtool command held the store too long; try again later"


def _skipped(report: CleanupReport, name: str) -> StepResult:
    why = "was busy" if report.busy else "is damaged"
    return StepResult(name, SKIPPED, message=f"not run: the store {why}")


def _run_step(ctx: StepContext, name: str) -> StepResult:
    result = StepResult(name)
    started = time.perf_counter()
    try:
        result.counts = RUNNERS[name](ctx)
    except StepSkipped as exc:
        result.status, result.message = SKIPPED, str(exc)
    except StoreBusyError:
        result.status, result.message = FAILED, BUSY_MESSAGE
    except LeadtoolError as exc:
        result.status, result.message = FAILED, str(exc)
    except sqlite3.Error as exc:
        # sqlite3 messages name tables and constraints, never row values.
        result.status, result.message = FAILED, f"{type(exc).__name__}: {exc}"
        if is_corruption(exc):  # met while reading: the run stops like after a failed check
            ctx.store.problems = ctx.store.problems or [str(exc)]
    except Exception as exc:  # a bug in one step must not stop the others
        result.status, result.message = FAILED, f"internal error {type(exc).__name__}"
    result.seconds = time.perf_counter() - started
    return result
