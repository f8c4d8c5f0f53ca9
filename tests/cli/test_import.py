"""`leadtool import` end to end: exit code, the right stream, and the store afterwards."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = ["First Name", "Last Name", "E-mail", "Phone #", "Company Name", "Job Title", "Country"]
PEOPLE = [
    ["Jane", "Doe", "Jane.Doe@Example.com", "(415) 555-0134", "Acme Inc", "CMO", "USA"],
    ["BOB", "SMITH", "bob@example.org", "+44 20 7946 0958", "Globex Ltd", "VP Sales", "UK"],
    ["Ann", "Lee", "ann@example.net", "", "Initech", "Head of Marketing", "United States"],
    # the same Jane, other case and phone format: merged within the file
    ["jane", "doe", "jane.doe@example.com", "415.555.0134", "Acme", "", "US"],
    # not a person: a name with neither company nor a way to reach them
    ["Nobody", "Here", "not-an-email", "", "", "", ""],
]


def people_file(
    tmp_path: Path, rows: list[list[str]] | None = None, name: str = "list.csv"
) -> Path:
    return write_csv(tmp_path / name, [HEADER, *(PEOPLE if rows is None else rows)])


def import_json(run: Run, *args: str) -> dict[str, object]:
    result = run("import", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_import_maps_validates_and_merges(run: Run, db: Connect, tmp_path: Path) -> None:
    report = import_json(run, str(people_file(tmp_path)), "--source", "LinkedIn CMO search")
    assert report["rows"] == 5
    assert (report["new"], report["merged"], report["rejected"]) == (3, 1, 1)
    conn = db()
    jane = conn.execute(
        "SELECT first_name, last_name, email, phone, country, stage FROM people "
        "WHERE email = 'jane.doe@example.com'"
    ).fetchone()
    assert jane == ("Jane", "Doe", "jane.doe@example.com", "+14155550134", "US", "lead")
    bob = conn.execute("SELECT first_name, phone, country FROM people WHERE email LIKE 'bob@%'")
    assert bob.fetchone() == ("Bob", "+442079460958", "GB")
    source = conn.execute("SELECT source FROM batches").fetchone()[0]
    assert source == "LinkedIn CMO search"
    assert count(conn, "rejects") == 1


def test_json_goes_to_stdout_and_summary_to_stderr(run: Run, tmp_path: Path) -> None:
    result = run("import", str(people_file(tmp_path)), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("batch_id", "rows", "new", "updated", "merged", "rejected"):
        assert key in data
    plain = run("import", str(people_file(tmp_path, name="other.csv", rows=PEOPLE[:2])))
    assert plain.exit_code == 0
    assert plain.stdout == ""
    assert "rows read" in plain.stderr


def test_same_file_twice_changes_nothing(run: Run, db: Connect, tmp_path: Path) -> None:
    path = people_file(tmp_path)
    import_json(run, str(path))
    before = [count(db(), t) for t in ("people", "person_keys", "events", "batches")]
    again = import_json(run, str(path))
    assert again["status"] == "already-imported"
    assert [count(db(), t) for t in ("people", "person_keys", "events", "batches")] == before
    result = run("import", str(path))
    assert "already imported" in result.stderr


def test_same_people_in_another_file_are_matched_unchanged(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    import_json(run, str(people_file(tmp_path)))
    copy = people_file(tmp_path, rows=PEOPLE[:3], name="copy.csv")
    report = import_json(run, str(copy), "--source", "second list")
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, 3)
    assert report["matched"] == 3
    assert count(db(), "people") == 3
    sources = db().execute("SELECT count(*) FROM person_batches").fetchone()[0]
    assert sources == 6  # every person remembers both lists


def test_fill_keeps_values_and_records_conflicts(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    changed = [["Jane", "Doe", "jane.doe@example.com", "", "Acme Inc", "CEO", "US"]]
    report = import_json(run, str(people_file(tmp_path, changed, "new-title.csv")))
    assert report["unchanged"] == 1
    title = db().execute("SELECT title FROM people WHERE email = 'jane.doe@example.com'")
    assert title.fetchone()[0] == "CMO"
    detail = (
        db()
        .execute(
            "SELECT detail FROM events WHERE kind = 'conflict' AND batch_id = ?",
            (report["batch_id"],),
        )
        .fetchone()[0]
    )
    assert json.loads(detail) == {"title": ["CMO", "CEO"]}
    newer = [["Jane", "Doe", "jane.doe@example.com", "", "Acme Inc", "Founder", "US"]]
    report = import_json(run, str(people_file(tmp_path, newer, "u.csv")), "--on-conflict", "update")
    assert report["updated"] == 1
    title = db().execute("SELECT title FROM people WHERE email = 'jane.doe@example.com'")
    assert title.fetchone()[0] == "Founder"


def test_switchboard_phone_does_not_merge_colleagues(run: Run, db: Connect, tmp_path: Path) -> None:
    rows = [
        ["Ann", "One", "", "415-555-0100", "Acme", "", "US"],
        ["Ben", "Two", "", "415-555-0100", "Acme", "", "US"],
        ["Cat", "Three", "", "(415) 555-0100", "Acme", "", "US"],
        ["Ann", "One", "ann.one@example.com", "415 555 0100", "Acme", "", "US"],
    ]
    report = import_json(run, str(people_file(tmp_path, rows)))
    assert (report["new"], report["merged"]) == (3, 1)
    assert count(db(), "people") == 3


def test_dry_run_writes_nothing_and_shows_mapping(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    result = run("import", str(people_file(tmp_path)), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Dry run" in result.stderr and "Phone #" in result.stderr
    assert not isolated_store.exists()  # not even a new, empty store
    import_json(run, str(people_file(tmp_path, [PEOPLE[0]], "one.csv")))
    again = run("import", str(people_file(tmp_path)), "--dry-run")
    assert again.exit_code == 0, again.stderr
    assert count(db(), "people") == 1 and count(db(), "batches") == 1


def test_rejects_file_says_why(run: Run, tmp_path: Path) -> None:
    rejects = tmp_path / "out" / "rejects.csv"
    rejects.parent.mkdir()  # the folder must exist, as for export -o
    import_json(run, str(people_file(tmp_path)), "--rejects", str(rejects))
    with rejects.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["row", "reason", "First Name"]
    assert rows[1][0] == "6"  # the sixth line of the file
    assert "not a person" in rows[1][1] and "invalid: email" in rows[1][1]


def test_no_rejects_file_when_the_import_fails_at_the_end(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import leadtool.imports.service as pipeline

    real = pipeline.write_transaction

    @contextmanager
    def commit_fails(*args: Any, **kwargs: Any) -> Iterator[sqlite3.Connection]:
        with real(*args, **kwargs) as conn:
            yield conn
            raise sqlite3.OperationalError("disk I/O error")  # as a failing COMMIT would

    monkeypatch.setattr(pipeline, "write_transaction", commit_fails)
    out = tmp_path / "out"
    out.mkdir()
    result = run("import", str(people_file(tmp_path)), "--rejects", str(out / "rejects.csv"))
    assert result.exit_code == 1 and "nothing from list.csv was imported" in result.stderr
    assert list(out.iterdir()) == []  # neither the rejects file nor its temporary file
    assert count(db(), "people") == 0 and count(db(), "batches") == 0


def test_stage_tags_and_custom_fields(run: Run, db: Connect, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "l.csv",
        [
            ["Email", "Industry", "Lifecycle Stage"],
            ["x@example.com", "SaaS", "Marketing Qualified Lead"],
        ],
    )
    import_json(run, str(path), "--tag", "saastr", "--tag", "2026")
    conn = db()
    stage, custom = conn.execute("SELECT stage, custom FROM people").fetchone()
    assert stage == "mql" and json.loads(custom) == {"Industry": "SaaS"}
    assert sorted(r[0] for r in conn.execute("SELECT tag FROM tags")) == ["2026", "saastr"]


def test_wide_sheet_keeps_every_column_as_data(run: Run, db: Connect, tmp_path: Path) -> None:
    header = ["Email", *(f"Field {i}" for i in range(3000))]
    row = ["wide@example.com", *(f"v{i}" for i in range(3000))]
    import_json(run, str(write_csv(tmp_path / "wide.csv", [header, row])))
    custom = json.loads(db().execute("SELECT custom FROM people").fetchone()[0])
    assert len(custom) == 3000 and custom["Field 2999"] == "v2999"


def test_map_option_overrides(run: Run, db: Connect, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["Kontakt", "Firma"], ["k@example.com", "Acme"]])
    import_json(run, str(path), "--map", "Kontakt=email")
    assert db().execute("SELECT email, company FROM people").fetchone() == ("k@example.com", "Acme")


def test_undo_removes_what_the_import_added(run: Run, db: Connect, tmp_path: Path) -> None:
    first = import_json(run, str(people_file(tmp_path, PEOPLE[:1], "a.csv")))
    second = import_json(run, str(people_file(tmp_path, PEOPLE[:3], "b.csv")), "--tag", "b")
    result = run("imports", "undo", str(second["batch_id"]))
    assert result.exit_code == 0, result.stderr
    assert "removed 2 people" in result.stderr
    conn = db()
    assert count(conn, "people") == 1 and count(conn, "tags") == 0
    status = conn.execute("SELECT status FROM batches WHERE id = ?", (second["batch_id"],))
    assert status.fetchone()[0] == "undone"
    assert first["new"] == 1
    again = import_json(run, str(tmp_path / "b.csv"))
    assert again["status"] == "imported"  # an undone import can be imported again
    assert run("imports", "undo", str(second["batch_id"])).exit_code == 1


def test_undo_puts_back_updated_fields_and_keeps_later_contributions(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    import_json(run, str(people_file(tmp_path, [[*PEOPLE[2][:4], "", "", ""]], "a.csv")))
    b = import_json(run, str(people_file(tmp_path, PEOPLE[:3], "b.csv")))
    import_json(run, str(people_file(tmp_path, PEOPLE[:1], "c.csv")))
    result = run("imports", "undo", str(b["batch_id"]), "--json")
    data = json.loads(result.stdout)
    assert (data["removed"], data["reverted"], data["kept"]) == (1, 1, 1)
    conn = db()
    ann = conn.execute("SELECT company, title FROM people WHERE email = 'ann@example.net'")
    assert ann.fetchone() == (None, None)
    jane = conn.execute("SELECT first_batch_id FROM people WHERE email = 'jane.doe@example.com'")
    assert jane.fetchone()[0] == 3


def test_row_proving_two_people_are_one_merges_them_undoably(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    header = ["Email", "LinkedIn", "First Name", "Last Name"]
    a = write_csv(tmp_path / "a.csv", [header, ["j@example.com", "", "Jo", "Ray"]])
    b = write_csv(tmp_path / "b.csv", [header, ["", "linkedin.com/in/joray", "Jo", "Ray"]])
    c = write_csv(
        tmp_path / "c.csv", [header, ["j@example.com", "https://uk.linkedin.com/in/JoRay/", "", ""]]
    )
    for path in (a, b):
        import_json(run, str(path))
    report = import_json(run, str(c))
    assert report["people_merged"] == 1 and count(db(), "people") == 1
    assert run("imports", "undo", str(report["batch_id"])).exit_code == 0
    assert count(db(), "people") == 2


def test_merges_chain_within_one_chunk(run: Run, db: Connect, tmp_path: Path) -> None:
    """Every key of a merged person, even one it got or inherited earlier in the same chunk,
    leads the later rows of that chunk to the survivor."""
    header = ["Email", "LinkedIn", "First Name", "Last Name"]
    stored = [
        ["a@example.com", "", "Jo", "Ray"],
        ["", "linkedin.com/in/joray", "Jo", "Ray"],
        ["c@example.com", "", "Jo", "Ray"],
        ["e@example.com", "", "Jo", "Ray"],
    ]
    for number, cells in enumerate(stored, start=1):
        import_json(run, str(write_csv(tmp_path / f"stored{number}.csv", [header, cells])))
    proof = [
        ["a@example.com", "linkedin.com/in/joray", "", ""],  # 2 joins 1
        ["c@example.com", "linkedin.com/in/jo-ray-2", "", ""],  # 3 gets a new key
        ["e@example.com, c@example.com", "", "", ""],  # 4 joins 3
        ["a@example.com, c@example.com", "", "", ""],  # 3, with 4's keys and its new one, joins 1
        ["e@example.com", "", "", ""],
        ["", "linkedin.com/in/jo-ray-2", "", ""],
    ]
    report = import_json(run, str(write_csv(tmp_path / "proof.csv", [header, *proof])))
    assert (report["people_merged"], report["new"], count(db(), "people")) == (3, 0, 1)
    conn = db()
    rows = conn.execute("SELECT DISTINCT person_id FROM import_rows WHERE batch_id = 5")
    assert rows.fetchall() == [(1,)]
    keys = conn.execute("SELECT value FROM person_keys WHERE person_id = 1 ORDER BY 1")
    assert [v for (v,) in keys] == [
        "a@example.com",
        "c@example.com",
        "e@example.com",
        "https://www.linkedin.com/in/jo-ray-2",
        "https://www.linkedin.com/in/joray",
    ]


def test_rows_of_one_file_fill_and_join_the_people_it_creates(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    """People created earlier in the same chunk are filled in and merged like stored ones."""
    header = ["Email", "LinkedIn", "First Name", "Last Name", "Phone", "Team"]
    path = write_csv(
        tmp_path / "one.csv",
        [
            header,
            ["j@example.com", "", "Jo", "Ray", "", "blue"],
            ["", "linkedin.com/in/joray", "", "", "+1 415 555 0134", ""],
            ["J@example.com", "https://uk.linkedin.com/in/JoRay/", "", "", "", "red"],
            ["ann@example.net", "", "Ann", "Lee", "", ""],
            ["ann@example.net", "", "", "", "020 7946 0958", ""],
        ],
    )
    report = import_json(run, str(path), "--region", "GB")
    assert (report["new"], report["people_merged"]) == (2, 1)
    rows = db().execute(
        "SELECT email, linkedin, first_name, last_name, phone, custom, first_batch_id "
        "FROM people ORDER BY id"
    )
    assert rows.fetchall() == [
        (
            "j@example.com",
            "https://www.linkedin.com/in/joray",
            "Jo",
            "Ray",
            "+14155550134",
            '{"Team": "blue"}',
            1,
        ),
        ("ann@example.net", None, "Ann", "Lee", "+442079460958", None, 1),
    ]
    conflict = db().execute("SELECT detail FROM events WHERE kind = 'conflict'").fetchone()[0]
    assert json.loads(conflict) == {"custom.Team": ["blue", "red"]}


def test_several_files_one_failing(run: Run, db: Connect, tmp_path: Path) -> None:
    good = people_file(tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = run("import", str(empty), str(good))
    assert result.exit_code == 3  # partly done: good.csv is imported, empty.csv is not
    assert "empty.csv" in result.stderr and "Traceback" not in result.stderr
    assert count(db(), "people") == 3
    none = run("import", str(empty), str(tmp_path / "missing.csv"))
    assert none.exit_code == 1  # no file imported: the store is unchanged


def test_usage_errors_exit_2(run: Run, tmp_path: Path) -> None:
    path = people_file(tmp_path)
    for args in (
        ("--stage", "hot"),
        ("--on-conflict", "merge"),
        ("--map", "nonsense"),
        ("--region", "USA1"),
    ):
        result = run("import", str(path), *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error:"), args


def test_person_ids_are_not_reused_after_undo(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path, PEOPLE[:1], "a.csv")))
    b = import_json(run, str(people_file(tmp_path, PEOPLE[1:3], "b.csv")))
    assert run("imports", "undo", str(b["batch_id"])).exit_code == 0
    import_json(run, str(people_file(tmp_path, [PEOPLE[2]], "c.csv")))
    ids = sorted(r[0] for r in db().execute("SELECT id FROM people"))
    assert ids == [1, 4]


CONSENT_HEADER = ["Email Address", "First Name", "Opt-in", "OPTIN_TIME"]


def consent_rows(conn: sqlite3.Connection) -> dict[str, tuple[str | None, str | None]]:
    rows = conn.execute("SELECT email, consent, consent_at FROM people")
    return {email: (consent, at) for email, consent, at in rows}


def test_consent_at_is_normalised_and_means_opt_in(run: Run, db: Connect, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "members.csv",
        [
            CONSENT_HEADER,
            ["a@example.com", "A", "", "2026-03-01 10:20:30"],
            ["b@example.com", "B", "double opt-in", "15.03.2026"],
            ["c@example.com", "C", "", "last spring"],
            ["d@example.com", "D", "", ""],
        ],
    )
    report = import_json(run, str(path))
    assert report["flags"] == {"consent_at:unparsed": 1}
    assert report["without_consent"] == 1
    conn = db()
    assert consent_rows(conn) == {
        "a@example.com": ("opt-in", "2026-03-01T10:20:30Z"),
        "b@example.com": ("double opt-in", "2026-03-15T00:00:00Z"),
        "c@example.com": ("opt-in", "last spring"),
        "d@example.com": (None, None),
    }
    invalid = conn.execute("SELECT invalid FROM people WHERE email = 'c@example.com'")
    assert json.loads(invalid.fetchone()[0]) == {"consent_at": "last spring"}


def test_consent_option_fills_rows_without_their_own(run: Run, db: Connect, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "webinar.csv",
        [
            CONSENT_HEADER,
            ["a@example.com", "A", "", ""],
            ["b@example.com", "B", "double opt-in", "2026-01-02"],
        ],
    )
    text = "webinar registration form, 2026-03"
    report = import_json(run, str(path), "--consent", text)
    assert report["without_consent"] == 0
    conn = db()
    rows = consent_rows(conn)
    assert rows["b@example.com"] == ("double opt-in", "2026-01-02T00:00:00Z")
    consent, at = rows["a@example.com"]
    started = conn.execute("SELECT started_at, options FROM batches").fetchone()
    assert (consent, at) == (text, started[0])
    assert json.loads(started[1])["consent"] == text


def test_consent_option_must_say_something(run: Run, tmp_path: Path) -> None:
    result = run("import", str(people_file(tmp_path)), "--consent", "  ")
    assert result.exit_code != 0
    assert "--consent" in result.stderr


def test_sourced_list_without_consent_is_marked(run: Run, tmp_path: Path) -> None:
    report = import_json(run, str(people_file(tmp_path)))
    assert report["without_consent"] == 3
    found = run("people", "list", "--where", "consent is empty", "--json")
    assert found.exit_code == 0, found.stderr
    assert len(json.loads(found.stdout)) == 3
    shown = run("people", "show", "ann@example.net")
    assert shown.exit_code == 0
    assert "consent: none recorded" in shown.stdout
    as_json = json.loads(run("people", "show", "ann@example.net", "--json").stdout)
    assert as_json["consent"] is None


def test_summary_counts_people_without_consent(run: Run, tmp_path: Path) -> None:
    result = run("import", str(people_file(tmp_path)))
    assert result.exit_code == 0
    assert "people without recorded consent" in result.stderr


def test_undoing_a_merge_restores_row_counts_of_a_shared_import(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    first = write_csv(
        tmp_path / "a.csv",
        [
            ["First Name", "Last Name", "Email", "LinkedIn"],
            ["Jane", "Doe", "jane@example.com", ""],
            ["Jane", "Doe", "jane.doe@work.example.com", "linkedin.com/in/jane-doe-1"],
        ],
    )
    assert import_json(run, str(first))["new"] == 2
    before = db().execute("SELECT * FROM person_batches ORDER BY person_id").fetchall()
    proof = write_csv(
        tmp_path / "b.csv",
        [["Email", "LinkedIn"], ["jane@example.com", "linkedin.com/in/jane-doe-1"]],
    )
    assert import_json(run, str(proof))["people_merged"] == 1
    assert run("imports", "undo", "2").exit_code == 0
    after = db().execute("SELECT * FROM person_batches ORDER BY person_id").fetchall()
    assert after == before  # each person back with 1 row of a.csv, not 2 on the kept one


def test_progress_bar_on_a_terminal(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    import leadtool.cli.import_cmd as import_cmd

    screen = io.StringIO()
    monkeypatch.setattr(import_cmd, "err", Console(file=screen, force_terminal=True, width=100))
    monkeypatch.setattr(import_cmd, "is_terminal", lambda: True)
    monkeypatch.setattr(import_cmd, "PROGRESS_MIN_ROWS", 1)
    import_json(run, str(people_file(tmp_path)))
    assert "Importing list.csv" in screen.getvalue()  # the bar was drawn
    assert count(db(), "people") == 3


def test_plain_progress_lines_without_a_terminal(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import leadtool.cli.import_cmd as import_cmd

    monkeypatch.setattr(import_cmd, "LOG_EVERY_ROWS", 2)
    result = run("import", str(people_file(tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert "list.csv: 5 rows read of about 5" in result.stderr  # one line a chunk
    assert "\x1b[" not in result.stderr  # no colours or bars for cron
