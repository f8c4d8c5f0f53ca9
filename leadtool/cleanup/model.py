"""What a cleanup is asked to do and what it reports: options, step results, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from leadtool.errors import EXIT_BUSY, EXIT_FAILED, EXIT_OK, UsageError

STEPS: tuple[str, ...] = (
    "backup",
    "renormalise",
    "dedupe",
    "suppress",
    "qualify",
    "retention",
    "maintain",
)
OK, FAILED, SKIPPED = "ok", "failed", "skipped"
DEFAULT_KEEP = 7
DEFAULT_RETENTION_DAYS = 90
# How long each step waits for another writer (an import of a big file holds the writer
# lock for its whole file: a 1M-row import takes about 90 s; leave room for much bigger).
STEP_WRITE_WAIT = 1800.0


@dataclass(frozen=True)
class CleanupOptions:
    steps: tuple[str, ...] = STEPS
    dry_run: bool = False
    backup_dir: Path | None = None  # default: <store dir>/backups
    keep: int = DEFAULT_KEEP
    retention_days: int | None = None  # None: settings key retention_days, else 90
    wait: float = 0.0  # for another cleanup to finish
    write_wait: float = STEP_WRITE_WAIT  # for an import (the writer lock), per step
    region: str = "US"
    now: datetime | None = None
    rules: Path | None = None  # the scoring rules; None: $LEADTOOL_RULES, else beside the store


@dataclass
class StepResult:
    name: str
    status: str = OK
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    message: str | None = None  # why it failed or was skipped; never personal data

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.name,
            "status": self.status,
            "counts": self.counts,
            "seconds": round(self.seconds, 3),
            "message": self.message,
        }


@dataclass
class CleanupReport:
    db: Path
    dry_run: bool
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0
    busy: bool = False  # a step could not get the writer lock in time
    damaged: str | None = None  # the store is damaged: which backup is the last good one

    @property
    def failed(self) -> list[str]:
        return [s.name for s in self.steps if s.status == FAILED]

    @property
    def exit_code(self) -> int:
        """75 when the store stayed busy, 1 when a step failed, else 0."""
        if self.busy:
            return EXIT_BUSY
        return EXIT_FAILED if self.failed else EXIT_OK

    def changes(self) -> int:
        """Everything the steps changed (a backup is not a change of the store)."""
        return sum(sum(s.counts.get(k, 0) for k in CHANGE_COUNTS) for s in self.steps)

    def as_json(self) -> dict[str, Any]:
        return {
            "db": str(self.db),
            "dry_run": self.dry_run,
            "status": "failed" if self.failed else "ok",
            "failed": self.failed,
            "damaged": self.damaged,
            "seconds": round(self.seconds, 3),
            "steps": [s.as_json() for s in self.steps],
        }


# The counts that say a step changed the store (or would, in a dry run).
CHANGE_COUNTS = (
    "renormalised",
    "merged",
    "marked",
    "reforgotten",
    "import_rows_purged",
    "rejects_purged",
    "vacuumed",
)


def check_options(options: CleanupOptions) -> CleanupOptions:
    """Usage errors (exit 2) before anything runs."""
    if options.keep < 1:
        raise UsageError("--keep must be at least 1 (to make no backup, use --skip backup)")
    if options.retention_days is not None and options.retention_days < 1:
        raise UsageError("--retention-days must be at least 1")
    return options


def parse_steps(only: str | None, skip: str | None) -> tuple[str, ...]:
    """The steps to run, in their fixed order, from --only and --skip (comma lists)."""
    chosen = set(_names(only, "--only")) if only else set(STEPS)
    chosen -= set(_names(skip, "--skip")) if skip else set()
    return tuple(s for s in STEPS if s in chosen)


def _names(text: str, option: str) -> list[str]:
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown or not names:
        raise UsageError(
            f"{option}: unknown step {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"steps are: {', '.join(STEPS)}"
        )
    return names
