"""A postal list with columns leadtool has no field for, end to end: imported (a name with a
postal code is a person), its date of birth and member number compared and blocked on,
the reasons naming them.

The list: 700 people with a name, a postcode, a date of birth, a member number and an
industry (5 values); 150 of them written again with another first name or surname (a
married name, a nickname the table does not know) and the same date of birth and member
number; and namesakes in neighbouring postcodes with their own birth dates and numbers (in
one postcode the import joins them: name + postal code is its exact key).
"""

from __future__ import annotations

import json
from random import Random

import pytest
from typer.testing import CliRunner

from leadtool.cli import app
from leadtool.dedupe.score import DEFAULT_THRESHOLD
from leadtool.dedupe.service import Found, find
from leadtool.store.connection import open_store
from tests.conftest import write_csv

HEADER = ["First Name", "Last Name", "Postcode", "Date of Birth", "Member No", "Industry"]
FIRST = [
    "Ava",
    "Liam",
    "Noah",
    "Emma",
    "Mia",
    "Leo",
    "Zoe",
    "Ethan",
    "Ruby",
    "Oscar",
    "Isla",
    "Jack",
    "Chloe",
    "Max",
    "Lily",
    "Sam",
]
SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "vin",
    "dor",
    "sel",
    "bra",
    "tis",
    "mon",
    "gar",
    "fel",
    "ru",
    "ben",
    "ost",
    "har",
    "lin",
]


def _people(rng: Random) -> list[list[str]]:
    rows = []
    for i in range(700):
        last = "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
        dob = f"19{rng.randrange(30, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        rows.append(
            [rng.choice(FIRST), last, str(rng.randrange(2000, 2100)), dob, f"M{100000 + i}"]
        )
    for row in rows:
        row.append(rng.choice(["retail", "health", "finance", "farming", "mining"]))
    return rows


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> tuple[Found, dict[str, int]]:
    rng = Random(7)
    people = _people(rng)
    again = []
    for row in people[:150]:
        copy = list(row)
        if rng.random() < 0.5:
            copy[0] = rng.choice([f for f in FIRST if f != row[0]])
        else:
            copy[1] = "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
        again.append(copy)
    namesakes = [["Ada", "Okafor", "2050", "19700101", "M900001", "retail"]]
    namesakes.append(["Ada", "Okafor", "2051", "19851212", "M900002", "retail"])
    folder = tmp_path_factory.mktemp("custom")
    path = write_csv(folder / "postal.csv", [HEADER, *people, *again, *namesakes])
    db = folder / "store.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rejected"] == 0  # every row is a person
    store = open_store(db)
    try:
        ids = {
            f"{first} {last} {number}": int(pid)
            for pid, first, last, number in store.conn.execute(
                "SELECT id, first_name, last_name, json_extract(custom, '$.\"Member No\"') "
                "FROM people"
            )
        }
        return find(store, min_score=0.0), ids
    finally:
        store.close()


def test_the_varied_columns_are_compared(found: tuple[Found, dict[str, int]]) -> None:
    result, _ = found
    assert result.weights == "fitted"
    assert result.custom == ("Member No", "Date of Birth", "Industry")


def test_another_name_with_the_same_birth_date_and_number_is_one_person(
    found: tuple[Found, dict[str, int]],
) -> None:
    result, _ = found
    pairs = [p for p in result.pairs if p.score >= DEFAULT_THRESHOLD]
    assert len(pairs) >= 140  # of 150 written again under another name
    top = pairs[0]
    assert any(r.startswith("same Member No (+") for r in top.reasons)
    assert any(r.startswith("same Date of Birth (+") for r in top.reasons)


def test_namesakes_with_their_own_birth_dates_are_not(
    found: tuple[Found, dict[str, int]],
) -> None:
    result, ids = found
    a, b = ids["Ada Okafor M900001"], ids["Ada Okafor M900002"]
    score = result.score_of(a, b)
    assert score is not None and score < DEFAULT_THRESHOLD
    why = next(p.reasons for p in result.pairs if {p.a, p.b} == {a, b})
    assert any(r.startswith("different Date of Birth (-") for r in why)
