"""`suppress add|list|remove`, suppression on re-import, and `people show`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from leadtool.store.suppression import suppressed_sql
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, write_csv

Connect = Callable[[], sqlite3.Connection]

MAILCHIMP = ["Email Address", "First Name", "UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_REASON"]


def mailchimp_unsubscribes(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "unsubscribed_members_export.csv",
        [
            MAILCHIMP,
            [
                "Jane.Doe@Example.com",
                "Jane",
                "2026-01-05 10:00:00",
                "Spring",
                "NO_LONGER_INTERESTED",
            ],
            ["bob@example.org", "Bob", "2026-01-06 11:00:00", "Spring", "SPAMMY_CONTENT"],
            ["not an address", "X", "2026-01-07 11:00:00", "Spring", "OTHER"],
        ],
    )


def add_json(run: Run, *args: str) -> dict[str, object]:
    result = run("suppress", "add", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def suppressed_emails(conn: sqlite3.Connection) -> list[str]:
    sql = f"SELECT email FROM people WHERE {suppressed_sql()} ORDER BY email"
    return [r[0] for r in conn.execute(sql)]


def test_export_file_then_import_in_other_case(run: Run, db: Connect, tmp_path: Path) -> None:
    report = add_json(run, str(mailchimp_unsubscribes(tmp_path)), "--reason", "unsubscribed")
    assert report == {
        "reason": "unsubscribed",
        "added": 2,
        "already_suppressed": 0,
        "skipped": 1,
        "people": 0,
    }
    rows = [["JANE", "DOE", "JANE.DOE@EXAMPLE.COM", "", "Acme", "", "US"]]
    rows.append(["Bob", "Smith", "BOB@Example.ORG", "", "Globex", "", "UK"])
    rows.append(["Ann", "Lee", "ann@example.net", "", "Initech", "", "US"])
    imported = import_json(run, str(people_file(tmp_path, rows)))
    assert (imported["new"], imported["suppressed"]) == (3, 2)
    assert suppressed_emails(db()) == ["bob@example.org", "jane.doe@example.com"]
    summary = run("import", str(people_file(tmp_path, rows[:1], "again.csv")))
    assert "imported people who are suppressed" in summary.stderr


def test_people_show_says_why(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    add_json(run, "Jane.Doe@example.com", "--reason", "bounced", "--note", "hard bounce")
    shown = json.loads(run("people", "show", "jane.doe@example.com", "--json").stdout)
    assert shown["suppressed"]["reason"] == "bounced"
    assert shown["suppressed"]["note"] == "hard bounce"
    assert shown["suppressed"]["matched"] == "email"
    assert shown["suppressed"]["since"].endswith("Z")
    assert shown["history"][-1]["detail"] == {
        "action": "suppressed",
        "by": "email",
        "reason": "bounced",
        "note": "hard bounce",
    }
    other = json.loads(run("people", "show", "ann@example.net", "--json").stdout)
    assert other["suppressed"] is None
    text = run("people", "show", "jane.doe@example.com")
    assert "suppressed: bounced since" in text.stdout


def test_domain_and_phone_suppression(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    report = add_json(run, "@EXAMPLE.net", "(415) 555-0134", "--reason", "do-not-contact")
    assert (report["added"], report["people"]) == (2, 2)
    assert suppressed_emails(db()) == ["ann@example.net", "jane.doe@example.com"]
    shown = json.loads(run("people", "show", "ann@example.net", "--json").stdout)
    assert shown["suppressed"]["matched"] == "domain"
    again = add_json(run, "@example.net", "--reason", "complaint")
    assert (again["added"], again["already_suppressed"]) == (0, 1)


def test_remove_is_recorded(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    add_json(run, "bob@example.org", "--reason", "unsubscribed")
    result = run("suppress", "remove", "BOB@example.org", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"kind": "email", "reason": "unsubscribed", "people": 1}
    assert suppressed_emails(db()) == []
    shown = json.loads(run("people", "show", "bob@example.org", "--json").stdout)
    assert shown["suppressed"] is None
    assert shown["history"][-1]["detail"] == {
        "action": "unsuppressed",
        "by": "email",
        "reason": "unsubscribed",
    }
    kept = db().execute("SELECT value, removed_at IS NOT NULL FROM suppressions").fetchall()
    assert kept == [("bob@example.org", 1)]
    missing = run("suppress", "remove", "bob@example.org")
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1
    assert "bob@" not in missing.stderr


def test_list_filters(run: Run, tmp_path: Path) -> None:
    add_json(run, "a@example.com", "b@example.com", "--reason", "bounced")
    add_json(run, "c@example.com", "--reason", "complaint")
    run("suppress", "remove", "a@example.com")

    def listed(*args: str) -> list[str]:
        result = run("suppress", "list", *args, "--json")
        assert result.exit_code == 0, result.stderr
        return [e["value"] for e in json.loads(result.stdout)]

    assert listed() == ["b@example.com", "c@example.com"]
    assert listed("--reason", "bounced") == ["b@example.com"]
    assert listed("--reason", "bounced", "--all") == ["a@example.com", "b@example.com"]
    entry = json.loads(run("suppress", "list", "--reason", "complaint", "--json").stdout)[0]
    assert set(entry) == {"id", "kind", "value", "reason", "note", "created_at", "removed_at"}
    assert (entry["kind"], entry["removed_at"]) == ("email", None)


def test_plain_one_column_list_without_header(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bounces.txt"
    path.write_text("x@example.com\ny@example.com\nz@example.com\n")
    report = add_json(run, str(path), "--reason", "bounced")
    assert (report["added"], report["skipped"]) == (3, 0)


def test_bad_values_and_reasons_exit_2(run: Run, tmp_path: Path) -> None:
    for args in (
        ("secret-person", "--reason", "bounced"),
        ("a@example.com", "--reason", "angry"),
        ("a@example.com",),
        ("@not a domain", "--reason", "bounced"),
    ):
        result = run("suppress", "add", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1, args
        assert "secret-person" not in result.stderr
    listed = run("suppress", "list", "--reason", "angry")
    assert listed.exit_code == 2 and listed.stderr.count("\n") == 1


def test_file_without_email_or_phone_column_exits_1(run: Run, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "names.csv", [["First Name", "Company"], ["Jane", "Acme"]])
    result = run("suppress", "add", str(path), "--reason", "unsubscribed")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "names.csv" in result.stderr


SALESFORCE_SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "salesforce_leads.csv"
OPTED_OUT = "mlemaitre@atelierlumiere.example.org"


def show_json(run: Run, who: str) -> dict[str, object]:
    result = run("people", "show", who, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_salesforce_email_opt_out_suppresses_the_lead(run: Run, db: Connect) -> None:
    report = import_json(run, str(SALESFORCE_SAMPLE))
    assert report["suppressed"] == 1
    suppressed = show_json(run, OPTED_OUT)["suppressed"]
    assert isinstance(suppressed, dict)
    assert suppressed["reason"] == "do-not-contact"
    assert suppressed["note"] == "opt-out column 'Email Opt Out' in salesforce_leads.csv"
    assert show_json(run, "megan@tidewaterpayments.example.net")["suppressed"] is None
    undone = run("imports", "undo", str(report["batch_id"]))
    assert undone.exit_code == 0, undone.stderr
    kept = db().execute("SELECT count(*) FROM suppressions WHERE value = ?", (OPTED_OUT,))
    assert kept.fetchone()[0] == 1  # an opt-out outlives the undo of its import


def test_opt_out_values(run: Run, db: Connect, tmp_path: Path) -> None:
    rows = [["Email", "Phone", "Do Not Contact"]]
    answers = ["1", "TRUE", "yes", "Y", "x", "Opted Out", "unsubscribed", "0", "no", "", "false"]
    for n, answer in enumerate(answers):
        rows.append([f"p{n}@example.com", f"(415) 555-01{n:02d}", answer])
    report = import_json(run, str(write_csv(tmp_path / "crm.csv", rows)))
    assert report["suppressed"] == 7
    conn = db()
    kinds = conn.execute(
        "SELECT kind, count(*) FROM suppressions WHERE reason = 'do-not-contact' GROUP BY kind"
    ).fetchall()
    assert sorted(kinds) == [("email", 7), ("phone", 7)]
    note = conn.execute("SELECT DISTINCT note FROM suppressions").fetchall()
    assert note == [("opt-out column 'Do Not Contact' in crm.csv",)]


def test_dry_run_suppresses_nothing(run: Run, db: Connect, tmp_path: Path) -> None:
    run("suppress", "add", "z@example.com", "--reason", "unsubscribed")  # the store exists
    path = write_csv(tmp_path / "crm.csv", [["Email", "Opt Out"], ["a@example.com", "yes"]])
    result = run("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert db().execute("SELECT count(*) FROM suppressions").fetchone()[0] == 1
