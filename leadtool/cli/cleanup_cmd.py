"""`leadtool cleanup`: the nightly job. One summary line per step on stderr, an exit code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import db_path
from leadtool.cli.errors import EXIT_INTERRUPTED, handle_errors
from leadtool.cli.options import JsonOpt
from leadtool.cli.output import err, print_json

if TYPE_CHECKING:
    from leadtool.cleanup import StepResult


def cleanup_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Say what each step would change; change nothing, no backup."
        ),
    ] = False,
    json_: JsonOpt = False,
    backup_dir: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Where backups go. Default: a 'backups' folder beside the store."
        ),
    ] = None,
    keep: Annotated[int, typer.Option(metavar="N", help="How many backups to keep.")] = 7,
    only: Annotated[
        str | None,
        typer.Option(metavar="STEPS", help="Run only these steps, e.g. 'backup,maintain'."),
    ] = None,
    skip: Annotated[
        str | None, typer.Option(metavar="STEPS", help="Skip these steps, e.g. 'dedupe'.")
    ] = None,
    wait: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds to wait for another cleanup, then exit 75."),
    ] = 0.0,
    retention_days: Annotated[
        int | None,
        typer.Option(
            metavar="DAYS",
            help="Purge raw imported and rejected rows older than this. Default: 90.",
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The scoring rules for the qualify step. Default: $LEADTOOL_RULES, else "
            "rules.toml beside the store; none there: the step is skipped.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Back up, re-normalise, deduplicate, apply suppressions, score, purge old rows, check.

    Steps: backup, renormalise, dedupe, suppress, qualify, retention, maintain. Exit codes:
    0 ok, 1 a step failed (the others ran), 75 another cleanup is running or the store stayed
    busy, 2 usage.

    \b
    Example: leadtool cleanup --backup-dir /var/backups/leadtool --keep 14
    """
    from leadtool.cleanup import CleanupOptions, check_options, parse_steps, run_cleanup
    from leadtool.config import default_region
    from leadtool.errors import StoreBusyError

    with handle_errors():
        options = check_options(
            CleanupOptions(
                steps=parse_steps(only, skip),
                dry_run=dry_run,
                backup_dir=backup_dir,
                keep=keep,
                retention_days=retention_days,
                wait=max(wait, 0.0),
                region=default_region(),
                rules=rules,
            )
        )
        try:
            report = run_cleanup(db_path(ctx), options, on_step=_Log(dry_run))
        except StoreBusyError as exc:
            if json_:  # a cron job reading --json gets a summary on every run
                print_json({"db": str(db_path(ctx)), "status": "busy", "error": str(exc)})
            raise
        except KeyboardInterrupt:
            err.print(
                "Interrupted: the steps that finished are kept, the step in flight was rolled "
                "back; the store is consistent. Run cleanup again to finish."
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
    if json_:
        print_json(report.as_json())
    label = "cleanup (dry run)" if dry_run else "cleanup"
    if report.failed:
        # A damaged store: the cron log's last line says which backup is the last good one.
        note = f"; {report.damaged}" if report.damaged else ""
        err.print(
            f"{label}: FAILED: {', '.join(report.failed)} ({report.seconds:.1f} s){note}",
            markup=False,
        )
    else:
        err.print(f"{label}: done ({report.seconds:.1f} s)")
    if report.exit_code:
        raise typer.Exit(report.exit_code)


class _Log:
    """One plain line per step on stderr, as soon as it ends; counts only, never data."""

    def __init__(self, dry_run: bool) -> None:
        self.label = "cleanup (dry run)" if dry_run else "cleanup"

    def __call__(self, step: StepResult) -> None:
        counts = ", ".join(f"{k} {v:,}" for k, v in step.counts.items())
        detail = "; ".join(x for x in (counts, step.message or "") if x)
        status = "FAILED" if step.status == "failed" else step.status
        err.print(
            f"{self.label}: {step.name} {status} ({step.seconds:.2f} s)"
            f"{': ' + detail if detail else ''}",
            markup=False,
        )
