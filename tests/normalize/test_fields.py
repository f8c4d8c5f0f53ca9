"""The person field registry holds against the schema and every list derived from it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadtool.filters import compile_where
from leadtool.normalize import fields as registry
from leadtool.normalize.columns import FIELDS as MAPPABLE
from leadtool.normalize.columns import ColumnMap
from leadtool.normalize.record import RowNormaliser, RowOptions
from leadtool.store.connection import open_store
from leadtool.store.exports import COLUMN_SQL


def people_columns(tmp_path: Path) -> list[str]:
    store = open_store(tmp_path / "fresh.db")
    return [r[1] for r in store.conn.execute("PRAGMA table_info(people)")]


def test_registry_columns_are_the_schema(tmp_path: Path) -> None:
    """A field added to the registry needs its migration, and a migration its entry."""
    assert sorted(registry.PEOPLE_COLUMNS) == sorted(people_columns(tmp_path))


def test_every_field_named_once() -> None:
    names = [f.name for f in registry.PERSON_FIELDS]
    assert len(names) == len(set(names))
    where = [f.where_name or f.name for f in registry.PERSON_FIELDS if f.where]
    assert len(where) == len(set(where))


def test_merge_groups_hold_columns_led_by_a_mapped_field() -> None:
    for group in registry.merge_groups():
        assert all(registry.BY_NAME[n].column for n in group), group
        assert registry.BY_NAME[group[0]].mapped, group


def test_exported_fields_can_be_read(tmp_path: Path) -> None:
    """Each field of the generic export is a people column or a derived field of the export."""
    for name in registry.EXPORTED_FIELDS:
        assert registry.BY_NAME[name].column or name in COLUMN_SQL, name


@pytest.mark.parametrize("field", [f for f in registry.PERSON_FIELDS if f.where])
def test_every_filterable_field_compiles(field: registry.PersonField) -> None:
    name = field.where_name or field.name
    value = {"number": "1", "date": "2026-01-01", "stage": "lead", "flags": "role"}.get(
        field.where or "", "x"
    )
    compiled = compile_where(f"{name} = {value}", now=datetime(2026, 12, 2, tzinfo=UTC))
    assert compiled.sql


def test_mapped_fields_are_what_a_column_may_map_to() -> None:
    assert set(MAPPABLE) == {f.name for f in registry.PERSON_FIELDS if f.mapped}


def test_every_plain_text_field_is_read_by_the_import() -> None:
    """A text field added to the registry is mapped and tidied with no other change."""
    names = ["email", *registry.TEXT_FIELDS]
    colmap = ColumnMap(fields=dict(enumerate(names)), custom={}, ignored=(), profile=None)
    row = RowNormaliser(names, colmap, RowOptions())(
        2, ["a@example.com"] + ["  two  words "] * len(registry.TEXT_FIELDS)
    )
    assert all(row.fields[name] == "two words" for name in registry.TEXT_FIELDS), row.fields
