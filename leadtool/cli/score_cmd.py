"""`leadtool score`: recompute scores, stages by trigger and nurture from the rules file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import db_path, open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import DryRunOpt, JsonOpt
from leadtool.cli.output import plural, print_json, say

if TYPE_CHECKING:
    from leadtool.scoring import ScoreReport


def score_command(
    ctx: typer.Context,
    where: Annotated[
        str | None,
        typer.Option(
            metavar="EXPR",
            help="Score only these people, e.g. \"source = 'SaaStr 2026'\". Default: everyone.",
            show_default=False,
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The rules file. Default: $LEADTOOL_RULES, else rules.toml beside the store.",
            show_default=False,
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="Score as if it were this time (UTC), e.g. 2026-06-01. Default: now.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Recompute every score from the events and the rules, then triggers and nurture.

    Scores are recomputed, never added to: running it twice changes nothing the second
    time, and after a rule changes every score is what the new rules give. Triggers only
    move people forward; nurture marks quiet leads "nurturing" (their stage stays).

    \b
    Example: leadtool score --dry-run
    """
    from leadtool.scoring import parse_now, resolve_rules_path, score

    with handle_errors():
        moment = parse_now(now)
        path = resolve_rules_path(rules, db_path(ctx))
        report = score(open_from(ctx), path, now=moment, where=where, dry_run=dry_run)
    if json_:
        print_json(report.as_json())
        return
    _render(report)


def _render(report: ScoreReport) -> None:
    would = "would change" if report.dry_run else "changed"
    say(
        f"Scored {plural(report.people, 'person', 'people')} with {report.rules_file} "
        f"at {report.now}: {report.score_changed} {would} score, "
        f"{report.stage_changed} stage, {report.status_changed} status."
    )
    if report.customers:
        say(f"  {plural(report.customers, 'person', 'people')} became customers by a first sale")
    for name, moved in report.moved.items():
        if moved:
            say(f"  {name}: {plural(moved, 'person', 'people')} moved forward")
    if report.nurturing or report.reactivated:
        say(f"  {report.nurturing} now nurturing, {report.reactivated} active again")
    if report.dry_run:
        for kind, rows in report.samples.items():
            for row in rows:
                what = f"{row['from']} -> {row['to']}"
                why = row.get("rule") or row.get("reason")
                say(f"  person {row['id']}: {kind} {what}" + (f" ({why})" if why else ""))
        say("Dry run: nothing was written.")
