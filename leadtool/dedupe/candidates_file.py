"""The candidates spreadsheet: pairs written to CSV for review, and the reviewed file read back.

Columns: decision (filled in by the reviewer: merge, not the same, or blank), score, id_a,
id_b, reasons, then name, email, company, phone, city and title of both people. Every
cell is neutralised against formula injection (safecells). Reading checks every row before
anything is applied; a bad cell is an error naming the file, row and column.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from leadtool.dedupe.decisions import WRITTEN, Decision, parse_decision
from leadtool.dedupe.score import Scored
from leadtool.errors import InputFileError
from leadtool.readers.sniff import check_path
from leadtool.safecells import neutralise

SHOWN = ("name", "email", "company", "phone", "city", "title")
HEADER = (
    "decision",
    "score",
    "id_a",
    "id_b",
    "reasons",
    *(f"{field}_{side}" for field in SHOWN for side in ("a", "b")),
)
REQUIRED = ("decision", "id_a", "id_b")


@dataclass(frozen=True)
class FileDecision:
    row: int
    a: int
    b: int
    decision: Decision


def write_candidates(
    path: Path, pairs: Sequence[Scored], people: Mapping[int, Mapping[str, str]]
) -> int:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for pair in pairs:
            a, b = people.get(pair.a, {}), people.get(pair.b, {})
            shown = [_field(p, f) for f in SHOWN for p in (a, b)]
            cells = ["", f"{pair.score:.4f}", str(pair.a), str(pair.b), "; ".join(pair.reasons)]
            out.writerow([neutralise(c) for c in (*cells, *shown)])
    return len(pairs)


def _field(person: Mapping[str, str], name: str) -> str:
    if name == "name":
        return " ".join(p for p in (person.get("first_name"), person.get("last_name")) if p)
    return person.get(name, "")


def read_decisions(path: Path) -> list[FileDecision]:
    """Every row's decision; blank rows are skipped. Raises InputFileError on a bad cell."""
    check_path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(
            path, f"cannot be read as a UTF-8 CSV ({type(exc).__name__})"
        ) from None
    if not rows:
        raise InputFileError(path, "is empty; expected the file `dedupe --export-candidates` wrote")
    header = [h.strip().casefold() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputFileError(path, f"no {', '.join(missing)} column", row=1)
    where = {name: header.index(name) for name in REQUIRED}
    return [d for n, cells in enumerate(rows[1:], start=2) if (d := _row(path, n, cells, where))]


def _row(path: Path, n: int, cells: list[str], where: dict[str, int]) -> FileDecision | None:
    def cell(name: str) -> str:
        i = where[name]
        return cells[i].strip() if i < len(cells) else ""

    if not any(c.strip() for c in cells):
        return None
    decision = parse_decision(cell("decision"))
    if decision is None:
        raise InputFileError(path, f"not a decision; write {WRITTEN}", row=n, column="decision")
    ids = [_id(path, n, name, cell(name)) for name in ("id_a", "id_b")]
    if ids[0] == ids[1]:
        raise InputFileError(path, "id_a and id_b are the same person", row=n, column="id_b")
    return FileDecision(n, ids[0], ids[1], decision)


def _id(path: Path, n: int, column: str, text: str) -> int:
    digits = text.lstrip("'")
    if not digits.isdigit() or not digits.isascii():
        raise InputFileError(path, "not a person id (a whole number)", row=n, column=column)
    return int(digits)
