"""Tags from one cell (Mailchimp quoted lists, Google labels, plain lists) and through imports."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.tags import split_tags, tag_key
from tests.conftest import Run, write_csv

Connect = Callable[[], sqlite3.Connection]
SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("webinar", ["webinar"]),
        ("webinar, demo", ["webinar", "demo"]),
        ("webinar; demo | vip", ["webinar", "demo", "vip"]),
        ("  big   fish ,, ", ["big fish"]),
        # Mailchimp's TAGS cell: a CSV line inside the cell, each tag quoted.
        ('"Newsletter"', ["Newsletter"]),
        ('"Newsletter","Webinar: Q1 2026"', ["Newsletter", "Webinar: Q1 2026"]),
        ('"Newsletter", "Webinar: Q1 2026"', ["Newsletter", "Webinar: Q1 2026"]),
        ('"Webinar, Q1","VIP"', ["Webinar, Q1", "VIP"]),  # a quoted comma stays in its tag
        ('"Say ""hi""",VIP', ['Say "hi"', "VIP"]),
        # Google Contacts' Labels: " ::: " between labels, system labels start with "* ".
        ("* myContacts", []),
        ("* myContacts ::: Clients", ["Clients"]),
        ("* starred ::: * myContacts ::: Conference 2024", ["Conference 2024"]),
        ("Clients ::: Partners, EU", ["Clients", "Partners, EU"]),
        # One tag once, whatever its case or quotes: the first spelling is kept.
        ("Newsletter, newsletter, NEWSLETTER", ["Newsletter"]),
        ('"Newsletter",newsletter', ["Newsletter"]),
        ("'VIP', vip", ["VIP"]),
        ("“VIP”", ["VIP"]),
        ('"', []),
        ("", []),
    ],
)
def test_split_tags(raw: str, expected: list[str]) -> None:
    assert split_tags(raw) == expected


def test_tag_key_is_the_casefold_the_store_compares_with() -> None:
    assert tag_key("Straße") == tag_key("STRASSE") == "strasse"
    assert tag_key("VIP") == tag_key("vip")


@given(st.text(alphabet="abAB ,;|\"':*", max_size=30))
def test_tags_never_repeat_ignoring_case(raw: str) -> None:
    tags = split_tags(raw)
    assert len({tag_key(t) for t in tags}) == len(tags)
    for tag in tags:
        assert tag and tag == tag.strip() and not (tag[0] == tag[-1] == '"')
        assert tag[0] != '"' or '"' in tag[1:]  # a quote at the edge only with its partner


@given(st.text(alphabet="abAB ;|\"'“”*", max_size=20))
def test_tags_joined_as_exports_write_them_read_back(raw: str) -> None:
    tags = split_tags(raw)
    if not any(mark in tag for tag in tags for mark in ',;|"'):  # a separator inside a tag
        assert split_tags(", ".join(tags)) == tags


def _tags(conn: sqlite3.Connection, email: str) -> list[str]:
    rows = conn.execute(
        "SELECT tag FROM tags JOIN people ON people.id = tags.person_id "
        "WHERE people.email = ? ORDER BY tag",
        (email,),
    )
    return [r[0] for r in rows]


def _import(run: Run, *args: str) -> None:
    result = run("import", *args, "--json")
    assert result.exit_code == 0, result.stderr


def test_mailchimp_sample_tags_are_found_by_where(run: Run, db: Connect) -> None:
    _import(run, str(SAMPLES / "mailchimp_audience.csv"))
    conn = db()
    assert _tags(conn, "rachel.hayes@summitmedia.example.org") == [
        "Newsletter",
        "Webinar: Q1 2024",
    ]
    assert conn.execute("SELECT count(*) FROM tags WHERE tag LIKE '%\"%'").fetchone()[0] == 0
    result = run("people", "list", "--where", "tag = Newsletter", "--json")
    assert result.exit_code == 0, result.stderr
    assert "hannah.hart.fake@outlook.com" in [p["email"] for p in json.loads(result.stdout)]


def test_google_sample_keeps_user_labels_only(run: Run, db: Connect) -> None:
    _import(run, str(SAMPLES / "google_contacts.csv"))
    conn = db()
    tags = {r[0] for r in conn.execute("SELECT DISTINCT tag FROM tags")}
    assert tags and not any(t.startswith("*") or ":::" in t for t in tags)
    assert _tags(conn, "isla@thistleenergy.example.com") == ["Clients"]


def test_a_person_never_carries_one_tag_in_two_cases(run: Run, db: Connect, tmp_path: Path) -> None:
    header = ["Email", "Tags"]
    first = write_csv(tmp_path / "a.csv", [header, ["ann@acme.example.com", "Newsletter"]])
    second = write_csv(
        tmp_path / "b.csv",
        [
            header,
            ["ann@acme.example.com", '"newsletter","VIP"'],
            ["bob@acme.example.com", "newsletter"],  # new: --tag's spelling comes first
        ],
    )
    _import(run, str(first))
    _import(run, str(second), "--tag", "NEWSLETTER")
    conn = db()
    assert _tags(conn, "ann@acme.example.com") == ["Newsletter", "VIP"]
    assert _tags(conn, "bob@acme.example.com") == ["NEWSLETTER"]


def test_merged_people_keep_one_spelling_of_a_tag(run: Run, db: Connect, tmp_path: Path) -> None:
    header = ["Email", "Tags"]
    _import(run, str(write_csv(tmp_path / "a.csv", [header, ["ann@acme.example.com", "VIP"]])))
    _import(run, str(write_csv(tmp_path / "b.csv", [header, ["ann@home.example.net", "vip"]])))
    # One row names both addresses: the two stored people are one person.
    both = [header, ["ann@acme.example.com, ann@home.example.net", ""]]
    _import(run, str(write_csv(tmp_path / "c.csv", both)))
    conn = db()
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 1
    assert [r[0] for r in conn.execute("SELECT tag FROM tags")] == ["VIP"]
