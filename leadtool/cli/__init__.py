"""The typer application: global options and the command groups.

Command bodies parse options, call one service function and render its result. Heavy
modules (pandas, sqlite, the normalisers) are imported inside the commands that need them,
so `leadtool --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadtool import __version__
from leadtool.cli import (
    activity_cmd,
    cleanup_cmd,
    dedupe_cmd,
    export_cmd,
    forget_cmd,
    import_cmd,
    imports_cmd,
    lifecycle_cmd,
    merges_cmd,
    people_cmd,
    report_cmd,
    rules_cmd,
    score_cmd,
    segment_cmd,
    suppress_cmd,
)
from leadtool.cli.context import DbAnywhereGroup
from leadtool.cli.errors import sigterm_as_interrupt
from leadtool.cli.help import HELP_WIDTH, plain_help

app = typer.Typer(
    name="leadtool",
    help="Keep one clean, deduplicated store of the people you sell to.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    cls=DbAnywhereGroup,
    context_settings={"max_content_width": HELP_WIDTH},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"leadtool {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The store file, before or after the command. Default: $LEADTOOL_DB, else "
            "your user data folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Keep one clean, deduplicated store of the people you sell to.

    \b
    Example: leadtool import contacts.xlsx --source "LinkedIn CMO search"
    """
    ctx.obj = {"db": db}


app.command("import")(import_cmd.import_command)
app.add_typer(imports_cmd.app, name="imports")
app.add_typer(people_cmd.app, name="people")
app.command("stats")(people_cmd.stats_command)
app.add_typer(lifecycle_cmd.stage_app, name="stage")
app.add_typer(lifecycle_cmd.tag_app, name="tag")
app.add_typer(segment_cmd.app, name="segment")
app.add_typer(suppress_cmd.app, name="suppress")
app.command("forget")(forget_cmd.forget_command)
app.add_typer(dedupe_cmd.app, name="dedupe")
app.add_typer(merges_cmd.app, name="merges")
app.command("unmerge")(merges_cmd.unmerge_command)
app.command("cleanup")(cleanup_cmd.cleanup_command)
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(activity_cmd.app, name="activity")
app.command("score")(score_cmd.score_command)
app.add_typer(report_cmd.app, name="report")
app.add_typer(report_cmd.source_app, name="source")
app.command("export")(export_cmd.export_command)
app.add_typer(export_cmd.app, name="exports")
plain_help(app)


def main() -> None:
    """The `leadtool` command. SIGTERM (timeout, systemd, a container stop) stops it as
    Ctrl-C does, cleaning up, and it exits 143."""
    with sigterm_as_interrupt():
        app()
