"""The columns of `people` that the code reads and writes as a whole record.

The columns are the registry's (normalize/fields.py); this module shapes the SQL from them.

A person's contact counters live in `contacts` (migration 0006): see CONTACT_FIELDS.
"""

from __future__ import annotations

from leadtool.normalize import fields
from leadtool.store.purchases import PURCHASE_SQL
from leadtool.store.scores import SCORE_SQL

PEOPLE_COLUMNS: tuple[str, ...] = fields.PEOPLE_COLUMNS
_COLS = ", ".join(PEOPLE_COLUMNS)
UPDATE_PERSON = (
    "UPDATE people SET " + ", ".join(f"{c} = ?" for c in PEOPLE_COLUMNS[1:]) + " WHERE id = ?"
)
SELECT_PEOPLE = f"SELECT {_COLS} FROM people"

# Inserting a person: the columns in the order an import has them, i.e. what the row says
# (ROW_COLUMNS, which the import's worker processes put in order), then what the import
# stamps on it.
IMPORT_STAMPS: tuple[str, ...] = fields.IMPORT_STAMPS
ROW_COLUMNS: tuple[str, ...] = tuple(
    c for c in PEOPLE_COLUMNS if c != "id" and c not in IMPORT_STAMPS
)
INSERT_COLUMNS: tuple[str, ...] = ("id", *ROW_COLUMNS, *IMPORT_STAMPS)
INSERT_PERSON = (
    f"INSERT INTO people ({', '.join(INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in INSERT_COLUMNS)})"
)

# The fields of `contacts` under the names people know them by (`--where`, `people show`,
# export columns), and the SQL reading each for the person `people.id`.
CONTACT_SQL: dict[str, str] = {
    "contacted_count": (
        "coalesce((SELECT c.count FROM contacts c WHERE c.person_id = people.id), 0)"
    ),
    "last_contacted": "(SELECT c.last_at FROM contacts c WHERE c.person_id = people.id)",
}
CONTACT_FIELDS: tuple[str, ...] = tuple(CONTACT_SQL)

# Every field that is not a people column but reads as one (--where, export columns,
# `people show`): contact counters, scores and statuses, what they bought.
DERIVED_SQL: dict[str, str] = {**CONTACT_SQL, **SCORE_SQL, **PURCHASE_SQL}
QUALIFICATION_FIELDS: tuple[str, ...] = (*SCORE_SQL, *PURCHASE_SQL)
