"""A row's trip back from a worker (imports.wire) loses nothing the writing process uses."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from leadtool.imports.apply import with_values
from leadtool.imports.wire import from_wire, restore, to_wire
from leadtool.normalize.columns import map_columns
from leadtool.normalize.record import PersonRow, RowNormaliser, RowOptions
from leadtool.readers import open_table

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLES = sorted(p for p in SAMPLE_DATA.iterdir() if p.suffix != ".md")
SENT = ("row_number", "reject", "raw", "keys", "values", "flags", "tags", "opt_out")
REBUILT = ("fields", "custom", "invalid", "emails", "phones")


def _normalised(path: Path) -> list[PersonRow]:
    table = open_table(path)
    rows = list(itertools.islice(table.rows, 500))
    colmap = map_columns(table.header, {}, [cells for _, cells in rows[:50]])
    normalise = RowNormaliser(table.header, colmap, RowOptions())
    return [with_values(normalise(n, cells)) for n, cells in rows]


def _round_trip(row: PersonRow) -> PersonRow:
    return restore(from_wire(to_wire(row)))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_row_comes_back_whole(path: Path) -> None:
    rows = _normalised(path)
    assert rows
    for row in rows:
        back = _round_trip(row)
        assert [getattr(back, a) for a in SENT] == [getattr(row, a) for a in SENT]
        if row.reject is None:
            assert [getattr(back, a) for a in REBUILT] == [getattr(row, a) for a in REBUILT]
        assert not back.slim


def test_everything_a_merge_reads_is_rebuilt() -> None:
    header = [
        "Email",
        "Phone",
        "Mobile",
        "First Name",
        "Company",
        "Lifecycle Stage",
        "Team",
        "Country",
    ]
    colmap = map_columns(header, {}, [])
    normalise = RowNormaliser(header, colmap, RowOptions())
    cells = [
        "info@acme.example.com, jo@acme.example.com",
        "+1 415 555 0134",
        "not a phone",
        "JO",
        "Acme",
        "MQL",
        "red",
        "Atlantis",  # an unknown country: kept as the raw value in `invalid`
    ]
    row = with_values(normalise(7, cells))
    assert row.custom and row.invalid and row.fields["stage"] == "mql"  # the case to cover
    assert len(row.emails) == 2 and row.keys[0][0] == "role_email"

    slim = from_wire(to_wire(row))
    assert slim.slim and slim.fields == {"stage": "mql"} and not slim.emails
    assert slim.values == row.values and slim.keys == row.keys  # enough to insert someone new

    back = restore(slim)
    assert (back.fields, back.custom, back.invalid) == (row.fields, row.custom, row.invalid)
    assert (back.emails, back.phones) == (row.emails, row.phones)
    assert restore(back) is back and back.fields == row.fields  # a second restore changes nothing


def test_a_rejected_row_travels_as_its_cells_and_reason() -> None:
    header = ["Email", "Notes"]
    normalise = RowNormaliser(header, map_columns(header, {}, []), RowOptions())
    row = with_values(normalise(3, ["not-an-email", "met at the fair"]))
    assert row.reject is not None
    back = _round_trip(row)
    assert (back.reject, back.raw, back.row_number) == (row.reject, row.raw, 3)
    assert not back.slim
