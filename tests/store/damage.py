"""Test helpers that damage a store on purpose: filler people, then one page of garbage."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

FILLER = 3000


def add_filler(path: Path, n: int = FILLER) -> None:
    """`n` made-up people with an email key each, so `people` and its key index span many pages."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?) "
            "INSERT INTO people (email, first_name, created_at, updated_at, norm_version) "
            "SELECT 'filler' || n || '@example.org', 'Filler', 't', 't', 2 FROM i",
            (n,),
        )
        conn.execute(
            "INSERT INTO person_keys (kind, value, person_id) "
            "SELECT 'email', email, id FROM people WHERE email LIKE 'filler%'"
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def garbage_page(path: Path, name: str) -> int:
    """Overwrite one leaf page in the middle of table or index `name` with garbage; its number."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    leaves = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (name,),
        )
    ]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert len(leaves) >= 3, f"{name} has too few pages to damage one in the middle"
    page = leaves[len(leaves) // 2]
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xa5" * size)
    return int(page)


def fingerprint(path: Path) -> tuple[str, int]:
    """The store file's bytes (hash) and the size of its write-ahead log (0 when none)."""
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0
