"""The whitelist of fields a --where expression may name, and the SQL each one reads.

Owns `FIELDS`, `lookup` and `field_names`. A field's SQL is a constant written here; the only
open-ended field, `custom.<key>`, reads its key through a bound parameter. Names are
case-insensitive. Kinds decide how values are read and which operators apply (see compiler.py).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from leadtool.filters.tokens import Token, where_error
from leadtool.normalize.fields import FilterKind, where_fields
from leadtool.store.people_table import DERIVED_SQL

Kind = Literal["text", "stage", "number", "date", "flags", "tag", "source", "custom"]

CUSTOM_PREFIX = "custom."
CUSTOM_HELP = "custom.<key>"


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    sql: str  # the column expression over `people`; for tag/source, the value column
    scope: str = ""  # tag/source: "SELECT <person id> FROM ... WHERE" to test the values
    upper: bool = False  # stored upper-case (country): compare exactly, so the index is used
    key: str | None = None  # custom.<key>: the spreadsheet header, bound as a parameter


_NAME_SQL = "trim(coalesce(people.first_name, '') || ' ' || coalesce(people.last_name, ''))"
_FIRST_SOURCE_SQL = "(SELECT b.source FROM batches b WHERE b.id = people.first_batch_id)"
# Tags and sources select the ids of the people that have a matching value, so SQLite drives
# the query from the small side (batches, the tags index) instead of walking every person.
_TAG_SCOPE = "SELECT t.person_id FROM tags t WHERE"
# CROSS JOIN fixes SQLite's join order: scan the few batches, then search their people.
_SOURCE_SCOPE = (
    "SELECT pb.person_id FROM batches b CROSS JOIN person_batches pb ON pb.batch_id = b.id WHERE"
)


def _registered(name: str, kind: FilterKind, field: str) -> Field:
    """A field of the person registry (normalize/fields.py), read from its column."""
    sql = DERIVED_SQL.get(field, f"people.{field}")
    if kind == "country":  # stored upper-case: compared exactly, so its index is used
        return Field(name, "text", sql, upper=True)
    return Field(name, kind, sql)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        *(_registered(name, kind, field) for name, (kind, field) in where_fields().items()),
        # Fields made of several columns or tables, written here.
        Field("name", "text", _NAME_SQL),
        Field("first_source", "text", _FIRST_SOURCE_SQL),
        Field("tag", "tag", "t.tag", scope=_TAG_SCOPE),
        Field("source", "source", "b.source", scope=_SOURCE_SCOPE),
    )
}


def field_names() -> list[str]:
    """Every field name, sorted, then `custom.<key>`: for help text and error messages."""
    return [*sorted(FIELDS), CUSTOM_HELP]


def lookup(token: Token) -> Field:
    """The field a word names; `custom.<key>` words are handled by the parser."""
    field = FIELDS.get(token.text.casefold())
    if field is None:
        raise _unknown(token)
    return field


def custom_field(key: str) -> Field:
    """The field for one key of the `custom` JSON (a spreadsheet header kept as it was)."""
    return Field(f"{CUSTOM_PREFIX}{key}", "custom", "", key=key)


def _unknown(token: Token) -> Exception:
    close = difflib.get_close_matches(token.text.casefold(), FIELDS, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    hint = "fields are: " + ", ".join(field_names())
    return where_error(f"unknown field {token.text!r}{guess}", token.column, hint)
