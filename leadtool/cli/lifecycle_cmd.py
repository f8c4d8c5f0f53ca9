"""`leadtool stage set` and `leadtool tag add|remove`."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import DryRunOpt, JsonOpt, WhereOpt
from leadtool.cli.output import err, plural, print_json

if TYPE_CHECKING:
    from leadtool.lifecycle import ChangeReport

stage_app = typer.Typer(help="Move people between lifecycle stages.", no_args_is_help=True)
tag_app = typer.Typer(help="Tag people, or remove a tag.", no_args_is_help=True)

TagArg = Annotated[str, typer.Argument(metavar="TAG", help="The tag (any case).")]


@stage_app.command("set")
def stage_set(
    ctx: typer.Context,
    stage: Annotated[
        str,
        typer.Argument(metavar="STAGE", help="subscriber, lead, mql, sql, opportunity, customer"),
    ],
    where: WhereOpt = "",
    reason: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why, kept in each person's history.")
    ] = None,
    dry_run: DryRunOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Set the lifecycle stage of the people a filter selects; each move goes in their history.

    \b
    Example: leadtool stage set mql --where 'tag = demo' --reason "demo request"
    """
    from leadtool.lifecycle import set_stage

    with handle_errors():
        report = set_stage(open_from(ctx), stage, where, reason=reason, dry_run=dry_run)
        _render(report, json_)


@tag_app.command("add")
def tag_add(
    ctx: typer.Context,
    tag: TagArg,
    where: WhereOpt = "",
    dry_run: DryRunOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Add a tag to the people a filter selects.

    \b
    Example: leadtool tag add saastr-2026 --where 'source = "SaaStr 2026"'
    """
    from leadtool.lifecycle import change_tag

    with handle_errors():
        _render(change_tag(open_from(ctx), tag, where, adding=True, dry_run=dry_run), json_)


@tag_app.command("remove")
def tag_remove(
    ctx: typer.Context,
    tag: TagArg,
    where: WhereOpt = "",
    dry_run: DryRunOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Remove a tag from the people a filter selects.

    \b
    Example: leadtool tag remove cold --where 'last_contacted > 7 days ago'
    """
    from leadtool.lifecycle import change_tag

    with handle_errors():
        _render(change_tag(open_from(ctx), tag, where, adding=False, dry_run=dry_run), json_)


def _render(report: ChangeReport, as_json: bool) -> None:
    if as_json:
        print_json(asdict(report))
        return
    verb = "would change" if report.dry_run else "changed"
    matched = plural(report.matched, "person matches", "people match")
    line = f"{report.action}: {matched}, {verb} {report.changed:,}"
    if report.backwards:
        line += f" ({report.backwards:,} moved back down the funnel, recorded in their history)"
    err.print(line + ("; dry run, nothing written." if report.dry_run else "."), markup=False)
