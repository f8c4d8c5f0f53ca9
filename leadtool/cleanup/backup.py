"""The backup step: a copy of the store by SQLite's online backup API, rotated to keep N.

Backups are named `<store stem>-YYYYMMDDTHHMMSSZ.db` in `<store dir>/backups` (or
--backup-dir), owner-only (0600 in a 0700 folder): they hold the same personal data as the
store. A copy is written under a hidden `.partial` name and renamed when complete, so a
crash never leaves a half backup that rotation would count.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from leadtool.cleanup.context import StepContext
from leadtool.errors import UsageError
from leadtool.store import maintenance as sql


def backup_dir(ctx: StepContext) -> Path:
    return ctx.options.backup_dir or ctx.store.path.parent / "backups"


def run(ctx: StepContext) -> dict[str, int]:
    keep = ctx.options.keep
    if keep < 1:
        raise UsageError("--keep must be at least 1 (to make no backup, use --skip backup)")
    folder = backup_dir(ctx)
    stem = ctx.store.path.stem
    existing = backups(folder, stem)
    if ctx.dry_run:
        return {"written": 1, "removed": max(0, len(existing) + 1 - keep)}
    _private_dir(folder)
    _remove_partials(folder, stem)
    target = _free_name(folder, f"{stem}-{ctx.now.strftime('%Y%m%dT%H%M%SZ')}")
    _write(ctx, target)
    removed = rotate(folder, stem, keep)
    return {"written": 1, "removed": removed, "bytes": target.stat().st_size}


def backups(folder: Path, stem: str) -> list[Path]:
    """This store's backups in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    pattern = re.compile(re.escape(stem) + r"-(\d{8}T\d{6}Z)(?:-(\d+))?\.db")
    found = [(m, p) for p in folder.iterdir() if (m := pattern.fullmatch(p.name))]
    found.sort(key=lambda mp: (mp[0][1], int(mp[0][2] or 1)))
    return [p for _, p in found]


def rotate(folder: Path, stem: str, keep: int) -> int:
    old = backups(folder, stem)[:-keep]
    for path in old:
        path.unlink()
    return len(old)


def _private_dir(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def _remove_partials(folder: Path, stem: str) -> None:
    for path in folder.glob(f".{stem}-*.partial*"):
        path.unlink()


def _free_name(folder: Path, base: str) -> Path:
    """`base.db`, or `base-N.db` after the ones of the same second (they sort by N)."""
    taken = [p.name for p in folder.glob(f"{base}*.db")]
    if not taken:
        return folder / f"{base}.db"
    numbers = [int(m[1]) for n in taken if (m := re.fullmatch(re.escape(base) + r"-(\d+)\.db", n))]
    return folder / f"{base}-{max([1, *numbers]) + 1}.db"


def _write(ctx: StepContext, target: Path) -> None:
    partial = target.with_name(f".{target.stem}.partial")
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        sql.backup_into(ctx.store.conn, partial)
        partial.replace(target)
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
