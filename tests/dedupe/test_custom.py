"""Which of the list's own columns dedupe compares and blocks on, decided by their spread."""

from __future__ import annotations

import pytest

from leadtool.dedupe.blocking import Blocks, candidate_pairs, keys
from leadtool.dedupe.custom import SLOTS, Column, CustomColumns, choose
from leadtool.dedupe.record import make_rec


@pytest.mark.parametrize(
    ("why", "columns", "names", "blocking"),
    [
        (
            "a date of birth and an id block; an industry is compared only",
            [
                Column("industry", 950, 25),
                Column("date_of_birth", 900, 800),
                Column("member_no", 1000, 990),
            ],
            ("member_no", "date_of_birth", "industry"),
            (0, 1),
        ),
        ("a column filled on under 10% of people is left out", [Column("notes", 90, 90)], (), ()),
        ("a column of one value says nothing", [Column("source", 1000, 1)], (), ()),
        ("3 people a value on average still blocks", [Column("id", 300, 100)], ("id",), (0,)),
        ("more than 3 does not", [Column("street_no", 301, 100)], ("street_no",), ()),
        (
            "at most SLOTS columns, the most varied first",
            [Column(f"c{i}", 1000, 10 + i) for i in range(SLOTS + 2)],
            tuple(f"c{i}" for i in range(SLOTS + 1, 1, -1)),
            (),
        ),
    ],
)
def test_choose(
    why: str, columns: list[Column], names: tuple[str, ...], blocking: tuple[int, ...]
) -> None:
    assert choose(columns, 1000) == CustomColumns(names, blocking), why


def _rec(pid: int, first: str, last: str, dob: str, industry: str) -> object:
    custom = [("date_of_birth", dob), ("industry", industry)]
    return make_rec(pid, {"first_name": first, "last_name": last}, custom=custom)


def test_a_blocking_column_brings_rows_together_whatever_their_names() -> None:
    people = [
        _rec(1, "Kayla", "Harrington", "19150612", "retail"),
        _rec(2, "Kaylah", "Stevens", "19150612", "retail"),  # a married name, say
        _rec(3, "Liam", "Young", "19800101", "retail"),
    ]
    blocks = Blocks.empty(custom=(0,))  # date_of_birth blocks, industry does not
    for r in people:
        blocks.add(r)  # type: ignore[arg-type]
    assert set(candidate_pairs(blocks)) == {(1, 2)}
    assert not any(k.startswith("k|") for k in keys(people[0]))  # type: ignore[arg-type]
    assert "k|0|19150612" in keys(people[0], (0,))  # type: ignore[arg-type]


def test_an_empty_value_is_no_key() -> None:
    r = _rec(1, "Kayla", "Harrington", "", "retail")
    assert not any(k.startswith("k|") for k in keys(r, (0,)))  # type: ignore[arg-type]
