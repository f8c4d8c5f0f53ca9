"""The private temporary file a command writes before the file the user asked for may
have its name: an export, an import's rejects file.

It is made 0600 beside the target (it holds personal data) and held locked (flock) while
the command lives; every failure path removes it. A command killed with SIGKILL cannot
remove its own: the next command writing to the same name removes each such file that no
live command holds, with a two-process export's part file.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
import tempfile
from pathlib import Path

SUFFIX = ".partial"
PART = ".part"  # the worker's half of a two-process export: "<partial>.part"
_held: dict[Path, int] = {}  # each live temporary file: the descriptor that holds its lock


def make(output: Path) -> Path:
    """A new temporary file for `output`, held until `discard`; stale ones removed first."""
    remove_stale(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=SUFFIX, dir=output.parent)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a new file: nobody else holds it
    _held[Path(tmp)] = fd
    return Path(tmp)


def part_of(path: Path) -> Path:
    return path.with_name(path.name + PART)


def discard(path: Path) -> None:
    """Remove the temporary file (nothing to remove once it has its name) and let go of it."""
    path.unlink(missing_ok=True)
    fd = _held.pop(path, None)
    if fd is not None:
        os.close(fd)


def remove_stale(output: Path) -> None:
    """Remove what commands writing `output`, killed before they could clean up, left.

    Only names that `make` gives (".NAME." + mkstemp's eight characters + ".partial") and
    only files no process holds: a live command's file is never touched. Best effort: a
    folder that cannot be listed or a file that cannot be removed stops nothing.
    """
    ours = re.compile(re.escape(f".{output.name}.") + "[a-z0-9_]{8}" + re.escape(SUFFIX))
    with contextlib.suppress(OSError):
        for path in output.parent.glob(f".{glob.escape(output.name)}.*{SUFFIX}"):
            if ours.fullmatch(path.name) and _abandoned(path):
                part_of(path).unlink(missing_ok=True)
                path.unlink(missing_ok=True)


def _abandoned(path: Path) -> bool:
    """No live process holds `path` (its command was killed)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def write_whole(output: Path, data: bytes, *, private: bool = True) -> None:
    """Write `data` as `output` in one step: into a temporary file beside it, renamed over
    it once complete, so a full disk or a kill never leaves half a file under that name
    (and a file already there stays as it was). `private` False: the file gets the
    permissions the user's umask gives, for a report meant to be shared."""
    tmp = make(output)
    try:
        tmp.write_bytes(data)
        if not private:
            mask = os.umask(0)
            os.umask(mask)
            tmp.chmod(0o666 & ~mask)
        tmp.replace(output)
    finally:
        discard(tmp)
