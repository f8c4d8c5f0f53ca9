"""Every bad input gets one line naming the file, a non-zero exit, and an unchanged store."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, count

Connect = Callable[[], sqlite3.Connection]
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _header_only(p: Path) -> None:
    p.write_text("Email,First Name\n")


def _garbage(p: Path) -> None:
    p.write_bytes(bytes(range(256)) * 40)


def _no_identity(p: Path) -> None:
    p.write_text("Colour,Size\nred,3\nblue,4\n")


def _encrypted(p: Path) -> None:
    p.write_bytes(OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600)


def _corrupt_xlsx(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<not-a-workbook")


def _unclosed_quote(p: Path) -> None:
    rows = [f"p{i}@example.com,Person {i}" for i in range(300)]
    rows[4] = 'p4@example.com,"Person 4'  # the quote is never closed
    p.write_text("Email,Name\n" + "\n".join(rows) + "\n")


BAD = [
    ("empty.csv", _empty, "empty"),
    ("unclosed.csv", _unclosed_quote, "row 6: opens a quote"),
    ("header.csv", _header_only, "no data rows"),
    ("garbage.csv", _garbage, "not a spreadsheet"),
    ("colours.csv", _no_identity, "no column identifies a person"),
    ("secret.xlsx", _encrypted, "password-protected"),
    ("broken.xlsx", _corrupt_xlsx, "damaged"),
]


@pytest.mark.parametrize(("name", "make", "says"), BAD, ids=[b[0] for b in BAD])
def test_bad_file(
    run: Run, db: Connect, tmp_path: Path, name: str, make: Callable[[Path], None], says: str
) -> None:
    import_json(run, str(people_file(tmp_path)))
    before = [count(db(), t) for t in ("people", "batches", "rejects")]
    path = tmp_path / name
    make(path)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and name in result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert [count(db(), t) for t in ("people", "batches", "rejects")] == before


def test_missing_file(run: Run, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_forced_wrong_encoding_names_the_row(run: Run, db: Connect, tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("Email\r\nzoë@example.com\r\n".encode("latin-1"))
    result = run("import", str(path), "--encoding", "utf-8")
    assert result.exit_code == 1
    assert "utf-8" in result.stderr and "row 2" in result.stderr
    assert "zoë" not in result.stderr


def test_cp1252_file_is_read_without_asking(run: Run, db: Connect, tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes("Email;Prénom;Société\r\nrene@example.com;René;Crédit €\r\n".encode("cp1252"))
    report = import_json(run, str(path))
    assert report["encoding"] == "cp1252" and report["new"] == 1
    assert db().execute("SELECT first_name, company FROM people").fetchone() == ("René", "Crédit €")


def test_quoted_line_breaks_under_the_limit_still_import(run: Run, tmp_path: Path) -> None:
    note = "\n".join(f"line {i}" for i in range(40))
    path = tmp_path / "notes.csv"
    path.write_text(f'Email,Notes\na@example.com,"{note}"\nb@example.com,short\n')
    report = import_json(run, str(path))
    assert report["new"] == 2 and report["rejected"] == 0


@pytest.mark.parametrize(
    ("header", "row", "people"),
    [
        ("First Name,Last Name,Postcode", "Ada,Okafor,4011", 1),  # a postal list
        ("First Name,Last Name,Company", "Ada,Okafor,Acme", 1),  # a conference badge
        ("First Name,Last Name,City", "Ada,Okafor,Leeds", None),  # nobody can be told apart
    ],
)
def test_a_name_needs_a_company_or_a_postal_code(
    run: Run, db: Connect, tmp_path: Path, header: str, row: str, people: int | None
) -> None:
    path = tmp_path / "names.csv"
    path.write_text(f"{header}\n{row}\n")
    result = run("import", str(path))
    if people is None:
        assert result.exit_code != 0 and "no column identifies a person" in result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        assert count(db(), "people") == people
