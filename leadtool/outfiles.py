"""Files leadtool writes for the user (exports, rejects): checked before any work starts.

One rule for every output path, so that `import --rejects` and `export -o` agree: the file
may not be the store itself nor a folder, its folder must already exist (a typo in a path
is not a reason to create folders), and leadtool must be able to create files there. The
check makes and removes a private probe file, so a read-only folder or a full quota shows
now, before an import has committed, not after.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from leadtool.errors import UsageError
from leadtool.store.lock import lock_path


def check_output(path: Path, store: Path, option: str, *, probe: bool = True) -> None:
    """Raise a one-line UsageError naming `option` and `path` if it cannot be written.

    `probe=False` when the caller creates its own temporary file there at once."""
    own = {Path(f"{store}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}
    own.add(lock_path(store).resolve())
    if path.resolve() in own:
        raise UsageError(f"{option} {path} is the store itself: give another file")
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder: give a file name, e.g. {path / 'out.csv'}")
    if not path.parent.is_dir():
        raise UsageError(f"{option} {path}: the folder {path.parent} does not exist")
    if not probe:
        return
    try:
        # Not the export's temporary-file shape (`.NAME.xxxx.partial`): a concurrent export
        # cleaning up its own stale files must not take this probe for one.
        fd, made = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
    except OSError as exc:
        raise UsageError(
            f"{option} {path}: cannot write in {path.parent} ({exc.strerror})"
        ) from None
    os.close(fd)
    Path(made).unlink(missing_ok=True)
