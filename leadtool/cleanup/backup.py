"""The backup step: a sound copy of the store by SQLite's online backup API, rotated to keep N.

Backups are named `<store stem>-<store id>-YYYYMMDDTHHMMSSZ.db` in `<store dir>/backups`
(or --backup-dir), owner-only (0600 in a 0700 folder): they hold the same personal data as
the store. The store id is derived from the store's secret (a hash, never the secret), so
two stores called `leadtool.db` sharing a folder rotate only their own copies. Older
versions named backups `<stem>-<stamp>.db`; such a file counts as this store's only when
the copy's own secret says so. A file we cannot read is never deleted.

The store is checked (`quick_check`, afresh) before the copy: a damaged store is not copied
and nothing is rotated, so its damage never pushes a good backup out. The step fails and
names the last good backup: the newest of this store's backups that passes `quick_check`
itself (checked only then, newest first, so a healthy night costs no extra check).

A copy is written under a hidden `.partial` name and renamed when complete; any failure or
interruption (KeyboardInterrupt, SystemExit) removes the partial and its journal files.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import sqlite3
from pathlib import Path

from leadtool.cleanup.context import StepContext
from leadtool.errors import LeadtoolError, UsageError
from leadtool.store import backup as sql
from leadtool.store import integrity, recognise
from leadtool.store.integrity import StoreDamagedError
from leadtool.store.settings import store_secret

STAMP = r"(\d{8}T\d{6}Z)(?:-(\d+))?\.db"
JOURNALS = ("-journal", "-wal", "-shm")


def backup_dir(ctx: StepContext) -> Path:
    return ctx.options.backup_dir or ctx.store.path.parent / "backups"


def store_id(secret: str) -> str:
    """A short, stable id for one store, from its secret (which must not leave the store)."""
    return hashlib.sha256(f"leadtool backup id:{secret}".encode()).hexdigest()[:12]


def run(ctx: StepContext) -> dict[str, int]:
    keep = ctx.options.keep
    if keep < 1:
        raise UsageError("--keep must be at least 1 (to make no backup, use --skip backup)")
    folder, secret = backup_dir(ctx), _secret(ctx)
    existing = backups(folder, ctx.store.path.stem, secret)
    if ctx.dry_run:
        return {"written": 1, "removed": max(0, len(existing) + 1 - keep)}
    found = ctx.store.check(fresh=True)
    if found:
        raise StoreDamagedError(damaged_note(ctx, len(found)))
    _private_dir(folder)
    prefix = f"{ctx.store.path.stem}-{store_id(secret)}-"
    _remove_partials(folder, prefix)
    base = f"{prefix}{ctx.now.strftime('%Y%m%dT%H%M%SZ')}"
    target = _free_name(folder, base)
    _write(ctx, target)
    removed = rotate(folder, ctx.store.path.stem, secret, keep)
    return {"written": 1, "removed": removed, "bytes": target.stat().st_size}


def damaged_note(ctx: StepContext, found: int) -> str:
    """One line for the cron log: damaged, nothing copied or removed, the last good backup."""
    return (
        f"{ctx.store.path}: the store is damaged (quick_check found {found} problem(s)); "
        f"no backup made, none removed; {last_good_text(ctx)}"
    )


def last_good_text(ctx: StepContext) -> str:
    """`last good backup: PATH`, or that there is none, for messages about a damaged store."""
    folder = backup_dir(ctx)
    try:
        good = last_good(folder, ctx.store.path.stem, _secret(ctx))
    except (LeadtoolError, sqlite3.Error):  # the damage may reach the settings table too
        return f"its settings cannot be read to match it with a backup in {folder}"
    return f"last good backup: {good}" if good else f"no good backup of this store in {folder}"


def damaged_summary(ctx: StepContext) -> str:
    """The last line of a cleanup that found the store damaged."""
    return f"the store is damaged; {last_good_text(ctx)}"


def backups(folder: Path, stem: str, secret: str) -> list[Path]:
    """This store's backups in `folder`, oldest first: by id in the name, or proven by secret."""
    if not folder.is_dir():
        return []
    named = re.compile(re.escape(f"{stem}-{store_id(secret)}-") + STAMP)
    legacy = re.compile(re.escape(f"{stem}-") + STAMP)
    found = [(m, p) for p in folder.iterdir() if (m := named.fullmatch(p.name))]
    found += [
        (m, p)
        for p in folder.iterdir()
        if (m := legacy.fullmatch(p.name)) and recognise.secret_of(p) == secret
    ]
    found.sort(key=lambda mp: (mp[0][1], int(mp[0][2] or 1)))
    return [p for _, p in found]


def last_good(folder: Path, stem: str, secret: str) -> Path | None:
    """The newest backup of this store known to be sound (see the module text)."""
    # Checked again even when written after a check: a copy can go bad on disk too.
    return next(
        (p for p in reversed(backups(folder, stem, secret)) if integrity.copy_is_sound(p)), None
    )


def rotate(folder: Path, stem: str, secret: str, keep: int) -> int:
    old = backups(folder, stem, secret)[:-keep]
    for path in old:
        path.unlink()
    return len(old)


def _secret(ctx: StepContext) -> str:
    secret = store_secret(ctx.store.conn)
    if secret is None:  # every store gets one when it is opened (connection._migrate)
        raise StoreDamagedError(f"{ctx.store.path}: the store has no secret in its settings")
    return secret


def _private_dir(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def _remove_partials(folder: Path, prefix: str) -> None:
    """Left by a crash of this store's backup; another store's may be in flight right now."""
    for path in folder.glob(f".{glob.escape(prefix)}*.partial*"):
        path.unlink()


def _free_name(folder: Path, base: str) -> Path:
    """`base.db`, or `base-N.db` after the ones of the same second (they sort by N)."""
    taken = [p.name for p in folder.glob(f"{glob.escape(base)}*.db")]
    if not taken:
        return folder / f"{base}.db"
    numbers = [int(m[1]) for n in taken if (m := re.fullmatch(re.escape(base) + r"-(\d+)\.db", n))]
    return folder / f"{base}-{max([1, *numbers]) + 1}.db"


def _write(ctx: StepContext, target: Path) -> None:
    partial = target.with_name(f".{target.stem}.partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        sql.backup_into(ctx.store.conn, partial)
        partial.replace(target)
    finally:  # also on KeyboardInterrupt / SystemExit (SIGTERM): never leave a half copy
        for leftover in (partial, *(Path(f"{partial}{j}") for j in JOURNALS)):
            leftover.unlink(missing_ok=True)
