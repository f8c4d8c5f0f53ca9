"""Forgetting covers every table that can hold a person's data, now and after new migrations."""

from __future__ import annotations

from pathlib import Path

from leadtool.forget import forget
from leadtool.store import forget as forget_sql
from leadtool.store.connection import open_store
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run


def test_every_table_is_erased_or_said_to_hold_no_person(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    import_json(run, str(people_file(tmp_path)))
    store = open_store(isolated_store)
    tables = {
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    report = forget(store, 1)
    covered = set(report.erased)
    assert not covered & set(forget_sql.NOT_PERSONAL), "a table is both erased and exempt"
    missing = tables - covered - set(forget_sql.NOT_PERSONAL)
    assert not missing, f"forget does not erase {sorted(missing)}: erase it or say why not"
    assert covered <= tables, f"forget names tables that do not exist: {sorted(covered - tables)}"
