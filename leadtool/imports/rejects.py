"""Writing an import's rejected rows to a CSV file the assistant can open in Excel."""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from pathlib import Path

from leadtool.safecells import neutralise
from leadtool.store.batches import rejected_rows


def write_rejects(conn: sqlite3.Connection, batch_id: int, header: list[str], path: Path) -> int:
    """Write every rejected row with its row number and reason; atomic (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".rejects-", suffix=".csv", dir=path.parent)
    count = 0
    with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(["row", "reason", *header])
        for row_number, reason, cells in rejected_rows(conn, batch_id):
            out.writerow([row_number, reason, *(neutralise(c) for c in cells)])
            count += 1
    Path(tmp).replace(path)
    return count
