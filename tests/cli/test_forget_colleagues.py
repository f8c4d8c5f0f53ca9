"""Forgetting one person never erases the people who share a switchboard or role address.

The import keeps colleagues who share a phone or an info@ address apart (identity.exact);
`forget`, the next `cleanup` and later imports must follow the same identity rules.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.cleanup.helpers import cleanup_json, step
from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "LinkedIn"]
SWITCHBOARD = "+1 415 555 0134"
ANA = ["Ana", "Silva", "ana.silva@acme-corp.com", SWITCHBOARD, "Acme", ""]
# Ana again, by another row: her LinkedIn profile and her email make her one person.
ANA_AGAIN = ["Ana", "Silva", "ana.silva@acme-corp.com", "", "Acme", "linkedin.com/in/ana-silva-42"]
BEN = ["Ben", "Okafor", "ben.okafor@acme-corp.com", SWITCHBOARD, "Acme", ""]
CARA = ["Cara", "Lind", "info@acme-corp.com", SWITCHBOARD, "Acme", ""]
DAVE = ["Dave", "Moss", "info@acme-corp.com", "", "Acme", ""]


def colleagues(run: Run, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "acme.csv", [HEADER, ANA, BEN, CARA, DAVE, ANA_AGAIN])
    report = import_json(run, str(path), "--source", "Acme sheet")
    assert (report["new"], report["merged"]) == (4, 1), report


def people(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT first_name, last_name FROM people ORDER BY id").fetchall()


def raw_rows_of(conn: sqlite3.Connection, first: str) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM import_rows r JOIN people p ON p.id = r.person_id "
            "WHERE p.first_name = ?",
            (first,),
        ).fetchone()[0]
    )


def forget(run: Run, who: str) -> dict[str, object]:
    result = run("forget", who, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_forget_keeps_colleagues_and_their_raw_rows(run: Run, db: Connect, tmp_path: Path) -> None:
    colleagues(run, tmp_path)
    forget(run, "ana.silva@acme-corp.com")
    conn = db()
    assert people(conn) == [("Ben", "Okafor"), ("Cara", "Lind"), ("Dave", "Moss")]
    assert [raw_rows_of(conn, name) for name in ("Ben", "Cara", "Dave")] == [1, 1, 1]
    phones = conn.execute("SELECT count(*) FROM person_keys WHERE kind = 'phone'").fetchone()
    assert phones == (2,)  # Ben's and Cara's switchboard keys are still there


def test_cleanup_after_forget_reforgets_nobody(run: Run, db: Connect, tmp_path: Path) -> None:
    colleagues(run, tmp_path)
    forget(run, "ana.silva@acme-corp.com")
    report = cleanup_json(run, "--only", "suppress")
    assert step(report, "suppress")["counts"]["reforgotten"] == 0
    assert people(db()) == [("Ben", "Okafor"), ("Cara", "Lind"), ("Dave", "Moss")]


def test_forgetting_a_role_address_holder_keeps_the_other(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    colleagues(run, tmp_path)
    cara = db().execute("SELECT id FROM people WHERE first_name = 'Cara'").fetchone()[0]
    forget(run, str(cara))
    cleanup_json(run, "--only", "suppress")
    conn = db()
    assert people(conn) == [("Ana", "Silva"), ("Ben", "Okafor"), ("Dave", "Moss")]
    assert raw_rows_of(conn, "Dave") == 1
    back = write_csv(
        tmp_path / "role.csv", [HEADER, ["Eve", "Park", "info@acme-corp.com", "", "Acme", ""]]
    )
    assert import_json(run, str(back))["new"] == 1  # another holder of info@ is welcome
    again = write_csv(tmp_path / "cara.csv", [HEADER, CARA])
    assert import_json(run, str(again))["rejected"] == 1  # Cara herself is not


def test_new_colleague_welcome_forgotten_person_refused(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    colleagues(run, tmp_path)
    forget(run, "ana.silva@acme-corp.com")
    cleanup_json(run, "--only", "suppress")
    fay = ["Fay", "Ng", "fay.ng@acme-corp.com", SWITCHBOARD, "Acme", ""]
    report = import_json(run, str(write_csv(tmp_path / "fay.csv", [HEADER, fay])))
    assert (report["new"], report["rejected"]) == (1, 0)
    back = [
        ANA,  # by her email
        ["Ana", "Silva", "", "", "", "https://www.linkedin.com/in/ana-silva-42/"],  # by LinkedIn
        ["Ana", "Silva", "", SWITCHBOARD, "Acme", ""],  # by the switchboard, with her name
    ]
    report = import_json(run, str(write_csv(tmp_path / "ana.csv", [HEADER, *back])))
    assert (report["new"], report["rejected"]) == (0, 3)
    assert db().execute("SELECT count(*) FROM people WHERE first_name = 'Ana'").fetchone() == (0,)
    assert cleanup_json(run, "--only", "suppress")["steps"][0]["counts"]["reforgotten"] == 0


def test_cleanup_still_reforgets_the_person_who_came_back(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    colleagues(run, tmp_path)
    forget(run, "ana.silva@acme-corp.com")
    conn = db()
    # Ana back by a way the import's check does not see (a restored copy), with the phone.
    conn.execute(
        "INSERT INTO people (id, first_name, last_name, name_key, stage, created_at, "
        "updated_at, norm_version) VALUES (99, 'Ana', 'Silva', "
        "(SELECT 'ana silva'), 'lead', 'x', 'x', 1)"
    )
    conn.execute("INSERT INTO person_keys VALUES ('phone', '+14155550134', 99, NULL)")
    conn.commit()
    report = cleanup_json(run, "--only", "suppress")
    assert step(report, "suppress")["counts"]["reforgotten"] == 1
    assert people(conn) == [("Ben", "Okafor"), ("Cara", "Lind"), ("Dave", "Moss")]


def test_a_legacy_hash_of_a_switchboard_erases_nobody(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    """A store that forgot someone before the identity rule holds a hash of the bare phone:
    cleanup never erases the colleagues on it; an import still refuses a row with it."""
    from leadtool.normalize.keyhash import keyed_hash
    from leadtool.store.settings import store_secret

    colleagues(run, tmp_path)
    conn = db()
    secret = store_secret(conn) or ""
    conn.execute(
        "INSERT INTO suppressions (kind, value, reason, note, created_at) "
        "VALUES ('hash', ?, 'forgotten', NULL, 'x')",
        (keyed_hash(secret, "+14155550134"),),
    )
    conn.commit()
    report = cleanup_json(run, "--only", "suppress")
    assert step(report, "suppress")["counts"]["reforgotten"] == 0
    assert len(people(conn)) == 4
    gil = ["Gil", "Oz", "gil@acme-corp.com", SWITCHBOARD, "Acme", ""]
    assert import_json(run, str(write_csv(tmp_path / "g.csv", [HEADER, gil])))["rejected"] == 1


def test_forgetting_a_nameless_person_keeps_a_nameless_colleague(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    """No names on either: the import keeps them apart by their emails; so must forget."""
    header = ["Email", "Phone", "Company"]
    rows = [
        ["alice@acme.com", "+1 415 555 0100", "Acme"],
        ["bob@acme.com", "+1 415 555 0100", "Acme"],
    ]
    import_json(run, str(write_csv(tmp_path / "nameless.csv", [header, *rows])))
    forget(run, "alice@acme.com")
    assert step(cleanup_json(run, "--only", "suppress"), "suppress")["counts"]["reforgotten"] == 0
    emails = [r[0] for r in db().execute("SELECT email FROM people")]
    assert emails == ["bob@acme.com"]
    carol = write_csv(
        tmp_path / "carol.csv", [header, ["carol@acme.com", "+1 415 555 0100", "Acme"]]
    )
    assert import_json(run, str(carol))["new"] == 1


def test_a_switchboard_written_with_its_trunk_zero_keeps_the_colleagues_rows(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    header = ["First Name", "Last Name", "Email", "Phone", "Company", "Country"]
    rows = [
        ["Alice", "Hart", "alice@acme.co.uk", "020 7946 0000", "Acme", "GB"],
        ["Bob", "Moss", "bob@acme.co.uk", "020 7946 0000", "Acme", "GB"],
    ]
    import_json(run, str(write_csv(tmp_path / "gb.csv", [header, *rows])))
    forget(run, "alice@acme.co.uk")
    assert raw_rows_of(db(), "Bob") == 1


def test_an_address_inside_another_is_not_that_address(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    header = ["First Name", "Last Name", "Email", "Company"]
    rows = [
        ["Jo", "Ray", "jo@acme.com", "Acme"],
        ["Bjorn", "Dahl", "bjo@acme.com", "Acme"],
        ["Jo", "Ann", "jo@acme.com.au", "Acme AU"],
    ]
    import_json(run, str(write_csv(tmp_path / "jo.csv", [header, *rows])))
    forget(run, "jo@acme.com")
    conn = db()
    assert [raw_rows_of(conn, name) for name in ("Bjorn",)] == [1]
    assert conn.execute("SELECT count(*) FROM import_rows").fetchone() == (2,)
