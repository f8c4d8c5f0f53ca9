"""The global --db option, wherever it is typed, and opening the store it names (or the default)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from typer._click import Context  # typer carries its own click

from leadtool.cli.help import PlainGroup

if TYPE_CHECKING:
    from leadtool.store.connection import Store


def db_path(ctx: typer.Context) -> Path:
    from leadtool.config import resolve_db_path  # not needed for --help

    obj = ctx.find_root().obj or {}
    value = obj.get("db")
    return resolve_db_path(value if isinstance(value, Path) else None)


def open_from(ctx: typer.Context, *, create: bool = False) -> Store:
    """The store, created on first use only by commands that write (import)."""
    from leadtool.store.connection import open_store  # sqlite3 and migrations: not for --help

    return open_store(db_path(ctx), create=create)


class DbAnywhereGroup(PlainGroup):
    """The root group: `leadtool people list --db x.db` means `leadtool --db x.db people list`.

    People type the store's option where they type the others; it belongs to the root
    group, so it is moved there before parsing rather than declared on every command.
    """

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_db(args))


def hoist_db(args: list[str]) -> list[str]:
    """`--db PATH` and `--db=PATH` moved to the front; nothing after `--` is touched."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--":
            rest.extend(args[i:])
            break
        if word == "--db" and i + 1 < len(args):
            front += args[i : i + 2]
            i += 2
            continue
        (front if word.startswith("--db=") else rest).append(word)
        i += 1
    return front + rest
