"""Each cleanup step on a small store: what it changes, and that a second run changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadtool.cleanup.dedupe import clusters
from leadtool.cleanup.renormalise import renormalise_person
from leadtool.store.migrations import NORM_VERSION
from tests.cleanup.helpers import changes, cleanup_json, one, small_store, step
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run

Connect = Callable[[], sqlite3.Connection]
CLEAN = {
    "id": 1,
    "email": "jane.doe@example.com",
    "phone": "+14155550134",
    "first_name": "Jane",
    "last_name": "Doe",
    "name_key": "jane doe",
    "company": "Acme Inc",
    "country": "US",
    "first_batch_id": 1,
}
CLEAN_KEYS = [("email", "jane.doe@example.com", 1), ("phone", "+14155550134", 1)]


@pytest.mark.parametrize(
    ("person", "keys", "fields", "added", "removed"),
    [
        # nothing to do
        ({}, CLEAN_KEYS, {}, [], []),
        # an older rule kept the case: lower-cased, and the key follows
        (
            {"email": "Jane.Doe@Example.COM"},
            [("email", "Jane.Doe@Example.COM", 1), CLEAN_KEYS[1]],
            {"email": ["Jane.Doe@Example.COM", "jane.doe@example.com"]},
            [("email", "jane.doe@example.com", 1)],
            [("email", "Jane.Doe@Example.COM")],
        ),
        # a raw phone that failed before reads today with the person's country
        (
            {"phone": None, "phone_flags": "invalid", "invalid": '{"phone": "415 555 0134"}'},
            [CLEAN_KEYS[0]],
            {
                "phone": [None, "+14155550134"],
                "phone_flags": ["invalid", None],
                "invalid": ['{"phone": "415 555 0134"}', None],
            },
            [("phone", "+14155550134", 1)],
            [],
        ),
        # still invalid: unchanged
        (
            {"email": None, "email_flags": "invalid", "invalid": '{"email": "not-an-email"}'},
            [CLEAN_KEYS[1]],
            {},
            [],
            [],
        ),
        # a stale raw value for a field that has a valid value now is dropped
        (
            {"invalid": '{"email": "jane@@example", "consent_at": "last spring"}'},
            CLEAN_KEYS,
            {
                "invalid": [
                    '{"email": "jane@@example", "consent_at": "last spring"}',
                    '{"consent_at": "last spring"}',
                ]
            },
            [],
            [],
        ),
    ],
)
def test_renormalise_person(
    person: dict[str, Any],
    keys: list[tuple[str, str, int]],
    fields: dict[str, list[Any]],
    added: list[tuple[str, str, int]],
    removed: list[tuple[str, str]],
) -> None:
    out = renormalise_person({**CLEAN, **person}, keys, "US")
    expected_fields = dict(fields)
    if (
        "invalid" in fields
        and fields["invalid"][1] is None
        and "consent_at" in fields["invalid"][0]
    ):
        expected_fields["invalid"] = [fields["invalid"][0], '{"consent_at": "last spring"}']
    assert out.fields == expected_fields
    assert out.added == added
    assert out.removed == removed


def test_a_surname_stored_under_version_1_rules_gets_its_capital(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    small_store(run, tmp_path)  # NORM_VERSION 2: a particle-only name keeps its capital
    conn = db()
    conn.execute("UPDATE people SET norm_version = 1, last_name = 'y' WHERE last_name = 'Lee'")
    conn.commit()
    report = cleanup_json(run, "--only", "renormalise")
    assert step(report, "renormalise")["counts"]["renormalised"] == 1
    assert one(conn, "SELECT count(*) FROM people WHERE last_name = 'Y'") == 1


def test_renormalise_step(run: Run, db: Connect, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    conn = db()
    jane = one(conn, "SELECT id FROM people WHERE email = 'jane.doe@example.com'")
    conn.execute(
        "UPDATE people SET norm_version = 0, email = 'Jane.Doe@Example.COM' WHERE id = ?", (jane,)
    )
    conn.execute(
        "UPDATE person_keys SET value = 'Jane.Doe@Example.COM' WHERE value = 'jane.doe@example.com'"
    )
    conn.commit()
    report = cleanup_json(run, "--only", "renormalise")
    assert step(report, "renormalise")["counts"] == {
        "checked": 1,
        "renormalised": 1,
        "keys_changed": 2,
    }
    assert one(conn, "SELECT email FROM people WHERE id = ?", jane) == "jane.doe@example.com"
    assert one(conn, "SELECT count(*) FROM person_keys WHERE value = 'jane.doe@example.com'") == 1
    assert one(conn, "SELECT count(*) FROM people WHERE norm_version != ?", NORM_VERSION) == 0
    detail = json.loads(one(conn, "SELECT detail FROM events WHERE kind = 'renormalised'"))
    assert detail["fields"]["email"] == ["Jane.Doe@Example.COM", "jane.doe@example.com"]
    again = cleanup_json(run, "--only", "renormalise")
    assert step(again, "renormalise")["counts"]["checked"] == 0


def _ids(**names: str | None) -> dict[int, dict[str, Any]]:
    return {int(k[1:]): {"name_key": v, "email": None, "linkedin": None} for k, v in names.items()}


@pytest.mark.parametrize(
    ("groups", "people", "expected"),
    [
        ([("email", "a@x.com", [1, 2])], _ids(p1="ann lee", p2="bob roe"), [[1, 2]]),
        ([("phone", "+1", [1, 2])], _ids(p1="ann lee", p2="ann lee"), [[1, 2]]),
        ([("phone", "+1", [1, 2])], _ids(p1="ann lee", p2="bob roe"), []),  # switchboard
        ([("phone", "+1", [1, 2])], _ids(p1="ann lee", p2=None), [[1, 2]]),
        ([("role_email", "info@x.com", [3, 5])], _ids(p3="bo li", p5="bo li"), [[3, 5]]),
        ([("role_email", "info@x.com", [3, 5])], _ids(p3="bo li", p5="al ma"), []),
        (
            [("email", "a@x.com", [1, 2]), ("linkedin", "in/b", [2, 3])],
            _ids(p1="a", p2="b", p3="c"),
            [[1, 2, 3]],
        ),
        (
            [("email", "a@x.com", [1, 2]), ("email", "c@x.com", [3, 4])],
            _ids(p1="a", p2="b", p3="c", p4="d"),
            [[1, 2], [3, 4]],
        ),
    ],
)
def test_clusters(
    groups: list[tuple[str, str, list[int]]],
    people: dict[int, dict[str, Any]],
    expected: list[list[int]],
) -> None:
    assert clusters(groups, people) == expected


def test_dedupe_merges_and_can_be_restored(run: Run, db: Connect, tmp_path: Path) -> None:
    rows = [
        ["Jane", "Doe", "jane@acme.example.com", "(415) 555-0134", "Acme", "", "US"],
        ["Janet", "Doe", "janet@other.example.com", "(415) 555-0134", "Acme", "", "US"],
    ]
    import_json(run, str(people_file(tmp_path, rows)))
    conn = db()
    assert one(conn, "SELECT count(*) FROM people") == 2  # a shared phone, other names
    report = cleanup_json(run, "--only", "dedupe")
    assert step(report, "dedupe")["counts"]["merged"] == 0
    # Corrected by hand later: Janet is Jane. Now the shared phone joins them.
    conn.execute("UPDATE people SET first_name = 'Jane', name_key = 'jane doe'")
    conn.commit()
    report = cleanup_json(run, "--only", "dedupe")
    assert step(report, "dedupe")["counts"]["merged"] == 1
    assert one(conn, "SELECT count(*) FROM people") == 1
    assert one(conn, "SELECT reason FROM merges") == "cleanup: same phone and name"
    assert one(conn, "SELECT count(*) FROM person_keys WHERE kind = 'email'") == 2
    assert one(conn, "SELECT count(*) FROM events WHERE kind = 'merged'") == 1
    assert changes(cleanup_json(run, "--only", "dedupe")) == {}
    result = run("unmerge", str(one(conn, "SELECT id FROM merges")))  # undone like any merge
    assert result.exit_code == 0, result.stderr
    assert one(conn, "SELECT count(*) FROM people") == 2
    assert one(conn, "SELECT count(DISTINCT person_id) FROM person_keys WHERE kind = 'email'") == 2
    # unmerge remembers them as two people: the sweep never merges them again.
    counts = step(cleanup_json(run, "--only", "dedupe"), "dedupe")["counts"]
    assert (counts["merged"], counts["kept_apart"]) == (0, 1)
    assert one(conn, "SELECT count(*) FROM people") == 2


def test_suppress_marks_people_imported_after_the_entry(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    for value in ("bob@example.org", "@example.net"):
        assert run("suppress", "add", value, "--reason", "unsubscribed").exit_code == 0
    small_store(run, tmp_path)  # Bob and Ann arrive after their entries
    report = cleanup_json(run, "--only", "suppress")
    assert step(report, "suppress")["counts"]["marked"] == 2
    conn = db()
    marked = conn.execute(
        "SELECT p.email, json_extract(e.detail, '$.via') FROM events e JOIN people p "
        "ON p.id = e.person_id WHERE e.kind = 'suppression' ORDER BY p.email"
    ).fetchall()
    assert marked == [("ann@example.net", "cleanup"), ("bob@example.org", "cleanup")]
    assert changes(cleanup_json(run, "--only", "suppress")) == {}
    result = run("people", "show", "bob@example.org", "--json")
    assert json.loads(result.stdout)["suppressed"]["reason"] == "unsubscribed"


def test_suppress_reforgets_a_person_who_came_back(run: Run, db: Connect, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    assert run("forget", "bob@example.org", "--yes").exit_code == 0
    conn = db()
    # Bob back in the store by a way the import's check does not see (a restored copy).
    conn.execute(
        "INSERT INTO people (id, email, stage, created_at, updated_at, norm_version) "
        "VALUES (99, 'bob@example.org', 'lead', 'x', 'x', ?)",
        (NORM_VERSION,),
    )
    conn.execute("INSERT INTO person_keys VALUES ('email', 'bob@example.org', 99, NULL)")
    conn.commit()
    report = cleanup_json(run, "--only", "suppress")
    assert step(report, "suppress")["counts"]["reforgotten"] == 1
    assert one(conn, "SELECT count(*) FROM people WHERE id = 99") == 0
    assert one(conn, "SELECT count(*) FROM person_keys WHERE person_id = 99") == 0
    assert one(conn, "SELECT count(*) FROM suppressions WHERE kind = 'hash'") >= 1
    assert changes(cleanup_json(run, "--only", "suppress")) == {}


@pytest.mark.parametrize(
    ("age_days", "option", "setting", "purged"),
    [
        (100, None, None, True),  # default 90 days
        (80, None, None, False),
        (10, "7", None, True),
        (10, None, "7", True),
        (10, "30", "7", False),  # the option wins over the setting
        (100, None, "365", False),
    ],
)
def test_retention(
    run: Run,
    db: Connect,
    tmp_path: Path,
    age_days: int,
    option: str | None,
    setting: str | None,
    purged: bool,
) -> None:
    small_store(run, tmp_path)
    conn = db()
    old = f"-{age_days} days"
    conn.execute("UPDATE batches SET started_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)", (old,))
    conn.execute("UPDATE rejects SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)", (old,))
    if setting is not None:
        conn.execute("INSERT INTO settings VALUES ('retention_days', ?)", (setting,))
    conn.commit()
    args = ["--only", "retention"] + (["--retention-days", option] if option else [])
    counts = step(cleanup_json(run, *args), "retention")["counts"]
    assert (counts["import_rows_purged"], counts["rejects_purged"]) == (
        (4, 1) if purged else (0, 0)
    )
    assert one(conn, "SELECT count(*) FROM import_rows") == (0 if purged else 4)
    assert one(conn, "SELECT count(*) FROM people") == 3  # people stay
    assert changes(cleanup_json(run, *args)) == {}


def test_retention_setting_must_be_a_number(run: Run, db: Connect, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    conn = db()
    conn.execute("INSERT INTO settings VALUES ('retention_days', 'ninety')")
    conn.commit()
    result = run("cleanup", "--only", "retention")
    assert result.exit_code == 1
    assert "retention FAILED" in result.stderr and "retention_days" in result.stderr


def test_maintain_vacuums_only_when_worth_it(run: Run, db: Connect, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    first = step(cleanup_json(run, "--only", "maintain"), "maintain")["counts"]
    assert (first["vacuumed"], first["analyzed"]) == (0, 1)
    conn = db()
    conn.execute("CREATE TABLE junk (x)")
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
        "INSERT INTO junk SELECT randomblob(2000) FROM n"
    )
    conn.commit()
    conn.execute("DROP TABLE junk")
    conn.commit()
    conn.close()
    counts = step(cleanup_json(run, "--only", "maintain"), "maintain")["counts"]
    assert counts["vacuumed"] == 1 and counts["analyzed"] == 0
    again = step(cleanup_json(run, "--only", "maintain"), "maintain")["counts"]
    assert again["vacuumed"] == 0 and again["free_pages"] == 0
    wal = Path(f"{db().execute('PRAGMA database_list').fetchone()[2]}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_dedupe_in_chunks_stops_and_keeps_apart(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtool.cleanup import dedupe

    monkeypatch.setattr(dedupe, "MERGE_CHUNK", 1)
    small_store(run, tmp_path)
    conn = db()
    for pid in range(10, 16):
        conn.execute(
            "INSERT INTO people (id, stage, created_at, updated_at, norm_version) "
            "VALUES (?, 'lead', 'x', 'x', ?)",
            (pid, NORM_VERSION),
        )
        conn.execute(
            "INSERT INTO person_keys (kind, value, person_id) VALUES ('email', ?, ?)",
            (f"same{pid // 2}@example.com", pid),
        )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS dedupe_decisions (a_id INTEGER NOT NULL, b_id INTEGER NOT "
        "NULL, decision TEXT NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL, "
        "PRIMARY KEY (a_id, b_id)) WITHOUT ROWID"
    )
    conn.execute("INSERT INTO dedupe_decisions VALUES (10, 11, 'distinct', 'x', 'unmerge')")
    conn.commit()
    dry = step(cleanup_json(run, "--only", "dedupe", "--dry-run"), "dedupe")["counts"]
    assert (dry["clusters"], dry["merged"], dry["kept_apart"]) == (2, 2, 1)
    counts = step(cleanup_json(run, "--only", "dedupe"), "dedupe")["counts"]
    assert (counts["clusters"], counts["merged"], counts["kept_apart"]) == (2, 2, 1)
    assert one(conn, "SELECT count(*) FROM people WHERE id >= 10") == 4
    assert changes(cleanup_json(run, "--only", "dedupe")) == {}
