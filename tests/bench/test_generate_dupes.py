"""The duplicate generator's mixes: the default list is unchanged, a mix writes what it says."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from bench.generate import COLUMNS
from bench.generate_dupes import FULL_NAME, Mix, generate_dupes

ROWS = 1500


def _read(path: Path) -> tuple[list[dict[str, str]], dict[int, list[int]]]:
    csv_path, truth = generate_dupes(ROWS, path, seed=5, mix=_MIXES[path.stem])
    with csv_path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    groups: dict[int, list[int]] = defaultdict(list)
    with truth.open(newline="") as fh:
        for row, entity in list(csv.reader(fh))[1:]:
            groups[int(entity)].append(int(row) - 1)
    return rows, groups


_MIXES = {
    "default": Mix(),
    "full": Mix(full_name_only=1.0, last_first=0.5),
    "phone": Mix(other_phone=1.0, no_phone=0.0),
}


def test_the_default_mix_has_no_full_name_column(tmp_path: Path) -> None:
    rows, _ = _read(tmp_path / "default.csv")
    assert tuple(rows[0]) == COLUMNS


def test_full_name_only_duplicates_carry_the_name_in_one_cell(tmp_path: Path) -> None:
    rows, groups = _read(tmp_path / "full.csv")
    assert tuple(rows[0]) == (*COLUMNS, FULL_NAME)
    later = [rows[i] for ids in groups.values() for i in ids[1:]]
    assert later
    with_names = [r for r in later if r[FULL_NAME]]
    assert len(with_names) > 0.8 * len(later)  # rows whose name had both parts
    assert all(not r["First Name"] and not r["Last Name"] for r in with_names)
    firsts = {rows[ids[0]]["First Name"].casefold() for ids in groups.values()}
    led_by_first = sum(r[FULL_NAME].split()[0].casefold() in firsts for r in with_names)
    assert 0.2 < led_by_first / len(with_names) < 0.8  # about half "Last First"


def test_other_phone_duplicates_never_repeat_the_first_number(tmp_path: Path) -> None:
    rows, groups = _read(tmp_path / "phone.csv")
    digits = [
        ("".join(filter(str.isdigit, rows[ids[0]]["Phone"])), rows[i]["Phone"])
        for ids in groups.values()
        for i in ids[1:]
        if rows[ids[0]]["Phone"]
    ]
    assert digits
    assert all(first != "".join(filter(str.isdigit, other)) for first, other in digits)


def test_each_row_says_how_it_was_changed(tmp_path: Path) -> None:
    from bench.generate_dupes import changes_path

    rows, groups = _read(tmp_path / "full.csv")
    with changes_path(tmp_path / "full.csv").open(newline="") as fh:
        changes = [text for _, text in list(csv.reader(fh))[1:]]
    assert len(changes) == ROWS
    firsts = {ids[0] for ids in groups.values()}
    assert all(not changes[i] for i in firsts)  # a person's first row is as they are
    full = [i for i, row in enumerate(rows) if row[FULL_NAME]]
    assert full
    assert all("only a full name" in changes[i] for i in full)
