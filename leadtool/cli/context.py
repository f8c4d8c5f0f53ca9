"""Opening the store named by the global --db option (or its defaults)."""

from __future__ import annotations

from pathlib import Path

import typer

from leadtool.config import resolve_db_path
from leadtool.store.connection import Store, open_store


def db_path(ctx: typer.Context) -> Path:
    obj = ctx.find_root().obj or {}
    value = obj.get("db")
    return resolve_db_path(value if isinstance(value, Path) else None)


def open_from(ctx: typer.Context, *, create: bool = False) -> Store:
    """The store, created on first use only by commands that write (import)."""
    return open_store(db_path(ctx), create=create)
