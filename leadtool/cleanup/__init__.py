"""`leadtool cleanup`: the nightly job, as a library.

`run_cleanup(path, options)` runs the steps (backup, renormalise, dedupe, suppress, qualify,
retention, maintain) in order, each in its own write transactions, and returns a
`CleanupReport`. One module per step; `service` owns the order, the locks and the failures.
"""

from __future__ import annotations

from leadtool.cleanup.model import (
    STEPS,
    CleanupOptions,
    CleanupReport,
    StepResult,
    check_options,
    parse_steps,
)
from leadtool.cleanup.service import run_cleanup

__all__ = [
    "STEPS",
    "CleanupOptions",
    "CleanupReport",
    "StepResult",
    "check_options",
    "parse_steps",
    "run_cleanup",
]
