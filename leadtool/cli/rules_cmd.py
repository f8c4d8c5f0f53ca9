"""`leadtool rules init` and `leadtool rules check`: the scoring rules file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import db_path
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt
from leadtool.cli.output import plural, print_json, say, show

if TYPE_CHECKING:
    from leadtool.scoring import Rules, RulesCheck

app = typer.Typer(help="The scoring rules file: write an example, check it.", no_args_is_help=True)

FileArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="FILE",
        help="The rules file. Default: $LEADTOOL_RULES, else rules.toml beside the store.",
        show_default=False,
    ),
]


def _path(ctx: typer.Context, file: Path | None) -> Path:
    from leadtool.scoring import resolve_rules_path

    return resolve_rules_path(file, db_path(ctx))


@app.command("init")
def init_command(
    ctx: typer.Context,
    file: FileArg = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file if it exists (it is lost).")
    ] = False,
) -> None:
    """Write a commented example rules file to edit; never over an existing one without --force.

    \b
    Example: leadtool rules init
    """
    from leadtool.scoring import init_rules, load_rules

    with handle_errors():
        report = init_rules(_path(ctx, file), force=force)
        verb = "Replaced" if report.replaced else "Wrote"
        counts = _counts(load_rules(report.path))
        say(f"{verb} {report.path}: {counts}. Edit it, then: leadtool rules check")


@app.command("check")
def check_command(ctx: typer.Context, file: FileArg = None, json_: JsonOpt = False) -> None:
    """Check a rules file: every mistake as FILE:LINE:COL: message, exit 2 if there is one.

    \b
    Example: leadtool rules check rules.toml
    """
    from leadtool.scoring import check_rules

    with handle_errors():
        check = check_rules(_path(ctx, file))
    _render(check, json_)
    if not check.ok:
        raise typer.Exit(2)


def _render(check: RulesCheck, json_: bool) -> None:
    if json_:
        problems = [{"line": p.line, "col": p.col, "message": p.message} for p in check.problems]
        print_json({"file": check.file, "ok": check.ok, "problems": problems})
        return
    for problem in check.problems:
        show(problem.render(check.file))
    if check.rules is not None:
        say(f"{check.file}: no mistakes; {_counts(check.rules)}.")
    else:
        count = plural(len(check.problems), "mistake")
        say(f"{check.file}: {count}; nothing is scored with this file until they are fixed.")


def _counts(rules: Rules) -> str:
    return ", ".join(
        [
            plural(len(rules.fit), "fit rule"),
            plural(len(rules.engagement), "engagement rule"),
            plural(len(rules.triggers), "trigger"),
        ]
    )
