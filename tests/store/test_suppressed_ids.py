"""The set-based suppressed people (exports) are exactly those of `suppressed_sql()`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from leadtool.store.suppression import materialise_suppressed, suppressed_sql
from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

PEOPLE = [
    ["First Name", "Last Name", "Email", "Phone", "Company"],
    ["Ann", "Lee", "ann@example.com, ann.lee@home.example.net", "+1 415 555 0134", "A"],
    ["Bob", "Ray", "info@example.org", "", "B"],
    ["Cy", "Orr", "cy@other.example.com", "+1 415 555 0199", "C"],
    ["Di", "Fox", "di@keep.example.com", "", "D"],
]
ENTRIES = {
    "second email": ["ann.lee@home.example.net"],
    "role email": ["info@example.org"],
    "phone": ["+1 415 555 0199"],
    "domain": ["@keep.example.com"],
    "nothing matches": ["nobody@example.com", "@nowhere.example.com"],
}


@pytest.mark.parametrize("entries", list(ENTRIES), ids=list(ENTRIES))
def test_same_people_as_the_correlated_test(
    run: Run, db: Callable[[], sqlite3.Connection], tmp_path: Path, entries: str
) -> None:
    import_json(run, str(write_csv(tmp_path / "p.csv", PEOPLE)))
    added = run("suppress", "add", *ENTRIES[entries], "--reason", "do-not-contact")
    assert added.exit_code == 0, added.stderr
    run("suppress", "add", "di@keep.example.com", "--reason", "bounced")
    run("suppress", "remove", "di@keep.example.com")  # a removed entry suppresses nobody
    conn = db()
    expected = {r[0] for r in conn.execute(f"SELECT id FROM people WHERE {suppressed_sql()}")}
    found = {
        r[0] for r in conn.execute(f"SELECT id FROM people WHERE {materialise_suppressed(conn)}")
    }
    assert found == expected
    assert (len(found) == 0) == (entries == "nothing matches")
