"""How `--help` pages look: click's plain text, wrapped to the terminal, examples kept whole.

typer's rich help shows Python types (`<bool>`, `<list[str]>`), squeezes option names into a
table at 80 columns and keeps a docstring's own line breaks. Click's plain help wraps
paragraphs as sentences and leaves a paragraph marked `\\b` (each command's Example line)
as written, so it can be pasted. Options show the metavars we give (`FILE`, `N`); typer
shows an argument's Python type whatever its metavar, so PlainCommand lists arguments by
their metavar alone.
"""

from __future__ import annotations

import typer
from typer._click import Context, HelpFormatter, Parameter  # typer carries its own click
from typer.core import TyperArgument, TyperCommand, TyperGroup

# Help wider than this is hard to read, even on a wide terminal.
HELP_WIDTH = 100


class PlainCommand(TyperCommand):
    """A command whose usage line and help list arguments as `FILE...`, `[SEGMENT]`."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [argument_usage(p) for p in arguments(self.get_params(ctx))]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        params = self.get_params(ctx)
        named = [(argument_usage(p), p.help or "") for p in arguments(params) if not p.hidden]
        options = [
            record
            for p in params
            if p.param_type_name == "option" and (record := p.get_help_record(ctx)) is not None
        ]
        for title, rows in (("Arguments", named), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class PlainGroup(TyperGroup):
    """A group whose list of commands gives each one's first sentence whole, wrapped."""

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        rows = [
            (name, command.get_short_help_str(limit=UNCUT))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


# click cuts a command's summary to fit one line ("map, validate,..."); this never does.
UNCUT = 10_000


def arguments(params: list[Parameter]) -> list[TyperArgument]:
    return [p for p in params if isinstance(p, TyperArgument)]


def argument_usage(param: TyperArgument) -> str:
    """`FILE...` for a required list, `[SEGMENT]` for an optional one."""
    name = param.metavar or (param.name or "value").upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


def plain_help(app: typer.Typer) -> None:
    """Plain help, PlainCommand and PlainGroup, for every command and group under the app."""
    app.rich_markup_mode = None
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):  # typer's default; a command's own class stays
            command.cls = PlainCommand
    for group in app.registered_groups:
        group.cls = PlainGroup
        if group.typer_instance is not None:
            plain_help(group.typer_instance)
