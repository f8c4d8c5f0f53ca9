"""`leadtool activity import` end to end: exit code, streams, and the store afterwards."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import xlsxwriter

from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]
MARCH_1_10H = 1_772_359_200  # 2026-03-01T10:00:00Z
HEADER = ["Email Address", "Activity", "Timestamp", "Details", "Amount"]
JANE, BOB, ANN = "jane.doe@example.com", "bob@example.org", "ann@example.net"


@pytest.fixture
def people(run: Run, tmp_path: Path) -> None:
    """Jane (1, +1 415 555 0134), Bob (2) and Ann (3)."""
    import_json(run, str(people_file(tmp_path)))


def activity_file(
    tmp_path: Path,
    rows: Sequence[Sequence[str]],
    name: str = "act.csv",
    header: Sequence[str] = HEADER,
) -> Path:
    return write_csv(tmp_path / name, [list(header), *rows])


def activity_json(run: Run, *args: str) -> dict[str, object]:
    result = run("activity", "import", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def events(db: Connect) -> list[tuple[object, ...]]:
    sql = "SELECT person_id, type, ts, detail, amount, currency FROM activities ORDER BY id"
    return db().execute(sql).fetchall()


def adds_up(report: dict[str, object]) -> bool:
    parts = ("matched", "created", "duplicate", "rejected")
    return sum(int(str(report[p])) for p in parts) == report["rows"]


# --------------------------------------------------------------------------- readers


def _csv_title_first(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write("Webinar attendees exported 2026-03-02\n\n")
        csv.writer(fh).writerows([["E-mail", "Date"], [JANE, "2026-03-01T10:00:00Z"]])
    return path


def _semicolon(path: Path) -> Path:
    text = "E-Mail-Adresse;Datum;Betrag;Währung\n" + f"{JANE};01.03.2026 10:00;1.234,50;EUR\n"
    path.write_text(text, encoding="cp1252")
    return path


def _xlsx(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Events")
    for r, row in enumerate([["Email", "Timestamp"], [JANE, "2026-03-01 10:00"]]):
        sheet.write_row(r, 0, row)
    book.close()
    return path


@pytest.mark.parametrize(
    ("build", "name", "amount", "currency"),
    [
        (_csv_title_first, "title.csv", None, None),
        (_semicolon, "semi.csv", 1234.5, "EUR"),
        (_xlsx, "events.xlsx", None, None),
    ],
)
def test_any_file_the_people_import_reads(
    run: Run,
    db: Connect,
    tmp_path: Path,
    people: None,
    build: Callable[[Path], Path],
    name: str,
    amount: float | None,
    currency: str | None,
) -> None:
    report = activity_json(run, str(build(tmp_path / name)), "--type", "purchase")
    assert (report["rows"], report["matched"], report["rejected"]) == (1, 1, 0), report
    assert events(db) == [(1, "purchase", MARCH_1_10H, "", amount, currency)]


def test_headers_other_tools_write_map_by_themselves(
    run: Run, tmp_path: Path, people: None
) -> None:
    header = ["Mobile", "Event", "Date", "Description", "Value", "Currency"]
    path = activity_file(
        tmp_path, [["(415) 555-0134", "Webinar", "2026-03-01", "Q1", "", ""]], header=header
    )
    report = activity_json(run, str(path))
    mapped = {m["column"]: m["field"] for m in report["mapping"]}  # type: ignore[attr-defined]
    assert mapped == {
        "Mobile": "phone", "Event": "type", "Date": "time", "Description": "detail",
        "Value": "amount", "Currency": "currency",
    }  # fmt: skip
    assert report["matched"] == 1


def test_map_names_the_columns_nothing_guesses(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    header = ["Contact", "What", "When"]
    path = activity_file(tmp_path, [[BOB, "demo request", "2026-03-01T10:00:00Z"]], header=header)
    report = activity_json(
        run, str(path), "--map", "Contact=email", "--map", "What=type", "--map", "When=time"
    )
    assert report["matched"] == 1
    assert events(db) == [(2, "demo_request", MARCH_1_10H, "", None, None)]


@pytest.mark.parametrize(
    ("header", "args", "said"),
    [
        (["Name", "Activity", "Date"], (), "no column says who did it"),
        (["Email", "Date"], (), "no column says what was done"),
        (["Email", "Activity"], (), "no column says when it happened"),
        (["Email", "Date"], ("--type", "sleeping"), "--type 'sleeping': not an activity type"),
        (["Email", "Date"], ("--map", "Nope=time", "--type", "call"), "no column 'Nope'"),
    ],
)
def test_a_file_that_cannot_be_read_as_activity_is_one_line(
    run: Run, tmp_path: Path, header: list[str], args: tuple[str, ...], said: str
) -> None:
    path = activity_file(tmp_path, [["x"] * len(header)], header=header)
    result = run("activity", "import", str(path), *args)
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: ") and said in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    "cell",
    [
        "2026-03-01T11:00:00+01:00",
        "2026-03-01T05:00:00-05:00",
        "2026-03-01T10:00:00Z",
        "2026-03-01 10:00",  # no offset: UTC
        "03/01/2026 10:00",
        "01.03.2026 10:00",
    ],
)
def test_times_are_stored_in_utc(
    run: Run, db: Connect, tmp_path: Path, people: None, cell: str
) -> None:
    activity_json(run, str(activity_file(tmp_path, [[JANE, "webinar", cell, "", ""]])))
    assert [e[2] for e in events(db)] == [MARCH_1_10H]


# --------------------------------------------------------------------------- rejects, counts

MIXED = [
    [JANE, "webinar", "2026-03-01T10:00:00Z", "Q1", ""],  # matched
    [JANE, "webinar", "2026-03-01T11:00:00+01:00", "Q1", ""],  # the same event again
    ["zoe@example.com", "download", "2026-03-01", "", ""],  # nobody stored
    [BOB, "sleeping", "2026-03-01", "", ""],  # no such type
    [BOB, "", "2026-03-01", "", ""],  # no type, and no --type
    [BOB, "webinar", "soon", "", ""],  # no time
    [BOB, "webinar", "2999-01-01", "", ""],  # the future
    [ANN, "purchase", "2026-03-01", "", "forty"],  # not an amount
    [ANN, "purchase", "2026-03-01", "", "40"],  # no currency anywhere yet
    ["not-an-email", "webinar", "2026-03-01", "", ""],  # says who nobody is
]
MIXED_REASONS = {
    "a time in the future in column 'Timestamp'": 1,
    "no activity type in column 'Activity' (--type gives one to such rows)": 1,
    "an amount without a currency, and the store has no currency yet: give --currency": 1,
    "no readable time in column 'Timestamp'": 1,
    "not a person: no valid email, phone or LinkedIn profile, and no name with a company or "
    "postal code (invalid: email)": 1,
    "not an amount in column 'Amount'": 1,
    "unknown activity type in column 'Activity'": 1,
    "unknown person: nobody stored has this email, phone or LinkedIn profile "
    "(--create adds them)": 1,
}


def test_rejects_have_reasons_and_the_counts_add_up(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rejects = tmp_path / "bad.csv"
    report = activity_json(run, str(activity_file(tmp_path, MIXED)), "--rejects", str(rejects))
    assert (report["rows"], report["matched"], report["created"]) == (10, 1, 0)
    assert (report["duplicate"], report["rejected"]) == (1, 8)
    assert adds_up(report)
    assert report["reasons"] == MIXED_REASONS
    for reason in MIXED_REASONS:  # reasons name columns, never a person
        assert "@" not in reason
    with rejects.open(encoding="utf-8-sig") as fh:
        written = list(csv.reader(fh))
    assert written[0] == ["row", "reason", *HEADER]
    assert [r[0] for r in written[1:]] == ["4", "5", "6", "7", "8", "9", "10", "11"]
    stored = db().execute("SELECT count(*) FROM rejects WHERE batch_id = ?", (report["batch_id"],))
    assert stored.fetchone() == (8,)
    assert events(db) == [(1, "webinar", MARCH_1_10H, "Q1", None, None)]


def test_the_summary_says_each_count_on_stderr(run: Run, tmp_path: Path, people: None) -> None:
    result = run("activity", "import", str(activity_file(tmp_path, MIXED)))
    assert result.exit_code == 0 and result.stdout == ""
    assert "10 rows read: 1 matched, 0 created, 1 duplicate, 8 rejected" in result.stderr
    assert "rejected 1: unknown activity type in column 'Activity'" in result.stderr


def test_a_second_import_of_the_same_file_adds_nothing(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rows = [[JANE, "webinar", "2026-03-01", "", ""], [BOB, "download", "2026-03-02", "e-book", ""]]
    path = activity_file(tmp_path, rows)
    first = activity_json(run, str(path))
    stored = events(db)
    again = activity_json(run, str(path))
    assert (first["matched"], again["matched"], again["duplicate"]) == (2, 0, 2)
    assert adds_up(again)
    assert events(db) == stored


# --------------------------------------------------------------------------- undo


def test_undo_removes_exactly_its_events(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    assert run("activity", "add", "1", "call", "--at", "2026-02-01").exit_code == 0
    other = activity_json(
        run, str(activity_file(tmp_path, [[ANN, "webinar", "2026-02-02", "", ""]], "b.csv"))
    )
    rows = [[JANE, "webinar", "2026-03-01", "", ""], [BOB, "webinar", "2026-03-01", "", ""]]
    undone = activity_json(run, str(activity_file(tmp_path, rows)))
    kept = [e for e in events(db) if e[1] != "webinar" or e[0] == 3]
    result = run("imports", "undo", str(undone["batch_id"]))
    assert result.exit_code == 0, result.stderr
    assert "Removed 2 activity events it had stored." in result.stderr
    assert events(db) == kept  # `activity add`'s and the other import's stay
    assert [e[:2] for e in kept] == [(1, "call"), (3, "webinar")]
    assert count(db(), "people") == 3
    shown = json.loads(run("imports", "show", str(other["batch_id"]), "--json").stdout)
    assert (shown["kind"], shown["matched"], shown["events"]) == ("activity", 1, 1)


def test_undo_of_create_removes_the_people_it_made_unless_other_events_name_them(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rows = [["zoe@example.com", "webinar", "2026-03-01", "", ""],
            ["yan@example.com", "webinar", "2026-03-01", "", ""],
            ["xia@example.com", "webinar", "2026-03-01", "", ""]]  # fmt: skip
    made = activity_json(run, str(activity_file(tmp_path, rows)), "--create")
    assert made["created"] == 3
    later = [["yan@example.com", "download", "2026-03-02", "", ""]]
    activity_json(run, str(activity_file(tmp_path, later, "later.csv")))
    added = run("activity", "add", "xia@example.com", "call", "--at", "2026-03-03")
    assert added.exit_code == 0, added.stderr
    result = run("imports", "undo", str(made["batch_id"]))
    assert result.exit_code == 0, result.stderr
    assert "Removed 3 activity events it had stored." in result.stderr
    emails = [r[0] for r in db().execute("SELECT email FROM people ORDER BY id")]
    # Yan's event from another import and Xia's `activity add` keep them; Zoe goes.
    assert emails == [JANE, BOB, ANN, "yan@example.com", "xia@example.com"]
    assert [e[1] for e in events(db)] == ["download", "call"]


def test_imports_list_says_which_kind(run: Run, tmp_path: Path, people: None) -> None:
    activity_json(run, str(activity_file(tmp_path, [[JANE, "call", "2026-03-01", "", ""]])))
    listed = json.loads(run("imports", "list", "--json").stdout)
    assert [b["kind"] for b in listed] == ["people", "activity"]


def test_a_file_imported_as_activity_is_still_new_to_the_people_import(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rows = [["zoe@example.com", "webinar", "2026-03-01", "", ""]]
    path = activity_file(tmp_path, rows)
    activity_json(run, str(path))
    report = import_json(run, str(path))
    assert (report["status"], report["new"]) == ("imported", 1)


# --------------------------------------------------------------------------- who


def test_create_adds_unknown_people_as_subscribers_with_their_provenance(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rows = [["Zoe@Example.com", "webinar", "2026-03-01", "", ""],
            ["zoe@example.com", "download", "2026-03-02", "", ""],
            [JANE, "webinar", "2026-03-01", "", ""]]  # fmt: skip
    report = activity_json(run, str(activity_file(tmp_path, rows)), "--create")
    assert (report["created"], report["matched"], report["rows"]) == (1, 2, 3)
    conn = db()
    zoe = conn.execute(
        "SELECT id, stage, first_batch_id FROM people WHERE email = 'zoe@example.com'"
    )
    pid, stage, first = zoe.fetchone()
    assert (stage, first) == ("subscriber", report["batch_id"])
    assert conn.execute("SELECT kind FROM person_keys WHERE person_id = ?", (pid,)).fetchall() == [
        ("email",)
    ]
    assert conn.execute(
        "SELECT role FROM person_batches WHERE person_id = ?", (pid,)
    ).fetchall() == [("created",)]
    rows_of_zoe = conn.execute("SELECT count(*) FROM import_rows WHERE person_id = ?", (pid,))
    assert rows_of_zoe.fetchone() == (2,)  # both her rows, as the people import keeps them
    assert [e[1] for e in events(db) if e[0] == pid] == ["webinar", "download"]


def test_a_shared_phone_alone_picks_nobody(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    colleague = [["Joe", "Bloggs", "joe@example.com", "(415) 555-0134", "Acme Inc", "", "USA"]]
    import_json(run, str(people_file(tmp_path, colleague, "joe.csv")))
    header = ["Phone", "First Name", "Last Name", "Activity", "Date"]
    rows = [["415-555-0134", "", "", "call", "2026-03-01"],  # Jane's or Joe's?
            ["415-555-0134", "Jane", "Doe", "call", "2026-03-02"]]  # fmt: skip
    report = activity_json(run, str(activity_file(tmp_path, rows, header=header)), "--create")
    assert (report["matched"], report["rejected"], report["created"]) == (1, 1, 0)
    assert list(report["reasons"]) == [  # type: ignore[call-overload]
        "ambiguous: several people share this phone; add a personal email or a LinkedIn profile"
    ]
    assert [(e[0], e[2]) for e in events(db)] == [(1, MARCH_1_10H - 36_000 + 86_400)]


def test_a_suppressed_persons_activity_is_not_stored(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    assert run("suppress", "add", BOB, "--reason", "unsubscribed").exit_code == 0
    assert run("suppress", "add", "@blocked.example", "--reason", "complaint").exit_code == 0
    rows = [[BOB, "webinar", "2026-03-01", "", ""],
            ["zed@blocked.example", "webinar", "2026-03-01", "", ""],  # suppressed, not created
            [JANE, "webinar", "2026-03-01", "", ""]]  # fmt: skip
    report = activity_json(run, str(activity_file(tmp_path, rows)), "--create")
    assert report["reasons"] == {"suppressed": 2}
    assert (report["matched"], report["created"]) == (1, 0)
    assert [e[0] for e in events(db)] == [1]
    assert count(db(), "people") == 3


def test_a_forgotten_person_never_comes_back_through_activity(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    assert run("forget", JANE, "--yes").exit_code == 0
    rows = [["Jane.Doe@example.com", "webinar", "2026-03-01", "", ""]]
    report = activity_json(run, str(activity_file(tmp_path, rows)), "--create")
    assert report["reasons"] == {"forgotten: this person asked to be erased": 1}
    assert report["created"] == 0
    assert db().execute("SELECT count(*) FROM people WHERE email = ?", (JANE,)).fetchone() == (0,)
    kept = db().execute("SELECT data FROM rejects WHERE batch_id = ?", (report["batch_id"],))
    assert kept.fetchall() == [("[]",)]  # nothing of her
    assert events(db) == []


# --------------------------------------------------------------------------- currency


def setting(db: Connect) -> str | None:
    row = db().execute("SELECT value FROM settings WHERE key = 'currency'").fetchone()
    return None if row is None else str(row[0])


def test_the_first_currency_given_becomes_the_stores(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rows = [
        [ANN, "purchase", "2026-03-01", "", "49.90"],
        [ANN, "purchase", "2026-03-02", "", "€ 10"],
    ]
    result = run("activity", "import", str(activity_file(tmp_path, rows)), "--currency", "eur")
    assert result.exit_code == 0, result.stderr
    assert "EUR is now this store's currency" in result.stderr
    assert setting(db) == "EUR"
    later = [[ANN, "purchase", "2026-03-03", "", "-20"]]  # no option: the store's
    activity_json(run, str(activity_file(tmp_path, later, "refund.csv")))
    assert [(e[4], e[5]) for e in events(db)] == [(49.9, "EUR"), (10.0, "EUR"), (-20.0, "EUR")]


def test_another_currency_is_refused_unless_the_file_says_each_rows(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    assert (
        run("activity", "add", "3", "purchase", "--amount", "5", "--currency", "EUR").exit_code == 0
    )
    plain = activity_file(tmp_path, [[ANN, "purchase", "2026-03-01", "", "10"]])
    refused = run("activity", "import", str(plain), "--currency", "USD")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        f"Error: {plain}: --currency USD: this store's currency is EUR"
    )
    assert len(refused.stderr.strip().splitlines()) == 1
    again = run("activity", "add", "3", "purchase", "--amount", "5", "--currency", "USD")
    assert again.exit_code == 2 and "this store's currency is EUR" in again.stderr
    header = [*HEADER, "Currency"]
    rows = [
        [ANN, "purchase", "2026-03-01", "a", "10", ""],
        [ANN, "purchase", "2026-03-01", "b", "7", "gbp"],
    ]
    report = activity_json(
        run, str(activity_file(tmp_path, rows, "own.csv", header)), "--currency", "USD"
    )
    assert report["matched"] == 2 and report["currency"] == "EUR"
    assert [(e[3], e[4], e[5]) for e in events(db)][1:] == [("a", 10.0, "USD"), ("b", 7.0, "GBP")]
    assert setting(db) == "EUR"


def test_an_amount_without_any_currency_in_activity_add_is_refused(run: Run, people: None) -> None:
    result = run("activity", "add", "3", "purchase", "--amount", "5")
    assert result.exit_code == 2
    assert "the store has no currency yet" in result.stderr


# --------------------------------------------------------------------------- several files


def test_several_files_each_its_own_import(run: Run, tmp_path: Path, people: None) -> None:
    a = activity_file(tmp_path, [[JANE, "call", "2026-03-01", "", ""]], "a.csv")
    b = activity_file(tmp_path, [[BOB, "call", "2026-03-01", "", ""]], "b.csv")
    result = run("activity", "import", str(a), str(b), "--json")
    assert result.exit_code == 0, result.stderr
    ids = [
        json.loads(line)["batch_id"] for line in result.stdout.splitlines() if line.startswith("{")
    ]
    assert ids == [2, 3]


def test_a_shared_role_address_alone_picks_nobody(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    desk = [
        ["Joe", "Bloggs", "info@acme.example", "", "Acme Inc", "", "USA"],
        ["Kim", "Park", "info@acme.example", "", "Acme Inc", "", "USA"],
    ]
    import_json(run, str(people_file(tmp_path, desk, "desk.csv")))
    assert db().execute("SELECT count(*) FROM people").fetchone() == (5,)
    rows = [["info@acme.example", "webinar", "2026-03-01", "", ""]]
    report = activity_json(run, str(activity_file(tmp_path, rows)), "--create")
    assert list(report["reasons"]) == [  # type: ignore[call-overload]
        "ambiguous: several people share this role address; add a personal email or a "
        "LinkedIn profile"
    ]
    assert events(db) == [] and count(db(), "people") == 5


def test_type_option_fills_the_rows_that_name_none(
    run: Run, db: Connect, tmp_path: Path, people: None
) -> None:
    rows = [[JANE, "", "2026-03-01", "", ""], [BOB, "Demo Request", "2026-03-01", "", ""]]
    report = activity_json(run, str(activity_file(tmp_path, rows)), "--type", "download")
    assert report["matched"] == 2
    assert [e[:2] for e in events(db)] == [(1, "download"), (2, "demo_request")]


# --------------------------------------------------------------------------- purchases


def test_the_first_sale_by_time_makes_a_customer_whatever_the_file_order(
    run: Run, people: None, tmp_path: Path, db: Connect
) -> None:
    """Jane's purchases arrive out of order, in two files, with a refund; Bob only browses."""
    later = activity_file(
        tmp_path,
        [[JANE, "purchase", "2026-05-01", "", "200"], [BOB, "webinar", "2026-05-02", "", ""]],
        name="may.csv",
    )
    report = activity_json(run, str(later), "--currency", "EUR")
    assert report["customers"] == 1
    earlier = activity_file(
        tmp_path,
        [[JANE, "purchase", "2026-04-01", "", "100"], [JANE, "purchase", "2026-05-10", "", "-50"]],
        name="april.csv",
    )
    assert activity_json(run, str(earlier))["customers"] == 0  # a customer already
    shown = json.loads(run("people", "show", JANE, "--json").stdout)
    assert (shown["stage"], shown["first_sale"], shown["lifetime_value"]) == (
        "customer",
        100.0,
        250.0,
    )
    assert shown["customer_since"] == "2026-04-01T00:00:00Z"
    moves = (
        db()
        .execute(
            "SELECT at, json_extract(detail, '$.amount') FROM events "
            "WHERE person_id = 1 AND kind = 'stage'"
        )
        .fetchall()
    )
    # Dated at the first sale: moved back when the older file brought an earlier one.
    assert moves == [("2026-04-01T00:00:00Z", 100.0)]
    assert shown["stage_changed_at"] == "2026-04-01T00:00:00Z"
    bob = json.loads(run("people", "show", BOB, "--json").stdout)
    assert (bob["stage"], bob["first_sale"], bob["lifetime_value"]) != ("customer", None, None)
    assert bob["first_sale"] is None and bob["stage"] != "customer"


def test_undoing_an_activity_import_takes_back_the_customers_it_made(
    run: Run, people: None, tmp_path: Path, db: Connect
) -> None:
    run("stage", "set", "mql", "--where", f"email = '{BOB}'")
    sales = activity_file(
        tmp_path,
        [[JANE, "purchase", "2026-04-01", "", "100"], [BOB, "purchase", "2026-04-02", "", "50"]],
    )
    report = activity_json(run, str(sales), "--currency", "EUR")
    assert report["customers"] == 2
    result = run("imports", "undo", str(report["batch_id"]))
    assert result.exit_code == 0, result.stderr  # its own moves are no later work
    stages = dict(db().execute("SELECT email, stage FROM people").fetchall())
    assert (stages[JANE], stages[BOB], stages[ANN]) == ("lead", "mql", "lead")
    shown = json.loads(run("people", "show", JANE, "--json").stdout)
    assert (shown["first_sale"], shown["customer_since"]) == (None, None)


def test_a_store_without_a_currency_takes_the_files_first_and_sums_only_it(
    run: Run, people: None, tmp_path: Path
) -> None:
    header = [*HEADER, "Currency"]
    rows = [
        [JANE, "purchase", "2026-04-01", "", "100", "EUR"],
        [JANE, "purchase", "2026-04-02", "", "200", "USD"],
    ]
    report = activity_json(run, str(activity_file(tmp_path, rows, header=header)))
    assert (report["currency"], report["currency_set"]) == ("EUR", True)
    shown = json.loads(run("people", "show", JANE, "--json").stdout)
    assert shown["lifetime_value"] == 100.0  # the dollars are kept, not added to the euros


def test_an_amount_in_dollars_is_not_taken_as_euros(run: Run, people: None, tmp_path: Path) -> None:
    first = activity_file(tmp_path, [[JANE, "purchase", "2026-04-01", "", "10"]], name="a.csv")
    activity_json(run, str(first), "--currency", "EUR")
    dollars = activity_file(tmp_path, [[BOB, "purchase", "2026-04-01", "", "$100"]], name="b.csv")
    report = activity_json(run, str(dollars))
    assert report["rejected"] == 1
    assert list(report["reasons"]) == [  # type: ignore[call-overload]
        "an amount in $ in column 'Amount', and the currency it would be stored in is EUR: "
        "give each row's currency in a column"
    ]


def test_a_file_the_options_do_not_fit_is_skipped_and_the_others_imported(
    run: Run, people: None, tmp_path: Path, db: Connect
) -> None:
    eur = activity_file(tmp_path, [[JANE, "purchase", "2026-04-01", "", "10"]], name="eur.csv")
    activity_json(run, str(eur), "--currency", "EUR")
    plain = activity_file(tmp_path, [[BOB, "purchase", "2026-04-03", "", "5"]], name="plain.csv")
    said = activity_file(
        tmp_path,
        [[ANN, "purchase", "2026-04-04", "", "7", ""]],
        name="said.csv",
        header=[*HEADER, "Currency"],
    )
    # --currency USD in a EUR store fits only a file with a currency column: the other
    # file is refused with its name, and the next one is still imported.
    result = run("activity", "import", str(plain), str(said), "--currency", "USD")
    assert result.exit_code == 3, result.stderr  # some files failed
    assert f"Error: {plain}: --currency USD" in result.stderr
    stored = db().execute("SELECT person_id, amount, currency FROM activities ORDER BY id")
    assert stored.fetchall()[1:] == [(3, 7.0, "USD")]
