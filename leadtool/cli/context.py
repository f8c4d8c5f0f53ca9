"""Opening the store named by the global --db option (or its defaults)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

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
