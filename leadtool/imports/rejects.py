"""Writing an import's rejected rows to a CSV file the assistant can open in Excel."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from leadtool import tempfiles
from leadtool.safecells import neutralise
from leadtool.store.batches import rejected_rows


def write_rejects(
    conn: sqlite3.Connection, batch_id: int, header: list[str], path: Path
) -> tuple[Path, int]:
    """Write every rejected row with its row number and reason to a temporary file beside
    `path`: (that file, rows). The caller moves it into place once the import has committed,
    so a rejects file never describes an import that did not happen. The folder must exist
    (outfiles.check_output said so before the import started). The temporary file is
    tempfiles': held while the import lives, removed by the next one if it was killed; the
    caller lets go of it with `tempfiles.discard` once it is in place or given up."""
    tmp = tempfiles.make(path)
    count = 0
    try:
        with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
            out = csv.writer(fh)
            out.writerow(["row", "reason", *header])
            for row_number, reason, cells in rejected_rows(conn, batch_id):
                out.writerow([row_number, reason, *(neutralise(c) for c in cells)])
                count += 1
    except OSError as exc:  # a full disk, say: the error names the file asked for
        tempfiles.discard(tmp)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        tempfiles.discard(tmp)
        raise
    return tmp, count
